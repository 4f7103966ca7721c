import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Runs a full garbage collection, so heap figures show what is really retained. Uses `gc` when
 * Node was started with `--expose-gc` (the demo's start script does), and otherwise exposes it
 * at run time.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}

/** `heapUsed` after a full collection, in MB. */
export function heapUsedAfterGcMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
