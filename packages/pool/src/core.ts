import type { Clock, Labels, MetricsSink, TimerHandle } from '@leanvibe/core/contracts';
import { newCounts, type PoolCoreState } from './core-state.js';
import type { CreateContext } from './create.js';
import { acquireWaitChannel, type PoolAcquireWaitMessage } from './diagnostics.js';
import { BORROWED, type Entry, IDLE } from './entry.js';
import { PoolAcquireTimeoutError, PoolQueueFullError } from './errors.js';
import { PoolEmitter } from './events.js';
import { watchLease } from './lease.js';
import { createContext, destroyEntry, grow, maintain, scheduleMaintenance } from './lifecycle.js';
import { POOL_METRICS, registerPoolGauges } from './metrics.js';
import type { ResolvedPoolOptions } from './options.js';
import { PoolShutdown } from './shutdown.js';
import { poolStats } from './stats.js';
import type { PoolState } from './types.js';
import { check } from './validation.js';
import { type Waiter, WaiterQueue } from './waiters.js';

/**
 * The state of one pool and its lending core: idle resources matched with waiters, loans and
 * their return. The other parts of the pool (lifecycle, validation, maintenance, shutdown,
 * leases, stats) are functions of this state; they reach each other through its methods.
 */
export class PoolCore<T> implements PoolCoreState<T> {
  readonly options: ResolvedPoolOptions<T>;
  readonly clock: Clock;
  readonly validate: ResolvedPoolOptions<T>['validate'];
  readonly metrics: MetricsSink | undefined;
  readonly labels: Labels;
  readonly entries = new Map<T, Entry<T>>();
  /** A stack: the most recently used resource on top. */
  readonly idle: Entry<T>[] = [];
  readonly waiters: WaiterQueue<T>;
  readonly events = new PoolEmitter<T>();
  readonly createController = new AbortController();
  readonly createContext: CreateContext<T>;
  readonly trackLeases: boolean;
  readonly maintains: boolean;
  readonly #stamps: boolean;
  readonly #shutdown: PoolShutdown<T>;
  state: PoolState = 'open';
  borrowed = 0;
  validating = 0;
  creating = 0;
  destroying = 0;
  factoryCalls = 0;
  readonly count = newCounts();
  maintenanceTimer: TimerHandle | undefined;
  refillTimer: TimerHandle | undefined;
  unregisterGauges: (() => void) | undefined;
  /** The maintenance timer's callback (one function for every arming). */
  readonly maintain = (): void => maintain(this);

  constructor(options: ResolvedPoolOptions<T>) {
    this.options = options;
    this.clock = options.clock;
    this.validate = options.validate;
    this.metrics = options.metrics;
    this.labels = Object.freeze({ pool: options.name });
    this.trackLeases = Number.isFinite(options.leaseTimeoutMs);
    this.maintains =
      Number.isFinite(options.idleTimeoutMs) || Number.isFinite(options.maxLifetimeMs);
    this.#stamps = this.maintains;
    this.waiters = new WaiterQueue(options.clock, options.acquireTimeoutMs, {
      timedOut: (waiter) => this.#timedOut(waiter),
      left: () => this.waitersLeft(),
    });
    this.createContext = createContext(this);
    this.#shutdown = new PoolShutdown(this);
    if (this.metrics !== undefined) {
      this.unregisterGauges = registerPoolGauges(this.metrics, this.labels, () => poolStats(this));
    }
    // Warm `min` after the caller had a chance to attach listeners.
    if (options.min > 0) queueMicrotask(() => this.dispatch());
  }

  /** Resources that exist: idle, borrowed or being validated. */
  size(): number {
    return this.idle.length + this.borrowed + this.validating;
  }

  /** Queues a caller that found nothing to take right away. */
  wait(signal: AbortSignal | undefined, priority: number, stack: string | undefined): Promise<T> {
    const { maxWaiting, max } = this.options;
    const waiters = this.waiters;
    // Callers a create can start for right away are not "waiting"; the rest count.
    if (
      waiters.size - this.creating - this.validating >= maxWaiting &&
      this.size() + this.creating >= max
    ) {
      return Promise.reject(new PoolQueueFullError(this.options.name, maxWaiting));
    }
    const stamp = this.metrics !== undefined || this.events.observesAcquire;
    const promise = waiters.enqueue(priority, stack, signal, stamp);
    // With nothing idle and no room to create, there is nothing to dispatch: the caller waits.
    if (this.idle.length > 0 || this.size() + this.creating < max) this.dispatch();
    return acquireWaitChannel.hasSubscribers ? this.#reported(promise) : promise;
  }

