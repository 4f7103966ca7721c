import {
  abortReason,
  type Clock,
  describeValue,
  invalidArgument,
  type Labels,
  type Lease,
  type MetricsSink,
  onAbort,
  type TimerHandle,
  toError,
} from '@leanvibe/core/contracts';
import { readAcquireOptions } from './arguments.js';
import { type CreateContext, createWithRetries } from './create.js';
import { callDestroy } from './destroyer.js';
import { BORROWED, type Entry, IDLE, isThenable, unref, VALIDATING } from './entry.js';
import {
  closedError,
  PoolAcquireTimeoutError,
  type PoolClosedError,
  PoolCreateError,
  PoolError,
  PoolQueueFullError,
  type PoolReleaseError,
  releaseError,
} from './errors.js';
import { type DestroyReason, PoolEmitter, type PoolEvents, type PoolListener } from './events.js';
import { PoolLease } from './lease.js';
import { nextMaintenanceAt, takeDue } from './maintenance.js';
import { POOL_METRICS, registerPoolGauges } from './metrics.js';
import { type PoolOptions, type ResolvedPoolOptions, resolvePoolOptions } from './options.js';
import type {
  DrainOptions,
  Pool,
  PoolAcquireOptions,
  PoolState,
  PoolStats,
  PoolUseOptions,
} from './types.js';
import { type Waiter, WaiterQueue } from './waiters.js';

const RESOLVED: Promise<void> = Promise.resolve();

/** The stack of the caller of `acquire` (the pool's own frames left out): where a leak starts. */
function acquireStack(acquire: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, acquire);
  return `acquired${holder.stack?.slice('Error'.length) ?? ''}`;
}

/**
 * Creates a pool of resources (connections, clients, workers) that never hangs and never leaks:
 * waiters are served in priority then arrival order and give up on abort or `acquireTimeoutMs`;
 * a failing `create` is retried with bounded backoff and then rejects the waiter it was for;
 * idle resources beyond `min` are evicted; `drain()` and `close()` destroy every resource and
 * clear every timer.
 *
 * @example
 * ```ts
 * const pool = createPool({
 *   create: () => openConnection(),
 *   destroy: (connection) => connection.close(),
 *   max: 10,
 * });
 * const rows = await pool.use((connection) => connection.query('select 1'));
 * await pool.close();
 * ```
 */
export function createPool<T>(options: PoolOptions<T>): Pool<T> {
  return new ResourcePoolImpl(resolvePoolOptions(options));
}

