/** A function that forces a full garbage collection, when the runtime exposes one. */
export type GcFunction = () => void;

/** `globalThis.gc` when node runs with `--expose-gc`, else `undefined`. */
export function exposedGc(): GcFunction | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as GcFunction) : undefined;
}

/** Explains how to expose the garbage collector; used in reports when it is missing. */
export const GC_UNAVAILABLE =
  'garbage collection is not exposed, so memory cannot be measured reliably: run node with ' +
  '--expose-gc (in vitest: `test: { execArgv: ["--expose-gc"] }`) or pass `gc` to the framework';

/**
 * Memory in use, in bytes, after forcing GC (several passes, so weak references are cleared
 * too): the JS heap plus memory held outside it for it (`external`: ArrayBuffer and Buffer
 * contents, which a plugin can retain as surely as objects).
 */
export function heapAfterGc(gc: GcFunction | undefined): number {
  if (gc !== undefined) for (let i = 0; i < 3; i++) gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Bytes to megabytes (2^20), rounded to 3 decimals. */
export function toMb(bytes: number): number {
  return Math.round((bytes / 1_048_576) * 1000) / 1000;
}
