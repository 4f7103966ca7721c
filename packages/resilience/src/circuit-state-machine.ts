import type { Clock } from '@leanvibe/core/contracts';
import type { BreakerWindow } from './breakers.js';
import type {
  BreakEvent,
  CircuitSettings,
  IsolationHandle,
  RejectEvent,
  StateChangeEvent,
} from './circuit-options.js';
import { BrokenCircuitError, IsolatedCircuitError } from './errors.js';
import { Listeners } from './listeners.js';
import { type Instrument, RESILIENCE_METRICS } from './metrics.js';
import {
  type CircuitSnapshot,
  type CircuitState,
  type CircuitStateStore,
  type RemoteSnapshotListener,
  readSnapshot,
} from './state-store.js';
import { WaitQueue } from './wait-queue.js';

/** What asking the store for the fleet-wide probe gave: the probe, a refusal, or a circuit that moved meanwhile. */
export type ProbeClaim = 'owned' | 'refused' | 'moved';

/**
 * The states of one circuit breaker and the moves between them: when it opens and for how long,
 * when it turns half-open (decided lazily from the clock: no timers), its probe slots, its
 * isolation count, and what each move tells waiting callers, listeners, metrics and the store.
 * It runs no calls: the breaker policy runs them and reports each counted outcome here.
 */
