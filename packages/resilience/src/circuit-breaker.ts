import { invalidOption, type PolicyContext } from '@leanvibe/core/contracts';
import type { BreakerWindow } from './breakers.js';
import {
  type BreakEvent,
  type CircuitBreakerOptions,
  type IsolationHandle,
  normalizeCircuitOptions,
  type RejectEvent,
  type StateChangeEvent,
} from './circuit-options.js';
import {
  BrokenCircuitError,
  IsolatedCircuitError,
  isBulkheadRejectedError,
  isRateLimitedError,
} from './errors.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import { Instrument, RESILIENCE_METRICS } from './metrics.js';
import {
  callContext,
  type ExecuteOptions,
  type NormalizedCommonOptions,
  type PolicyFunction,
  type ResiliencePolicy,
} from './policy.js';
import { ProbeQueue } from './probe-queue.js';
import {
  type CircuitSnapshot,
  type CircuitState,
  type CircuitStateStore,
  readSnapshot,
} from './state-store.js';

/**
 * A circuit breaker. Closed, it counts failures through its breaker window; open, it refuses
 * calls at once; after the open time (decided lazily from the clock: no timers) it is
 * half-open and lets `maxProbes` calls test the dependency; `isolate()` holds it open by hand.
 * Build it with {@link circuitBreaker}.
 */
