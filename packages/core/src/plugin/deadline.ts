import type { Clock } from '../contracts/index.js';

/**
 * Settles with `work`, or with `onTimeout()` once `ms` pass, whichever comes first. The timer is
 * cleared when `work` settles first; a late rejection of `work` is swallowed, because nobody is
 * waiting for it any more. `work` may ignore every signal: the deadline still holds.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock,
  onTimeout: () => T,
): Promise<T> {
  if (!Number.isFinite(ms)) return work;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = clock.setTimeout(() => {
      if (settled) return;
      settled = true;
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