  /** Publishes the wait on the waiting caller's async path when it ends. */
  #reported(promise: Promise<T>): Promise<T> {
    const pool = this.options.name;
    const since = this.clock.now();
    const publish = (message: PoolAcquireWaitMessage): void => {
      if (acquireWaitChannel.hasSubscribers) acquireWaitChannel.publish(message);
    };
    return promise.then(
      (resource) => {
        publish({ pool, outcome: 'acquired', waitedMs: this.clock.now() - since });
        return resource;
      },
      (error: unknown) => {
        publish({ pool, outcome: 'failed', waitedMs: this.clock.now() - since, error });
        throw error;
      },
    );
  }

  #timedOut(waiter: Waiter<T>): void {
    this.count.acquireTimeouts++;
    this.metrics?.counter(POOL_METRICS.acquireTimeouts, 1, this.labels);
    const { size, borrowed, pending, max } = poolStats(this);
    const details = { size, max, borrowed, pending };
    const { name, acquireTimeoutMs } = this.options;
    waiter.reject(new PoolAcquireTimeoutError(name, acquireTimeoutMs, details));
  }

  /** After waiters left: a draining pool may be done. */
  waitersLeft(): void {
    if (this.waiters.size === 0) this.checkDrained();
  }

  /** Pops the most recently used idle resource (so the others can age out), skipping expired ones. */
  takeIdle(): Entry<T> | undefined {
    const { maxLifetimeMs } = this.options;
    for (let entry = this.idle.pop(); entry !== undefined; entry = this.idle.pop()) {
      if (maxLifetimeMs !== Number.POSITIVE_INFINITY) {
        if (this.clock.now() - entry.createdAt >= maxLifetimeMs) {
          destroyEntry(this, entry, 'maxLifetime');
          continue;
        }
      }
      return entry;
    }
    return undefined;
  }

  lend(entry: Entry<T>, waitedMs: number, stack: string | undefined): void {
    entry.state = BORROWED;
    entry.uses++;
    this.borrowed++;
    this.count.acquired++;
    if (this.trackLeases) watchLease(this, entry, stack ?? '');
    if (this.events.observesAcquire) {
      this.events.emit('acquire', { resource: entry.resource, waitedMs });
    }
  }

  /** Hands `entry` to the first waiter. */
  serve(entry: Entry<T>): void {
    const waiter = this.waiters.shift()!;
    let waitedMs = 0;
    if ((this.metrics !== undefined || this.events.observesAcquire) && waiter.enqueuedAt >= 0) {
      waitedMs = this.clock.now() - waiter.enqueuedAt;
      this.metrics?.histogram(POOL_METRICS.acquireWait, waitedMs / 1000, this.labels);
    }
    this.lend(entry, waitedMs, waiter.stack);
    waiter.resolve(entry.resource);
    this.waitersLeft();
  }

  /** Matches idle resources with waiters, then starts the creates still needed. */
  dispatch(): void {
    const waiters = this.waiters;
    while (waiters.size > this.validating) {
      const entry = this.takeIdle();
      if (entry === undefined) break;
      if (this.validate === undefined) this.serve(entry);
      else check(this, entry, this.validate);
    }
    grow(this);
  }

  /** Takes back a borrowed resource: to the next waiter, to the idle stack, or to be retired. */
  giveBack(entry: Entry<T>): void {
    this.borrowed--;
    if (entry.leaseTimer !== undefined) {
      this.clock.clearTimeout(entry.leaseTimer);
      entry.leaseTimer = undefined;
    }
    if (this.events.observesRelease) this.events.emit('release', { resource: entry.resource });
    if (this.state !== 'open' && this.waiters.size === 0) {
      destroyEntry(this, entry, 'drain');
      this.checkDrained();
      return;
    }
    if (entry.uses >= this.options.maxUses) {
      destroyEntry(this, entry, 'maxUses');
      this.dispatch();
      return;
    }
    const { maxLifetimeMs } = this.options;
    if (
      maxLifetimeMs !== Number.POSITIVE_INFINITY &&
      this.clock.now() - entry.createdAt >= maxLifetimeMs
    ) {
      destroyEntry(this, entry, 'maxLifetime');
      this.dispatch();
      return;
    }
    entry.state = IDLE;
    if (this.waiters.size > 0 && this.validate === undefined) {
      // Straight to the next waiter: it never sits idle, so it needs no timestamp.
      this.serve(entry);
      return;
    }
    entry.lastUsedAt = this.#stamps ? this.clock.now() : 0;
    this.idle.push(entry);
    if (this.waiters.size > 0) this.dispatch();
    else if (this.maintenanceTimer === undefined && this.maintains) scheduleMaintenance(this);
  }

  /** Starts draining (`drain()`), rejecting the waiters too for `close()`. */
  shutdown(rejectWaiters: boolean, signal: AbortSignal | undefined): Promise<void> {
    return this.#shutdown.begin(rejectWaiters, signal);
  }

  /** Once draining with nobody waiting: stop creating, destroy idle resources, and finish. */
  checkDrained(): void {
    this.#shutdown.check();
  }
}
