import { type TimerHandle, toError } from '@leanvibe/core/contracts';
import type { PoolCoreState } from './core-state.js';
import { type Entry, IDLE, isThenable, VALIDATING } from './entry.js';
import { PoolError } from './errors.js';
import { destroyEntry, scheduleMaintenance } from './lifecycle.js';
import { POOL_METRICS } from './metrics.js';

// `validate`: an idle resource is checked before each loan; one that fails is destroyed.

/** Validates `entry` for the first waiter: serves it when valid, destroys it otherwise. */
export function check<T>(
  core: PoolCoreState<T>,
  entry: Entry<T>,
  validate: (resource: T) => boolean | Promise<boolean>,
): void {
  let verdict: unknown;
  try {
    verdict = validate(entry.resource);
  } catch (error) {
    invalid(core, entry, toError(error));
    return;
  }
  if (verdict === true) core.serve(entry);
  else if (isThenable(verdict)) awaitVerdict(core, entry, verdict);
  else invalid(core, entry, undefined);
}

/** Waits for an async `validate`, at most `validateTimeoutMs` (then the resource failed). */
function awaitVerdict<T>(
  core: PoolCoreState<T>,
  entry: Entry<T>,
  verdict: PromiseLike<unknown>,
): void {
  entry.state = VALIDATING;
  core.validating++;
  const { validateTimeoutMs, name } = core.options;
  let settled = false;
  let timer: TimerHandle | undefined;
  const finish = (ok: boolean, error: Error | undefined): void => {
    if (settled) return;
    settled = true;
    if (timer !== undefined) core.clock.clearTimeout(timer);
    validated(core, entry, ok, error);
  };
  if (validateTimeoutMs !== Number.POSITIVE_INFINITY) {
    timer = core.clock.setTimeout(() => {
      const message = `validate timed out after ${validateTimeoutMs} ms`;
      const details = { timeoutMs: validateTimeoutMs };
      finish(false, new PoolError('POOL_VALIDATE_TIMEOUT', name, message, { details }));
    }, validateTimeoutMs);
  }
  verdict.then(
    (ok) => finish(ok === true, undefined),
    (error: unknown) => finish(false, toError(error)),
  );
}

function validated<T>(
  core: PoolCoreState<T>,
  entry: Entry<T>,
  ok: boolean,
  error: Error | undefined,
): void {
  core.validating--;
  entry.state = IDLE;
  if (!ok) invalid(core, entry, error);
  else if (core.waiters.size > 0) core.serve(entry);
  else if (core.state === 'open') {
    entry.lastUsedAt = core.clock.now();
    core.idle.push(entry);
    scheduleMaintenance(core);
  } else destroyEntry(core, entry, 'drain');
  core.dispatch();
  core.checkDrained();
}

function invalid<T>(core: PoolCoreState<T>, entry: Entry<T>, error: Error | undefined): void {
  core.count.validationFailures++;
  core.metrics?.counter(POOL_METRICS.validationFailures, 1, core.labels);
  core.events.emit('validationFailed', { resource: entry.resource, error });
  destroyEntry(core, entry, 'invalid');
}
