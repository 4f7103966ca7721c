import { abortReason, type Clock, onAbort, type TimerHandle } from '@leanvibe/core/contracts';

/**
 * Waits `ms` on `clock`, or rejects with the abort reason as soon as `signal` aborts. A wait of
 * zero still yields to the event loop (`setImmediate`), so a loop of zero-delay retries never
 * starves I/O. The abort listener is removed when the wait ends either way.
 */
export function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    let unlink: () => void = noop;
    if (ms > 0) {
      const timer: TimerHandle = clock.setTimeout(() => {
        unlink();
        resolve();
      }, ms);
      unlink = onAbort(signal, () => {
        clock.clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      });
    } else {
      const immediate = setImmediate(() => {
        unlink();
        resolve();
      });
      unlink = onAbort(signal, () => {
        clearImmediate(immediate);
        reject(abortReason(signal as AbortSignal));
      });
    }
  });
}

function noop(): void {}
