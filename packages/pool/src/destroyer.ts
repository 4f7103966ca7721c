import { type TimerHandle, toError } from '@leanvibe/core/contracts';
import { isThenable } from './entry.js';
import { PoolDestroyTimeoutError } from './errors.js';
import type { ResolvedPoolOptions } from './options.js';

/**
 * Calls the user's `destroy` once for `resource` and reports exactly once through `done`: with
 * `undefined` when it succeeded, or the error when it threw, rejected, or outlived
 * `destroyTimeoutMs` (then a late settlement is ignored).
 */
export function callDestroy<T>(
  options: ResolvedPoolOptions<T>,
  destroy: (resource: T) => void | Promise<void>,
  resource: T,
  done: (error: Error | undefined) => void,
): void {
  const { clock, destroyTimeoutMs, name } = options;
  let finished = false;
  let timer: TimerHandle | undefined;
  const finish = (error: Error | undefined): void => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    done(error);
  };
  let result: unknown;
  try {
    result = destroy(resource);
  } catch (error) {
    finish(toError(error));
    return;
  }
  if (!isThenable(result)) {
    finish(undefined);
    return;
  }
  if (destroyTimeoutMs !== Number.POSITIVE_INFINITY) {
    timer = clock.setTimeout(
      () => finish(new PoolDestroyTimeoutError(name, destroyTimeoutMs)),
      destroyTimeoutMs,
    );
  }
  result.then(
    () => finish(undefined),
    (error: unknown) => finish(toError(error)),
  );
}
