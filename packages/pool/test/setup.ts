// p-retry is loaded on a pool's first create retry, in real time. Loading it once up front keeps
// manual-clock tests of retries independent of how long module loading takes.
await import('p-retry');
