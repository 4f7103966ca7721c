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
import { CircuitStateMachine } from './circuit-state-machine.js';
import { diagnosticsChannel, RESILIENCE_DIAGNOSTICS_CHANNELS } from './diagnostics.js';
import { isBulkheadRejectedError, isRateLimitedError } from './errors.js';
import type { Unsubscribe } from './listeners.js';
import { Instrument, RESILIENCE_METRICS } from './metrics.js';
import {
  callContext,
  type ExecuteOptions,
  type NormalizedCommonOptions,
  type PolicyFunction,
  type ResiliencePolicy,
} from './policy.js';
import { type CircuitSnapshot, type CircuitState, readSnapshot } from './state-store.js';

const breakerChannel = diagnosticsChannel(RESILIENCE_DIAGNOSTICS_CHANNELS.circuitBreaker);

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
  readonly #wait: boolean;
  readonly #slowCallMs: number | undefined;
  readonly #shouldCount: ((error: unknown) => boolean) | undefined;
  readonly #timed: boolean;
  readonly #instrument: Instrument;
  readonly #machine: CircuitStateMachine;

  constructor(options: CircuitBreakerOptions = {}) {
    const settings = normalizeCircuitOptions(options);
    this.#common = settings.common;
    this.name = settings.common.name;
    this.breaker = settings.description;
    this.#window = settings.window;
    this.#wait = settings.wait;
    this.#slowCallMs = settings.slowCallMs;
    this.#shouldCount = settings.shouldCount;
    this.#instrument = new Instrument(this.#common.metrics, 'circuit-breaker', this.name);
    this.#machine = new CircuitStateMachine(settings, this.#instrument);
    const name = this.name;
    this.#machine.events.stateChange.add(({ from, to, remote }) => {
      if (breakerChannel.hasSubscribers) {
        breakerChannel.publish({
          policy: 'circuit-breaker',
          name,
          event: 'state-change',
          from,
          to,
          remote,
        });
      }
    });
    this.#machine.events.reject.add(({ state, error }) => {
      if (breakerChannel.hasSubscribers) {
        breakerChannel.publish({ policy: 'circuit-breaker', name, event: 'reject', state, error });
      }
    });
    this.#timed =
      this.#window.needsTime || this.#slowCallMs !== undefined || this.#instrument.enabled;
    if (options.initialState !== undefined) {
      const snapshot = readSnapshot(options.initialState);
      if (snapshot === undefined) {
        throw invalidOption('initialState', 'a snapshot from toJSON()', options.initialState);
      }
      this.#machine.restore(snapshot);
    } else {
      this.#machine.load();
    }
    this.#instrument.gauge(RESILIENCE_METRICS.circuitState, 1, { state: this.#machine.state });
  }

  /** The current state; an open circuit whose time is up reads (and becomes) `half-open`. */
  get state(): CircuitState {
    this.#machine.refresh();
    return this.#machine.state;
  }

  /** Calls `listener` when the circuit opens. */
  onBreak(listener: (event: BreakEvent) => void): Unsubscribe {
    return this.#machine.events.break.add(listener);
  }
  /** Calls `listener` when the circuit becomes half-open. */
  onHalfOpen(listener: () => void): Unsubscribe {
    return this.#machine.events.halfOpen.add(listener);
  }
  /** Calls `listener` when the circuit closes again. */
  onReset(listener: () => void): Unsubscribe {
    return this.#machine.events.reset.add(listener);
  }
  /** Calls `listener` when a call is refused (open, isolated, or half-open and busy). */
  onReject(listener: (event: RejectEvent) => void): Unsubscribe {
    return this.#machine.events.reject.add(listener);
  }
  /** Calls `listener` on every state change. */
  onStateChange(listener: (event: StateChangeEvent) => void): Unsubscribe {
    return this.#machine.events.stateChange.add(listener);
  }
  /** Calls `listener` when the store's `load` or `save` fails (the breaker carries on). */
  onStoreError(listener: (error: unknown) => void): Unsubscribe {
    return this.#machine.events.storeError.add(listener);
  }

  /** @inheritdoc */
  async execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T> {
    const context = callContext(fn, options);
    const probe = this.#machine.state === 'closed' ? false : await this.#admit(context);
    const generation = this.#machine.generation;
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
    return this.#machine.isolate();
  }

  /** Closes the circuit from any state, forgetting counts and every isolation. */
  reset(): void {
    this.#machine.reset();
  }

  /** A JSON-safe snapshot; `circuitBreaker({ initialState })` resumes from it. */
  toJSON(): CircuitSnapshot {
    this.#machine.refresh();
    return this.#machine.snapshot();
  }

  /**
   * Stops following other breakers of this name through the store and gives back a probe
   * lease it holds. The breaker still runs calls, on its own.
   */
  dispose(): void {
    this.#machine.dispose();
  }

  /** Same as {@link CircuitBreakerPolicy.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.#machine.dispose();
  }

  /**
   * How a call meets a circuit that is not closed: as a probe, an ordinary call, or refused.
   * A probe also needs the store's fleet-wide right to probe; without it the call is refused.
   */
  async #admit(context: PolicyContext): Promise<boolean> {
    const machine = this.#machine;
    for (;;) {
      machine.refresh();
      switch (machine.state) {
        case 'closed':
          return false;
        case 'isolated':
        case 'open':
          throw machine.reject(machine.refusal());
      }
      let probe: boolean;
      if (machine.takeProbe()) probe = true;
      else if (!this.#wait) throw machine.reject(machine.refusal());
      else probe = await machine.waitForProbe(context.signal);
      if (!probe) return false;
      const claim = await machine.claimProbe();
      if (claim === 'owned') return true;
      if (claim === 'refused') throw machine.reject(machine.refusal(true));
    }
  }

  #succeeded(generation: number, probe: boolean, start: number): void {
    const now = this.#timed ? this.#common.clock.now() : 0;
    this.#instrument.call('success', now - start);
    if (generation !== this.#machine.generation) return;
    if (this.#slowCallMs !== undefined && now - start > this.#slowCallMs) {
      this.#counted(probe, undefined, 'slow-call', now);
      return;
    }
    if (!probe) {
      this.#window.success(now);
      return;
    }
    this.#machine.probeSucceeded();
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
    if (generation !== this.#machine.generation) return;
    if (counts) {
      this.#counted(probe, error, 'failure', now);
    } else if (probe) {
      this.#machine.probeEnded();
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
    if (probe || this.#window.failure(now)) this.#machine.open(error, reason);
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
