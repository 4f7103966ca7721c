import type { Clock, Labels, MetricsSink, TimerHandle } from '@leanvibe/core/contracts';
import type { CreateContext } from './create.js';
import type { Entry } from './entry.js';
import type { PoolEmitter } from './events.js';
import type { ResolvedPoolOptions } from './options.js';
import type { PoolState } from './types.js';
import type { WaiterQueue } from './waiters.js';

/** The pool's running totals, as `stats()` reports them. */
export interface PoolCounts {
  created: number;
  destroyed: number;
  createErrors: number;
  destroyErrors: number;
  validationFailures: number;
  acquired: number;
  acquireTimeouts: number;
}

/** Every total at zero, for a new pool. */
export function newCounts(): PoolCounts {
  return {
    created: 0,
    destroyed: 0,
    createErrors: 0,
    destroyErrors: 0,
    validationFailures: 0,
    acquired: 0,
    acquireTimeouts: 0,
  };
}

/**
 * The state of one pool, as the parts around its lending core (lifecycle, validation,
 * maintenance, shutdown, leases, stats) see it. `PoolCore` implements it; the parts import this
 * and never the core itself, so the package's modules form a graph without cycles.
 */
export interface PoolCoreState<T> {
  readonly options: ResolvedPoolOptions<T>;
  readonly clock: Clock;
  readonly validate: ResolvedPoolOptions<T>['validate'];
  readonly metrics: MetricsSink | undefined;
  readonly labels: Labels;
  readonly entries: Map<T, Entry<T>>;
  /** A stack: the most recently used resource on top. */
  readonly idle: Entry<T>[];
  readonly waiters: WaiterQueue<T>;
  readonly events: PoolEmitter<T>;
  readonly createController: AbortController;
  readonly createContext: CreateContext<T>;
  readonly trackLeases: boolean;
  readonly maintains: boolean;
  state: PoolState;
  borrowed: number;
  validating: number;
  creating: number;
  destroying: number;
  factoryCalls: number;
  readonly count: PoolCounts;
  maintenanceTimer: TimerHandle | undefined;
  refillTimer: TimerHandle | undefined;
  unregisterGauges: (() => void) | undefined;
  /** The maintenance timer's callback (one function for every arming). */
  readonly maintain: () => void;
  /** Resources that exist: idle, borrowed or being validated. */
  size(): number;
  /** After waiters left: a draining pool may be done. */
  waitersLeft(): void;
  /** Hands `entry` to the first waiter. */
  serve(entry: Entry<T>): void;
  /** Matches idle resources with waiters, then starts the creates still needed. */
  dispatch(): void;
  /** Once draining with nobody waiting: stop creating, destroy idle resources, and finish. */
  checkDrained(): void;
}