class ResourcePoolImpl<T> implements Pool<T> {
  readonly #o: ResolvedPoolOptions<T>;
  readonly #clock: Clock;
  readonly #validate: ResolvedPoolOptions<T>['validate'];
  readonly #metrics: MetricsSink | undefined;
  readonly #labels: Labels;
  readonly #entries = new Map<T, Entry<T>>();
  readonly #idle: Entry<T>[] = [];
  readonly #waiters: WaiterQueue<T>;
  readonly #events = new PoolEmitter<T>();
  readonly #createController = new AbortController();
  readonly #createContext: CreateContext<T>;
  readonly #trackLeases: boolean;
  readonly #maintains: boolean;
  readonly #stamps: boolean;
  #state: PoolState = 'open';
  #borrowed = 0;
  #validating = 0;
  #creating = 0;
  #destroying = 0;
  #factoryCalls = 0;
  readonly #count = {
    created: 0,
    destroyed: 0,
    createErrors: 0,
    destroyErrors: 0,
    validationFailures: 0,
    acquired: 0,
    acquireTimeouts: 0,
  };
  #maintenanceTimer: TimerHandle | undefined;
  #refillTimer: TimerHandle | undefined;
  #checking = false;
  #drained: Promise<void> | undefined;
  #resolveDrained: (() => void) | undefined;
  #unregisterGauges: (() => void) | undefined;

  constructor(options: ResolvedPoolOptions<T>) {
    this.#o = options;
    this.#clock = options.clock;
    this.#validate = options.validate;
    this.#metrics = options.metrics;
    this.#labels = Object.freeze({ pool: options.name });
    this.#trackLeases = Number.isFinite(options.leaseTimeoutMs);
    this.#maintains =
      Number.isFinite(options.idleTimeoutMs) || Number.isFinite(options.maxLifetimeMs);
    this.#stamps = this.#maintains;
    this.#waiters = new WaiterQueue(options.clock, options.acquireTimeoutMs, {
      timedOut: (waiter) => this.#timedOut(waiter),
      left: () => this.#waitersLeft(),
    });
    this.#createContext = {
      options,
      signal: this.#createController.signal,
      wanted: () => this.#wanted(),
      attemptFailed: (error, attempt) => this.#attemptFailed(error, attempt),
      late: (resource) => this.#destroyResource(resource, 'late', true),
      track: (delta) => {
        this.#factoryCalls += delta;
        if (delta < 0) this.#checkDrained();
      },
    };
    if (this.#metrics !== undefined) {
      this.#unregisterGauges = registerPoolGauges(this.#metrics, this.#labels, () => this.stats());
    }
    // Warm `min` after the caller had a chance to attach listeners.
    if (options.min > 0) queueMicrotask(() => this.#dispatch());
  }

  acquire(options?: PoolAcquireOptions): Promise<T> {
    let signal: AbortSignal | undefined;
    let priority = 0;
    if (options !== undefined) {
      const read = readAcquireOptions(options);
      if (read instanceof Error) return Promise.reject(read);
      ({ signal, priority } = read);
    }
    if (this.#state !== 'open') return Promise.reject(this.#closedError());
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const stack = this.#trackLeases ? acquireStack(this.acquire) : undefined;
    // The fast path: nobody ahead, an idle resource, nothing to validate.
    if (this.#waiters.size === 0 && this.#validate === undefined) {
      const entry = this.#takeIdle();
      if (entry !== undefined) {
        this.#lend(entry, 0, stack);
        return Promise.resolve(entry.resource);
      }
    }
    return this.#wait(signal, priority, stack);
  }

  release(resource: T): Promise<void> {
    const entry = this.#entries.get(resource);
    if (entry === undefined || entry.state !== BORROWED) {
      return Promise.reject(this.#releaseError(resource, entry, 'release'));
    }
    this.#giveBack(entry);
    return RESOLVED;
  }

  destroy(resource: T): Promise<void> {
    const entry = this.#entries.get(resource);
    if (entry === undefined || entry.state !== BORROWED) {
      return Promise.reject(this.#releaseError(resource, entry, 'destroy'));
    }
    this.#borrowed--;
    const settled = new Promise<void>((resolve) => this.#destroyEntry(entry, 'destroyed', resolve));
    this.#dispatch();
    this.#checkDrained();
    return settled;
  }

  lease(options?: PoolAcquireOptions): Promise<Lease<T>> {
    return this.acquire(options).then((resource) => new PoolLease(this, resource));
  }

  get name(): string {
    return this.#o.name;
  }

  async use<R>(fn: (resource: T) => R | Promise<R>, options?: PoolUseOptions): Promise<R> {
    if (typeof fn !== 'function') throw invalidArgument('fn', 'a function', fn);
    const resource = await this.acquire(options);
    let result: R;
    try {
      result = await fn(resource);
    } catch (error) {
      // fn's error is what the caller needs; a failing give-back (fn released it itself) is not.
      const giveBack =
        options?.destroyOnError === true ? this.destroy(resource) : this.release(resource);
      await giveBack.catch(() => undefined);
      throw error;
    }
    await this.release(resource);
    return result;
  }

  drain(options?: DrainOptions): Promise<void> {
    return this.#shutdown(false, options);
  }

  close(options?: DrainOptions): Promise<void> {
    return this.#shutdown(true, options);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  on<K extends keyof PoolEvents<T>>(event: K, listener: PoolListener<T, K>): () => void {
    if (typeof listener !== 'function') throw invalidArgument('listener', 'a function', listener);
    return this.#events.on(event, listener);
  }

  stats(): PoolStats {
    const available = this.#idle.length;
    return {
      state: this.#state,
      size: available + this.#borrowed + this.#validating,
      available,
      borrowed: this.#borrowed,
      validating: this.#validating,
      pending: this.#waiters.size,
      creating: this.#creating,
      destroying: this.#destroying,
      min: this.#o.min,
      max: this.#o.max,
      ...this.#count,
    };
  }

  // ── waiting ────────────────────────────────────────────────────────────────────────────

  #wait(signal: AbortSignal | undefined, priority: number, stack: string | undefined): Promise<T> {
    const { maxWaiting, max } = this.#o;
    const waiters = this.#waiters;
    // Callers a create can start for right away are not "waiting"; the rest count.
    if (
      waiters.size - this.#creating - this.#validating >= maxWaiting &&
      this.#size() + this.#creating >= max
    ) {
      return Promise.reject(new PoolQueueFullError(this.#o.name, maxWaiting));
    }
    const stamp = this.#metrics !== undefined || this.#events.observesAcquire;
    const promise = waiters.enqueue(priority, stack, signal, stamp);
    // With nothing idle and no room to create, there is nothing to dispatch: the caller waits.
    if (this.#idle.length > 0 || this.#size() + this.#creating < max) this.#dispatch();
    return promise;
  }

  #timedOut(waiter: Waiter<T>): void {
    this.#count.acquireTimeouts++;
    this.#metrics?.counter(POOL_METRICS.acquireTimeouts, 1, this.#labels);
    const { size, borrowed, pending, max } = this.stats();
    const details = { size, max, borrowed, pending };
    waiter.reject(new PoolAcquireTimeoutError(this.#o.name, this.#o.acquireTimeoutMs, details));
  }

  /** After waiters left: a draining pool may be done. */
  #waitersLeft(): void {
    if (this.#waiters.size === 0) this.#checkDrained();
  }

  // ── lending ────────────────────────────────────────────────────────────────────────────

  #size(): number {
    return this.#idle.length + this.#borrowed + this.#validating;
  }

  /** Pops the most recently used idle resource (so the others can age out), skipping expired ones. */
  #takeIdle(): Entry<T> | undefined {
    const { maxLifetimeMs } = this.#o;
    for (let entry = this.#idle.pop(); entry !== undefined; entry = this.#idle.pop()) {
      if (maxLifetimeMs !== Number.POSITIVE_INFINITY) {
        if (this.#clock.now() - entry.createdAt >= maxLifetimeMs) {
          this.#destroyEntry(entry, 'maxLifetime');
          continue;
        }
      }
      return entry;
    }
    return undefined;
  }

  #lend(entry: Entry<T>, waitedMs: number, stack: string | undefined): void {
    entry.state = BORROWED;
    entry.uses++;
    this.#borrowed++;
    this.#count.acquired++;
    if (this.#trackLeases) this.#watchLease(entry, stack ?? '');
    if (this.#events.observesAcquire) {
      this.#events.emit('acquire', { resource: entry.resource, waitedMs });
    }
  }

  /** Hands `entry` to the first waiter. */
  #serve(entry: Entry<T>): void {
    const waiter = this.#waiters.shift()!;
    let waitedMs = 0;
    if ((this.#metrics !== undefined || this.#events.observesAcquire) && waiter.enqueuedAt >= 0) {
      waitedMs = this.#clock.now() - waiter.enqueuedAt;
      this.#metrics?.histogram(POOL_METRICS.acquireWait, waitedMs / 1000, this.#labels);
    }
    this.#lend(entry, waitedMs, waiter.stack);
    waiter.resolve(entry.resource);
    this.#waitersLeft();
  }

  /** Matches idle resources with waiters, then starts the creates still needed. */
  #dispatch(): void {
    const waiters = this.#waiters;
    while (waiters.size > this.#validating) {
      const entry = this.#takeIdle();
      if (entry === undefined) break;
      if (this.#validate === undefined) this.#serve(entry);
      else this.#check(entry, this.#validate);
    }
    this.#grow();
  }

  #check(entry: Entry<T>, validate: (resource: T) => boolean | Promise<boolean>): void {
    let verdict: unknown;
    try {
      verdict = validate(entry.resource);
    } catch (error) {
      this.#invalid(entry, toError(error));
      return;
    }
    if (verdict === true) this.#serve(entry);
    else if (isThenable(verdict)) this.#awaitVerdict(entry, verdict);
    else this.#invalid(entry, undefined);
  }

  /** Waits for an async `validate`, at most `validateTimeoutMs` (then the resource failed). */
  #awaitVerdict(entry: Entry<T>, verdict: PromiseLike<unknown>): void {
    entry.state = VALIDATING;
    this.#validating++;
    const { validateTimeoutMs, name } = this.#o;
    let settled = false;
    let timer: TimerHandle | undefined;
    const finish = (ok: boolean, error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) this.#clock.clearTimeout(timer);
      this.#validated(entry, ok, error);
    };
    if (validateTimeoutMs !== Number.POSITIVE_INFINITY) {
      timer = this.#clock.setTimeout(() => {
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

  #validated(entry: Entry<T>, ok: boolean, error: Error | undefined): void {
    this.#validating--;
    entry.state = IDLE;
    if (!ok) this.#invalid(entry, error);
    else if (this.#waiters.size > 0) this.#serve(entry);
    else if (this.#state === 'open') {
      entry.lastUsedAt = this.#clock.now();
      this.#idle.push(entry);
      this.#scheduleMaintenance();
    } else this.#destroyEntry(entry, 'drain');
    this.#dispatch();
    this.#checkDrained();
  }

  #invalid(entry: Entry<T>, error: Error | undefined): void {
    this.#count.validationFailures++;
    this.#metrics?.counter(POOL_METRICS.validationFailures, 1, this.#labels);
    this.#events.emit('validationFailed', { resource: entry.resource, error });
    this.#destroyEntry(entry, 'invalid');
  }

  #giveBack(entry: Entry<T>): void {
    this.#borrowed--;
    if (entry.leaseTimer !== undefined) {
      this.#clock.clearTimeout(entry.leaseTimer);
      entry.leaseTimer = undefined;
    }
    if (this.#events.observesRelease) this.#events.emit('release', { resource: entry.resource });
    if (this.#state !== 'open' && this.#waiters.size === 0) {
      this.#destroyEntry(entry, 'drain');
      this.#checkDrained();
      return;
    }
    if (entry.uses >= this.#o.maxUses) {
      this.#destroyEntry(entry, 'maxUses');
      this.#dispatch();
      return;
    }
    const { maxLifetimeMs } = this.#o;
    if (
      maxLifetimeMs !== Number.POSITIVE_INFINITY &&
      this.#clock.now() - entry.createdAt >= maxLifetimeMs
    ) {
      this.#destroyEntry(entry, 'maxLifetime');
      this.#dispatch();
      return;
    }
    entry.state = IDLE;
    if (this.#waiters.size > 0 && this.#validate === undefined) {
      // Straight to the next waiter: it never sits idle, so it needs no timestamp.
      this.#serve(entry);
      return;
    }
    entry.lastUsedAt = this.#stamps ? this.#clock.now() : 0;
    this.#idle.push(entry);
    if (this.#waiters.size > 0) this.#dispatch();
    else if (this.#maintenanceTimer === undefined && this.#maintains) this.#scheduleMaintenance();
  }

  #watchLease(entry: Entry<T>, acquiredAt: string): void {
    const borrowedAt = this.#clock.now();
    entry.leaseTimer = unref(
      this.#clock.setTimeout(() => {
        entry.leaseTimer = undefined;
        const info = Object.freeze({
          resource: entry.resource,
          borrowedForMs: this.#clock.now() - borrowedAt,
          acquiredAt,
        });
        this.#events.emit('leaseTimeout', info);
        const callback = this.#o.onLeaseTimeout;
        if (callback === undefined) return;
        try {
          callback(info);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }, this.#o.leaseTimeoutMs),
    );
  }

  // ── creating ───────────────────────────────────────────────────────────────────────────

  /** Starts the creates that waiters (then `min`) need, within `max`. */
  #grow(): void {
    if (this.#state === 'closed') return;
    let room = this.#o.max - this.#size() - this.#creating;
    let needed = this.#waiters.size - this.#validating - this.#creating;
    for (; room > 0 && needed > 0; room--, needed--) this.#startCreate();
    if (this.#state !== 'open' || this.#refillTimer !== undefined) return;
    let warm = this.#o.min - this.#size() - this.#creating;
    for (; room > 0 && warm > 0; room--, warm--) this.#startCreate();
  }

  /** Whether an in-flight create is still needed: by an uncovered waiter, or to reach `min`. */
  #wanted(): boolean {
    if (this.#state === 'closed') return false;
    if (this.#waiters.size >= this.#validating + this.#creating) return true;
    return this.#state === 'open' && this.#size() + this.#creating <= this.#o.min;
  }

  #startCreate(): void {
    this.#creating++;
    createWithRetries(this.#createContext).then(
      (resource) => this.#createdResource(resource),
      (error: unknown) => this.#createFailed(toError(error)),
    );
  }

  #attemptFailed(error: Error, attempt: number): void {
    this.#count.createErrors++;
    this.#metrics?.counter(POOL_METRICS.createErrors, 1, this.#labels);
    this.#events.emit('createError', { error, attempt });
  }

  #createdResource(resource: T): void {
    if (this.#entries.has(resource)) {
      const error = new Error(`create returned ${describeValue(resource)}, already in the pool`);
      this.#attemptFailed(error, 1);
      this.#createFailed(new PoolCreateError(this.#o.name, 1, error));
      return;
    }
    this.#creating--;
    this.#count.created++;
    this.#metrics?.counter(POOL_METRICS.created, 1, this.#labels);
    const now = this.#clock.now();
    const entry: Entry<T> = {
      resource,
      createdAt: now,
      lastUsedAt: now,
      uses: 0,
      state: IDLE,
      leaseTimer: undefined,
    };
    this.#entries.set(resource, entry);
    this.#events.emit('create', { resource });
    if (this.#waiters.size > 0) this.#serve(entry);
    else if (this.#state === 'open') {
      this.#idle.push(entry);
      this.#scheduleMaintenance();
    } else this.#destroyEntry(entry, 'drain');
    this.#dispatch();
    this.#checkDrained();
  }

  #createFailed(error: Error): void {
    this.#creating--;
    // The oldest waiter no other create or validation covers is the one this create was for.
    if (this.#waiters.size > this.#creating + this.#validating) {
      this.#waiters.shift()!.reject(error);
      this.#waitersLeft();
    } else if (this.#state === 'open' && this.#refillTimer === undefined) {
      // Warming `min` failed: try again after the longest retry delay, never in a tight loop.
      this.#refillTimer = unref(
        this.#clock.setTimeout(() => {
          this.#refillTimer = undefined;
          this.#dispatch();
        }, this.#o.maxDelayMs),
      );
    }
    this.#dispatch();
    this.#checkDrained();
  }

  // ── destroying ─────────────────────────────────────────────────────────────────────────

  #destroyEntry(entry: Entry<T>, reason: DestroyReason, settled?: () => void): void {
    this.#entries.delete(entry.resource);
    if (entry.leaseTimer !== undefined) {
      this.#clock.clearTimeout(entry.leaseTimer);
      entry.leaseTimer = undefined;
    }
    this.#destroyResource(entry.resource, reason, false, settled);
  }

  #destroyResource(resource: T, reason: DestroyReason, late: boolean, settled?: () => void): void {
    if (late) {
      this.#count.created++;
      this.#metrics?.counter(POOL_METRICS.created, 1, this.#labels);
    }
    this.#count.destroyed++;
    this.#metrics?.counter(POOL_METRICS.destroyed, 1, { ...this.#labels, reason });
    this.#events.emit('destroy', { resource, reason });
    const destroy = this.#o.destroy;
    if (destroy === undefined) {
      settled?.();
      return;
    }
    this.#destroying++;
    callDestroy(this.#o, destroy, resource, (error) => {
      this.#destroying--;
      if (error !== undefined) {
        this.#count.destroyErrors++;
        this.#metrics?.counter(POOL_METRICS.destroyErrors, 1, this.#labels);
        this.#events.emit('destroyError', { resource, error });
      }
      settled?.();
      this.#checkDrained();
    });
  }

  // ── maintenance ────────────────────────────────────────────────────────────────────────

  /** Arms the one maintenance timer for the next idle eviction or lifetime expiry, if any. */
  #scheduleMaintenance(): void {
    if (!this.#maintains || this.#maintenanceTimer !== undefined || this.#state !== 'open') return;
    const due = nextMaintenanceAt(this.#o, this.#idle, this.#size());
    if (due === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, due - this.#clock.now());
    this.#maintenanceTimer = unref(this.#clock.setTimeout(this.#maintain, delay));
  }

  readonly #maintain = (): void => {
    this.#maintenanceTimer = undefined;
    const due = takeDue(this.#o, this.#idle, this.#size(), this.#clock.now());
    for (const [entry, reason] of due) this.#destroyEntry(entry, reason);
    this.#dispatch();
    this.#scheduleMaintenance();
  };

  // ── shutting down ──────────────────────────────────────────────────────────────────────

  #shutdown(rejectWaiters: boolean, options: DrainOptions | undefined): Promise<void> {
    const signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      return Promise.reject(invalidArgument('signal', 'an AbortSignal', signal));
    }
    if (this.#state === 'open') {
      this.#state = 'draining';
      this.#drained = new Promise((resolve) => {
        this.#resolveDrained = resolve;
      });
      this.#clearTimer('maintenance');
      this.#clearTimer('refill');
    }
    if (rejectWaiters && this.#waiters.size > 0) {
      for (const waiter of this.#waiters.takeAll()) waiter.reject(this.#closedError());
      this.#waitersLeft();
    }
    this.#checkDrained();
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

  #clearTimer(which: 'maintenance' | 'refill'): void {
    const timer = which === 'maintenance' ? this.#maintenanceTimer : this.#refillTimer;
    if (timer === undefined) return;
    this.#clock.clearTimeout(timer);
    if (which === 'maintenance') this.#maintenanceTimer = undefined;
    else this.#refillTimer = undefined;
  }

  /** Once draining with nobody waiting: stop creating, destroy idle resources, and finish. */
  #checkDrained(): void {
    if (this.#state !== 'draining' || this.#waiters.size > 0 || this.#checking) return;
    this.#checking = true;
    try {
      if (this.#creating > 0 && !this.#createController.signal.aborted) {
        this.#createController.abort(this.#closedError());
      }
      while (this.#idle.length > 0) this.#destroyEntry(this.#idle.pop()!, 'drain');
    } finally {
      this.#checking = false;
    }
    if (
      this.#borrowed + this.#validating + this.#creating + this.#destroying + this.#factoryCalls >
      0
    ) {
      return;
    }
    this.#state = 'closed';
    this.#createController.abort(this.#closedError());
    this.#unregisterGauges?.();
    this.#events.emit('closed', { created: this.#count.created, destroyed: this.#count.destroyed });
    this.#resolveDrained?.();
  }

  #closedError(): PoolClosedError {
    return closedError(this.#o.name, this.#state === 'draining');
  }

  #releaseError(resource: T, entry: Entry<T> | undefined, action: string): PoolReleaseError {
    return releaseError(this.#o.name, resource, entry !== undefined, action);
  }
}