export class CircuitStateMachine {
  /** What each move tells its listeners; the breaker's `onX` methods subscribe here. */
  readonly events = {
    break: new Listeners<BreakEvent>(),
    halfOpen: new Listeners<void>(),
    reset: new Listeners<void>(),
    reject: new Listeners<RejectEvent>(),
    stateChange: new Listeners<StateChangeEvent>(),
    storeError: new Listeners<unknown>(),
  };
  readonly #name: string;
  readonly #clock: Clock;
  readonly #window: BreakerWindow;
  readonly #openTime: (opens: number) => number;
  readonly #maxProbes: number;
  readonly #successThreshold: number;
  readonly #store: CircuitStateStore;
  readonly #instrument: Instrument;
  /** Callers of a half-open circuit waiting (`whenBusy: 'wait'`): `true` runs as a probe, `false` as an ordinary call. */
  readonly #queue = new WaitQueue<boolean>();
  #state: CircuitState = 'closed';
  #generation = 0;
  #openUntil = 0;
  #opens = 0;
  #probing = 0;
  #probeSuccesses = 0;
  #isolations = 0;
  #isolationEpoch = 0;
  readonly #probeLeaseMs: number;
  /** True while this breaker holds the store's probe lease. */
  #leased = false;
  /** True while this breaker's own `save` runs: snapshots handed back meanwhile are its own. */
  #saving = false;
  /** Held strongly here, so a store holding it weakly keeps it exactly as long as the breaker. */
  readonly #remoteListener: RemoteSnapshotListener | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(settings: CircuitSettings, instrument: Instrument) {
    this.#name = settings.common.name;
    this.#clock = settings.common.clock;
    this.#window = settings.window;
    this.#openTime = settings.openTime;
    this.#maxProbes = settings.maxProbes;
    this.#successThreshold = settings.successThreshold;
    this.#store = settings.store;
    this.#instrument = instrument;
    this.#probeLeaseMs = settings.probeLeaseMs;
    if (this.#store.subscribe !== undefined) {
      this.#remoteListener = (snapshot) => this.#applyRemote(snapshot);
      try {
        this.#unsubscribe = this.#store.subscribe(this.#name, this.#remoteListener);
      } catch (error) {
        this.#storeFailed(error);
      }
    }
  }

  /** The state as last moved to; an open circuit whose time is up reads `open` until refreshed. */
  get state(): CircuitState {
    return this.#state;
  }

  /** Counts transitions: an outcome that started in an older generation is not counted. */
  get generation(): number {
    return this.#generation;
  }

  /** Moves an open circuit whose time is up to half-open. */
  refresh(): void {
    if (this.#state === 'open' && this.#clock.now() >= this.#openUntil) {
      this.#transition('half-open');
      this.events.halfOpen.emit(undefined);
    }
  }

  /** Takes a probe slot of the half-open circuit; false when every slot is taken. */
  takeProbe(): boolean {
    if (this.#probing >= this.#maxProbes) return false;
    this.#probing++;
    return true;
  }

  /** Waits for a probe slot or the verdict (`whenBusy: 'wait'`); see {@link WaitQueue.wait}. */
  waitForProbe(signal: AbortSignal): Promise<boolean> {
    return this.#queue.wait(signal);
  }

  /**
   * Asks the store for the fleet-wide right to probe, after a local probe slot was taken. A
   * store without `acquireProbe`, a lease already held, or a store that fails grants it. On a
   * refusal or when the circuit moved while asking, the slot is given back.
   */
  claimProbe(): ProbeClaim | Promise<ProbeClaim> {
    const acquire = this.#store.acquireProbe;
    if (acquire === undefined || this.#leased) return 'owned';
    const generation = this.#generation;
    let granted: boolean | Promise<boolean>;
    try {
      granted = acquire.call(this.#store, this.#name, this.#probeLeaseMs);
    } catch (error) {
      this.#storeFailed(error);
      return 'owned';
    }
    if (!(granted instanceof Promise)) return this.#claimed(generation, granted);
    return granted.then(
      (value) => this.#claimed(generation, value),
      (error) => {
        this.#storeFailed(error);
        return this.#claimed(generation, true, false);
      },
    );
  }

  /** Stops following other breakers and gives back a probe lease (the breaker is done with). */
  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#releaseLease();
  }

  /** A probe succeeded: closes the circuit once enough have. */
  probeSucceeded(): void {
    this.#probing--;
    if (++this.#probeSuccesses >= this.#successThreshold) this.#close();
    else this.#handOverProbe();
  }

  /** A probe ended without a verdict (aborted, or an error that does not count). */
  probeEnded(): void {
    this.#probing--;
    if (this.#probing === 0) this.#releaseLease();
    this.#handOverProbe();
  }

  /** Opens the circuit for the open time its count of opens in a row calls for. */
  open(error: unknown, reason: BreakEvent['reason']): void {
    this.#opens++;
    const openForMs = this.#openTime(this.#opens);
    this.#openUntil = this.#clock.now() + openForMs;
    this.#transition('open');
    this.events.break.emit(Object.freeze({ reason, error, opens: this.#opens, openForMs }));
  }

  /** Holds the circuit isolated until the returned handle (the last of several) is released. */
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

  /** Tells the reject listeners and metrics that a call was refused; returns `error`. */
  reject<E extends BrokenCircuitError | IsolatedCircuitError>(error: E): E {
    this.events.reject.emit(Object.freeze({ state: this.#state, error }));
    this.#instrument.call('rejected', 0);
    return error;
  }

  /** The error refusing a call now: isolated, open (with the time left), or half-open and busy. */
  refusal(elsewhere = false): BrokenCircuitError | IsolatedCircuitError {
    if (this.#state === 'isolated') {
      return new IsolatedCircuitError(`circuit "${this.#name}" is isolated`, {
        policyName: this.#name,
      });
    }
    const retryAfterMs = this.#state === 'open' ? this.#openUntil - this.#clock.now() : 0;
    const message =
      retryAfterMs > 0
        ? `circuit "${this.#name}" is open for another ${Math.ceil(retryAfterMs)} ms`
        : elsewhere
          ? `circuit "${this.#name}" is half-open and its probe runs elsewhere`
          : `circuit "${this.#name}" is half-open and every probe slot is taken`;
    return new BrokenCircuitError(message, {
      policyName: this.#name,
      retryAfterMs: Math.max(0, retryAfterMs),
    });
  }

  /** A JSON-safe snapshot of the state as it is (call {@link refresh} first). */
  snapshot(): CircuitSnapshot {
    const snapshot: CircuitSnapshot = {
      state: this.#state,
      opens: this.#opens,
      window: this.#window.toJSON(),
    };
    if (this.#state !== 'open') return snapshot;
    return { ...snapshot, openForMs: Math.max(0, this.#openUntil - this.#clock.now()) };
  }

  /** Resumes from a checked snapshot. */
  restore(snapshot: CircuitSnapshot): void {
    const now = this.#clock.now();
    this.#window.restore(snapshot.window, now);
    this.#opens = snapshot.opens ?? 0;
    this.#state = snapshot.state;
    this.#generation++;
    if (snapshot.state === 'open') this.#openUntil = now + (snapshot.openForMs ?? 0);
    if (snapshot.state === 'isolated') this.#isolations = 1;
  }

  /**
   * Resumes from the store's snapshot. An asynchronous load that settles after the circuit has
   * moved is ignored; a failed load is reported to the store-error listeners.
   */
  load(): void {
    let loaded: ReturnType<CircuitStateStore['load']>;
    try {
      loaded = this.#store.load(this.#name);
    } catch (error) {
      this.#storeFailed(error);
      return;
    }
    if (!(loaded instanceof Promise)) {
      const snapshot = readSnapshot(loaded);
      if (snapshot !== undefined) this.restore(snapshot);
      return;
    }
    const generation = this.#generation;
    loaded.then(
      (value) => {
        const snapshot = readSnapshot(value);
        if (snapshot !== undefined && generation === this.#generation) this.restore(snapshot);
      },
      (error) => this.#storeFailed(error),
    );
  }

  /** Lets the next waiter in as a probe when a probe ended without a verdict. */
  #handOverProbe(): void {
    while (this.#probing < this.#maxProbes && this.#queue.admitNext(true)) this.#probing++;
  }

  #claimed(generation: number, granted: boolean, lease = granted): ProbeClaim {
    if (lease && generation === this.#generation) this.#leased = true;
    else if (lease) this.#giveBack();
    if (generation !== this.#generation) return 'moved';
    if (granted) return 'owned';
    this.probeEnded();
    return 'refused';
  }

  /** Follows a snapshot another breaker of this name saved: an open, or a verdict that closed. */
  #applyRemote(value: CircuitSnapshot): void {
    if (this.#saving || this.#state === 'isolated') return;
    const snapshot = readSnapshot(value);
    if (snapshot === undefined) return;
    if (snapshot.state === 'open') {
      this.#opens = snapshot.opens ?? this.#opens;
      this.#openUntil = this.#clock.now() + (snapshot.openForMs ?? 0);
      if (this.#state !== 'open') this.#transition('open', true);
    } else if (snapshot.state === 'closed' && this.#state !== 'closed') {
      this.#close(true);
    }
  }

  #releaseLease(): void {
    if (!this.#leased) return;
    this.#leased = false;
    this.#giveBack();
  }

  #giveBack(): void {
    try {
      const released = this.#store.releaseProbe?.(this.#name);
      if (released !== undefined) {
        Promise.resolve(released).catch((error) => this.#storeFailed(error));
      }
    } catch (error) {
      this.#storeFailed(error);
    }
  }

  #close(remote = false): void {
    this.#opens = 0;
    this.#window.reset();
    this.#transition('closed', remote);
    this.events.reset.emit(undefined);
  }

  #transition(to: CircuitState, remote = false): void {
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
    this.events.stateChange.emit(Object.freeze({ from, to, remote }));
    if (!remote) this.#save();
    this.#releaseLease();
  }

  /** Waiters learn the verdict: run as ordinary calls once closed, refused otherwise. */
  #settleWaiters(to: CircuitState): void {
    if (to === 'half-open') return;
    this.#queue.settle(to === 'closed' ? { value: false } : { error: () => this.refusal() });
  }

  #save(): void {
    this.#saving = true;
    try {
      const saved = this.#store.save(this.#name, this.snapshot());
      if (saved !== undefined) Promise.resolve(saved).catch((error) => this.#storeFailed(error));
    } catch (error) {
      this.#storeFailed(error);
    } finally {
      this.#saving = false;
    }
  }

  #storeFailed(error: unknown): void {
    this.events.storeError.emit(error);
  }
}
