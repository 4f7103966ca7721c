/**
 * Seeded randomness: the same seed gives the same dataset and the same server faults on every
 * run and machine.
 */

/** A 32-bit integer hash of two numbers (murmur3's finaliser over a simple mix). */
export function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) decided only by `seed` and `n`. */
export function unitFor(seed: number, n: number): number {
  return hash32(seed, n) / 2 ** 32;
}

/** A small, fast seeded generator (mulberry32): `next()` gives numbers in [0, 1). */
export function createRandom(seed: number): { next(): number; int(maxExclusive: number): number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return { next, int: (maxExclusive) => Math.floor(next() * maxExclusive) };
}
