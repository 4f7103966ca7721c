import { onAbort } from '@leanvibe/core/contracts';
import type { PoolCoreState } from './core-state.js';
import { closedError, type PoolClosedError } from './errors.js';
import { destroyEntry } from './lifecycle.js';

/** The error for a call on a pool that is draining or closed. */
export function poolClosedError<T>(core: PoolCoreState<T>): PoolClosedError {
  return closedError(core.options.name, core.state === 'draining');
}

/**
 * `drain()` and `close()`: the pool stops lending new resources and finishes once every loan,
 * validation, create and destroy has settled, every resource destroyed and every timer cleared.
 */
export class PoolShutdown<T> {
  readonly #core: PoolCoreState<T>;
  #checking = false;
  #drained: Promise<void> | undefined;
  #resolveDrained: (() => void) | undefined;

  constructor(core: PoolCoreState<T>) {
    this.#core = core;
  }

  /** Starts draining (once); `rejectWaiters` also rejects the callers still waiting. */
  begin(rejectWaiters: boolean, signal: AbortSignal | undefined): Promise<void> {
    const core = this.#core;
    if (core.state === 'open') {
      core.state = 'draining';
      this.#drained = new Promise((resolve) => {
        this.#resolveDrained = resolve;
      });
      if (core.maintenanceTimer !== undefined) {
        core.clock.clearTimeout(core.maintenanceTimer);
        core.maintenanceTimer = undefined;
      }
      if (core.refillTimer !== undefined) {
        core.clock.clearTimeout(core.refillTimer);
        core.refillTimer = undefined;
      }
    }
    if (rejectWaiters && core.waiters.size > 0) {
      for (const waiter of core.waiters.takeAll()) waiter.reject(poolClosedError(core));
      core.waitersLeft();
    }
    this.check();
    const drained = this.#drained!;
    if (signal === undefined) return drained;
    return new Promise((resolve, reject) => {
      const unlink = onAbort(signal, reject);
      drained.then(() => {
        unlink();
        resolve();
      });
    });
  }

  /** Once draining with nobody waiting: stop creating, destroy idle resources, and finish. */
  check(): void {
    const core = this.#core;
    if (core.state !== 'draining' || core.waiters.size > 0 || this.#checking) return;
    this.#checking = true;
    try {
      if (core.creating > 0 && !core.createController.signal.aborted) {
        core.createController.abort(poolClosedError(core));
      }
      while (core.idle.length > 0) destroyEntry(core, core.idle.pop()!, 'drain');
    } finally {
      this.#checking = false;
    }
    if (core.borrowed + core.validating + core.creating + core.destroying + core.factoryCalls > 0) {
      return;
    }
    core.state = 'closed';
    core.createController.abort(poolClosedError(core));
    core.unregisterGauges?.();
    core.events.emit('closed', { created: core.count.created, destroyed: core.count.destroyed });
    this.#resolveDrained?.();
  }
}
