import { describeValue, toError } from '@leanvibe/core/contracts';
import type { PoolCoreState } from './core-state.js';
import { type CreateContext, createWithRetries } from './create.js';
import { callDestroy } from './destroyer.js';
import { type Entry, IDLE, unref } from './entry.js';
import { PoolCreateError } from './errors.js';
import type { DestroyReason } from './events.js';
import { nextMaintenanceAt, takeDue } from './maintenance.js';
import { POOL_METRICS } from './metrics.js';

// A resource's life in the pool: created (with retries) for a waiter or for `min`, retired
// when idle too long or past its lifetime, and destroyed with its bookkeeping.

/** What the creates of `core` need from it. */
export function createContext<T>(core: PoolCoreState<T>): CreateContext<T> {
  return {
    options: core.options,
    signal: core.createController.signal,
    wanted: () => wanted(core),
    attemptFailed: (error, attempt) => attemptFailed(core, error, attempt),
    late: (resource) => destroyResource(core, resource, 'late', true),
    track: (delta) => {
      core.factoryCalls += delta;
      if (delta < 0) core.checkDrained();
    },
  };
}

// ── creating ─────────────────────────────────────────────────────────────────────────────

/** Starts the creates that waiters (then `min`) need, within `max`. */
export function grow<T>(core: PoolCoreState<T>): void {
  if (core.state === 'closed') return;
  let room = core.options.max - core.size() - core.creating;
  let needed = core.waiters.size - core.validating - core.creating;
  for (; room > 0 && needed > 0; room--, needed--) startCreate(core);
  if (core.state !== 'open' || core.refillTimer !== undefined) return;
  let warm = core.options.min - core.size() - core.creating;
  for (; room > 0 && warm > 0; room--, warm--) startCreate(core);
}

/** Whether an in-flight create is still needed: by an uncovered waiter, or to reach `min`. */
function wanted<T>(core: PoolCoreState<T>): boolean {
  if (core.state === 'closed') return false;
  if (core.waiters.size >= core.validating + core.creating) return true;
  return core.state === 'open' && core.size() + core.creating <= core.options.min;
}

function startCreate<T>(core: PoolCoreState<T>): void {
  core.creating++;
  createWithRetries(core.createContext).then(
    (resource) => createdResource(core, resource),
    (error: unknown) => createFailed(core, toError(error)),
  );
}

function attemptFailed<T>(core: PoolCoreState<T>, error: Error, attempt: number): void {
  core.count.createErrors++;
  core.metrics?.counter(POOL_METRICS.createErrors, 1, core.labels);
  core.events.emit('createError', { error, attempt });
}

function createdResource<T>(core: PoolCoreState<T>, resource: T): void {
  if (core.entries.has(resource)) {
    const error = new Error(`create returned ${describeValue(resource)}, already in the pool`);
    attemptFailed(core, error, 1);
    createFailed(core, new PoolCreateError(core.options.name, 1, error));
    return;
  }
  core.creating--;
  core.count.created++;
  core.metrics?.counter(POOL_METRICS.created, 1, core.labels);
  const now = core.clock.now();
  const entry: Entry<T> = {
    resource,
    createdAt: now,
    lastUsedAt: now,
    uses: 0,
    state: IDLE,
    leaseTimer: undefined,
  };
  core.entries.set(resource, entry);
  core.events.emit('create', { resource });
  if (core.waiters.size > 0) core.serve(entry);
  else if (core.state === 'open') {
    core.idle.push(entry);
    scheduleMaintenance(core);
  } else destroyEntry(core, entry, 'drain');
  core.dispatch();
  core.checkDrained();
}

function createFailed<T>(core: PoolCoreState<T>, error: Error): void {
  core.creating--;
  // The oldest waiter no other create or validation covers is the one this create was for.
  if (core.waiters.size > core.creating + core.validating) {
    core.waiters.shift()!.reject(error);
    core.waitersLeft();
  } else if (core.state === 'open' && core.refillTimer === undefined) {
    // Warming `min` failed: try again after the longest retry delay, never in a tight loop.
    core.refillTimer = unref(
      core.clock.setTimeout(() => {
        core.refillTimer = undefined;
        core.dispatch();
      }, core.options.maxDelayMs),
    );
  }
  core.dispatch();
  core.checkDrained();
}

// ── retiring ─────────────────────────────────────────────────────────────────────────────

/** Arms the one maintenance timer for the next idle eviction or lifetime expiry, if any. */
export function scheduleMaintenance<T>(core: PoolCoreState<T>): void {
  if (!core.maintains || core.maintenanceTimer !== undefined || core.state !== 'open') return;
  const due = nextMaintenanceAt(core.options, core.idle, core.size());
  if (due === Number.POSITIVE_INFINITY) return;
  const delay = Math.max(0, due - core.clock.now());
  core.maintenanceTimer = unref(core.clock.setTimeout(core.maintain, delay));
}

/** The maintenance timer fired: destroys the idle resources due, then re-arms. */
export function maintain<T>(core: PoolCoreState<T>): void {
  core.maintenanceTimer = undefined;
  const due = takeDue(core.options, core.idle, core.size(), core.clock.now());
  for (const [entry, reason] of due) destroyEntry(core, entry, reason);
  core.dispatch();
  scheduleMaintenance(core);
}

// ── destroying ───────────────────────────────────────────────────────────────────────────

export function destroyEntry<T>(
  core: PoolCoreState<T>,
  entry: Entry<T>,
  reason: DestroyReason,
  settled?: () => void,
): void {
  core.entries.delete(entry.resource);
  if (entry.leaseTimer !== undefined) {
    core.clock.clearTimeout(entry.leaseTimer);
    entry.leaseTimer = undefined;
  }
  destroyResource(core, entry.resource, reason, false, settled);
}

function destroyResource<T>(
  core: PoolCoreState<T>,
  resource: T,
  reason: DestroyReason,
  late: boolean,
  settled?: () => void,
): void {
  if (late) {
    core.count.created++;
    core.metrics?.counter(POOL_METRICS.created, 1, core.labels);
  }
  core.count.destroyed++;
  core.metrics?.counter(POOL_METRICS.destroyed, 1, { ...core.labels, reason });
  core.events.emit('destroy', { resource, reason });
  const destroy = core.options.destroy;
  if (destroy === undefined) {
    settled?.();
    return;
  }
  core.destroying++;
  callDestroy(core.options, destroy, resource, (error) => {
    core.destroying--;
    if (error !== undefined) {
      core.count.destroyErrors++;
      core.metrics?.counter(POOL_METRICS.destroyErrors, 1, core.labels);
      core.events.emit('destroyError', { resource, error });
    }
    settled?.();
    core.checkDrained();
  });
}
