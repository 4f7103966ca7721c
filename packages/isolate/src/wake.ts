/**
 * The host's half of a worker's quick wake-up: a counter in shared memory that the host bumps
 * (and notifies) after each message it posts, so a worker waiting on it with `Atomics.wait`
 * wakes at once, without its event loop's round through the poller. The messages themselves
 * still travel on the worker's port; the counter only says that one was posted.
 */
export class WakeCounter {
  /** What the worker gets in its `workerData` (shared, not copied). */
  readonly buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  readonly #cells = new Int32Array(this.buffer);

  /** Tells a waiting worker that a message was posted to it. Call after `postMessage`. */
  ring(): void {
    Atomics.add(this.#cells, 0, 1);
    Atomics.notify(this.#cells, 0, 1);
  }
}