export class CircuitBreakerPolicy implements ResiliencePolicy {
  /** @inheritdoc */
  readonly kind = 'circuit-breaker' as const;
  /** @inheritdoc */
  readonly name: string;
  /** The breaker recipe's description, e.g. `consecutive(5)`. */
  readonly breaker: string;
  readonly #common: NormalizedCommonOptions;
  readonly #window: BreakerWindow;
  readonly #openTime: (opens: number) => number;
  readonly #maxProbes: number;
  readonly #successThreshold: number;
  readonly #wait: boolean;
  readonly #slowCallMs: number | undefined;
  readonly #shouldCount: ((error: unknown) => boolean) | undefined;
  readonly #store: CircuitStateStore;
  readonly #timed: boolean;
  readonly #instrument: Instrument;
  #state: CircuitState = 'closed';
  #generation = 0;
  #openUntil = 0;
  #opens = 0;
  #probing = 0;
  #probeSuccesses = 0;
  #isolations = 0;
  #isolationEpoch = 0;
  readonly #queue = new ProbeQueue();
  readonly #events = {
    break: new Listeners<BreakEvent>(),
    halfOpen: new Listeners<void>(),
    reset: new Listeners<void>(),
    reject: new Listeners<RejectEvent>(),
    stateChange: new Listeners<StateChangeEvent>(),
    storeError: new Listeners<unknown>(),
  };

  constructor(options: CircuitBreakerOptions = {}) {
    const settings = normalizeCircuitOptions(options);
    this.#common = settings.common;
    this.name = settings.common.name;
    this.breaker = settings.description;
    this.#window = settings.window;
    this.#openTime = settings.openTime;
    this.#maxProbes = settings.maxProbes;
    this.#successThreshold = settings.successThreshold;
    this.#wait = settings.wait;
    this.#slowCallMs = settings.slowCallMs;
    this.#shouldCount = settings.shouldCount;
    this.#store = settings.store;
    this.#instrument = new Instrument(this.#common.metrics, 'circuit-breaker', this.name);
    this.#timed =
      this.#window.needsTime || this.#slowCallMs !== undefined || this.#instrument.enabled;
    if (options.initialState !== undefined) {
      const snapshot = readSnapshot(options.initialState);
      if (snapshot === undefined) {
        throw invalidOption('initialState', 'a snapshot from toJSON()', options.initialState);
      }
      this.#restore(snapshot);
    } else {
      this.#loadFromStore();
    }
    this.#instrument.gauge(RESILIENCE_METRICS.circuitState, 1, { state: this.#state });
  }

  /** The current state; an open circuit whose time is up reads (and becomes) `half-open`. */
  get state(): CircuitState {
    this.#refresh();
    return this.#state;
  }

  /** Calls `listener` when the circuit opens. */
  onBreak(listener: (event: BreakEvent) => void): Unsubscribe {
    return this.#events.break.add(listener);
  }
  /** Calls `listener` when the circuit becomes half-open. */
  onHalfOpen(listener: () => void): Unsubscribe {
    return this.#events.halfOpen.add(listener);
  }
  /** Calls `listener` when the circuit closes again. */
  onReset(listener: () => void): Unsubscribe {
    return this.#events.reset.add(listener);
  }
  /** Calls `listener` when a call is refused (open, isolated, or half-open and busy). */
  onReject(listener: (event: RejectEvent) => void): Unsubscribe {
    return this.#events.reject.add(listener);
  }
  /** Calls `listener` on every state change. */
  onStateChange(listener: (event: StateChangeEvent) => void): Unsubscribe {
    return this.#events.stateChange.add(listener);
  }
  /** Calls `listener` when the store's `load` or `save` fails (the breaker carries on). */
  onStoreError(listener: (error: unknown) => void): Unsubscribe {
    return this.#events.storeError.add(listener);
  }

  /** @inheritdoc */
  async execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T> {
    const context = callContext(fn, options);
    const probe = this.#state === 'closed' ? false : await this.#admit(context);
    const generation = this.#generation;
    const start = this.#timed ? this.#common.clock.now() : 0;
    let value: T;
    try {
      value = await fn(context);
    } catch (error) {
      this.#failed(generation, probe, error, context, start);
      throw error;
    }
    this.#succeeded(generation, probe, start);
    return value;
  }

  /**
   * Holds the circuit open by hand (state `isolated`) until the returned handle is released;
   * with several handles, until the last one is. Releasing closes the circuit.
   */
  isolate(): IsolationHandle {
    this.#isolations++;
    if (this.#state !== 'isolated') this.#transition('isolated');
    const epoch = this.#isolationEpoch;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (epoch !== this.#isolationEpoch) return;
      if (--this.#isolations === 0) this.#close();
    };
    return { release, [Symbol.dispose]: release };
  }

  /** Closes the circuit from any state, forgetting counts and every isolation. */
  reset(): void {
    this.#isolations = 0;
    this.#isolationEpoch++;
    if (this.#state !== 'closed') this.#close();
    else this.#window.reset();
  }

  /** A JSON-safe snapshot; `circuitBreaker({ initialState })` resumes from it. */
  toJSON(): CircuitSnapshot {
    this.#refresh();
    return this.#snapshot();
  }

  #snapshot(): CircuitSnapshot {
    const snapshot: CircuitSnapshot = {
      state: this.#state,
      opens: this.#opens,
      window: this.#window.toJSON(),
    };
    if (this.#state !== 'open') return snapshot;
    return { ...snapshot, openForMs: Math.max(0, this.#openUntil - this.#common.clock.now()) };
  }

  async #admit(context: PolicyContext): Promise<boolean> {
    this.#refresh();
    switch (this.#state) {
      case 'closed':
        return false;
      case 'isolated':
        throw this.#reject(this.#isolatedError());
      case 'open':
        throw this.#reject(this.#broken(this.#openUntil - this.#common.clock.now()));
      default:
        if (this.#probing < this.#maxProbes) {
          this.#probing++;
          return true;
        }
        if (!this.#wait) throw this.#reject(this.#broken(0));
        return this.#queue.wait(context.signal);
    }
  }

  #broken(retryAfterMs: number): BrokenCircuitError {
    const message =
      retryAfterMs > 0
        ? `circuit "${this.name}" is open for another ${Math.ceil(retryAfterMs)} ms`
        : `circuit "${this.name}" is half-open and every probe slot is taken`;
    return new BrokenCircuitError(message, {
      policyName: this.name,
      retryAfterMs: Math.max(0, retryAfterMs),
    });
  }

  #reject<E extends BrokenCircuitError | IsolatedCircuitError>(error: E): E {
    this.#events.reject.emit(Object.freeze({ state: this.#state, error }));
    this.#instrument.call('rejected', 0);
    return error;
  }

  #succeeded(generation: number, probe: boolean, start: number): void {
    const now = this.#timed ? this.#common.clock.now() : 0;
    this.#instrument.call('success', now - start);
    if (generation !== this.#generation) return;
    if (this.#slowCallMs !== undefined && now - start > this.#slowCallMs) {
      this.#counted(probe, undefined, 'slow-call', now);
      return;
    }
    if (!probe) {
      this.#window.success(now);
      return;
    }
    this.#probing--;
    if (++this.#probeSuccesses >= this.#successThreshold) this.#close();
    else this.#handOverProbe();
  }

  #failed(
    generation: number,
    probe: boolean,
    error: unknown,
    context: PolicyContext,
    start: number,
  ): void {
    const now = this.#timed ? this.#common.clock.now() : 0;
    const counts =
      !context.signal.aborted &&
      !isBulkheadRejectedError(error) &&
      !isRateLimitedError(error) &&
      this.#counts(error);
    this.#instrument.call(counts ? 'failure' : 'aborted', now - start);
    if (generation !== this.#generation) return;
    if (counts) {
      this.#counted(probe, error, 'failure', now);
    } else if (probe) {
      this.#probing--;
      this.#handOverProbe();
    }
  }

  #counts(error: unknown): boolean {
    if (this.#shouldCount === undefined) return true;
    try {
      return this.#shouldCount(error) !== false;
    } catch {
      return true;
    }
  }

  #counted(probe: boolean, error: unknown, reason: BreakEvent['reason'], now: number): void {
    if (probe || this.#window.failure(now)) this.#open(error, reason);
  }

  /** Lets the next waiter in as a probe when a probe ended without a verdict. */
  #handOverProbe(): void {
    while (this.#probing < this.#maxProbes && this.#queue.admitNext()) this.#probing++;
  }

  #refresh(): void {
    if (this.#state === 'open' && this.#common.clock.now() >= this.#openUntil) {
      this.#transition('half-open');
      this.#events.halfOpen.emit(undefined);
    }
  }

  #open(error: unknown, reason: BreakEvent['reason']): void {
    this.#opens++;
    const openForMs = this.#openTime(this.#opens);
    this.#openUntil = this.#common.clock.now() + openForMs;
    this.#transition('open');
    this.#events.break.emit(Object.freeze({ reason, error, opens: this.#opens, openForMs }));
  }

  #close(): void {
    this.#opens = 0;
    this.#window.reset();
    this.#transition('closed');
    this.#events.reset.emit(undefined);
  }

  #transition(to: CircuitState): void {
    const from = this.#state;
    this.#state = to;
    this.#generation++;
    this.#probing = 0;
    this.#probeSuccesses = 0;
    this.#settleWaiters(to);
    if (this.#instrument.enabled) {
      this.#instrument.gauge(RESILIENCE_METRICS.circuitState, 0, { state: from });
      this.#instrument.gauge(RESILIENCE_METRICS.circuitState, 1, { state: to });
      this.#instrument.countWith(RESILIENCE_METRICS.circuitTransitions, { to });
    }
    this.#events.stateChange.emit(Object.freeze({ from, to }));
    this.#save();
  }

  /** Waiters learn the verdict: run as ordinary calls once closed, refused otherwise. */
  #settleWaiters(to: CircuitState): void {
    if (to === 'half-open') return;
    if (to === 'closed') this.#queue.settle(undefined);
    else if (to === 'isolated') this.#queue.settle(() => this.#isolatedError());
    else this.#queue.settle(() => this.#broken(this.#openUntil - this.#common.clock.now()));
  }

  #isolatedError(): IsolatedCircuitError {
    return new IsolatedCircuitError(`circuit "${this.name}" is isolated`, {
      policyName: this.name,
    });
  }

  #save(): void {
    try {
      const saved = this.#store.save(this.name, this.#snapshot());
      if (saved !== undefined) Promise.resolve(saved).catch((error) => this.#storeFailed(error));
    } catch (error) {
      this.#storeFailed(error);
    }
  }

  #storeFailed(error: unknown): void {
    this.#events.storeError.emit(error);
  }

  #loadFromStore(): void {
    let loaded: ReturnType<CircuitStateStore['load']>;
    try {
      loaded = this.#store.load(this.name);
    } catch (error) {
      this.#storeFailed(error);
      return;
    }
    if (!(loaded instanceof Promise)) {
      const snapshot = readSnapshot(loaded);
      if (snapshot !== undefined) this.#restore(snapshot);
      return;
    }
    const generation = this.#generation;
    loaded.then(
      (value) => {
        const snapshot = readSnapshot(value);
        if (snapshot !== undefined && generation === this.#generation) this.#restore(snapshot);
      },
      (error) => this.#storeFailed(error),
    );
  }

  #restore(snapshot: CircuitSnapshot): void {
    const now = this.#common.clock.now();
    this.#window.restore(snapshot.window, now);
    this.#opens = snapshot.opens ?? 0;
    this.#state = snapshot.state;
    this.#generation++;
    if (snapshot.state === 'open') this.#openUntil = now + (snapshot.openForMs ?? 0);
    if (snapshot.state === 'isolated') this.#isolations = 1;
  }
}

/**
 * Builds a circuit breaker policy.
 *
 * @example
 * ```ts
 * const breaker = circuitBreaker({
 *   breaker: consecutive(5),
 *   halfOpenAfterMs: 10_000,
 *   halfOpen: { maxProbes: 1, successThreshold: 2 },
 * });
 * breaker.onBreak(({ error }) => console.warn('circuit opened', error));
 * await breaker.execute(() => callTheService());
 * ```
 */
export function circuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreakerPolicy {
  return new CircuitBreakerPolicy(options);
}
