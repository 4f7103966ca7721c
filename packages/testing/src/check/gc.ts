import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { GcFunction } from '@leanvibe/testing';

/**
 * A function forcing a full garbage collection: `globalThis.gc` when node runs with
 * `--expose-gc`, else the same function exposed at run time (V8 adds `gc` to contexts created
 * after the flag is set), so `leanvibe-plugin check` measures memory without a node flag.
 */
export function forceGc(): GcFunction {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as GcFunction;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as GcFunction;
}
