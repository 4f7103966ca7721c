import { type Clock, systemClock } from '@leanvibe/core/contracts';

/** The states of a circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * A JSON-safe picture of a circuit breaker, from `toJSON()`; hand it back as `initialState`
 * (or through a {@link CircuitStateStore}) to resume where it was.
 */
export interface CircuitSnapshot {
  readonly state: CircuitState;
  /** While open: milliseconds left before a probe is admitted, counted from the snapshot. */
  readonly openForMs?: number;
  /** How many times in a row the circuit opened since it was last closed. */
  readonly opens?: number;
  /** The breaker window's counts (see `BreakerWindow.toJSON`). */
  readonly window?: unknown;
}

/** Called with a snapshot another breaker of the same name saved (see {@link CircuitStateStore.subscribe}). */
export type RemoteSnapshotListener = (snapshot: CircuitSnapshot) => void;

/**
 * Where circuit breakers keep their last snapshot, keyed by the breaker's `name`: the hook for
 * an adapter that shares circuit state across processes (Redis, a database). `load` is read
 * once, when the breaker is built; `save` is called on every state change. Both may be
 * asynchronous; a snapshot that loads after the breaker has already changed state is ignored.
 *
 * Two optional hooks make the state shared rather than a hint:
 * - `subscribe` tells a breaker what other breakers of its name saved: a remote `open` makes it
 *   refuse, a remote `closed` closes it (the verdict of a probe run elsewhere);
 * - `acquireProbe`/`releaseProbe` give one breaker of the name, fleet-wide, the right to probe
 *   a half-open circuit; the others refuse until the verdict arrives.
 *
 * The closed-state success path never calls the store.
 */
export interface CircuitStateStore {
  /** The last snapshot saved under `name`, if any. */
  load(name: string): CircuitSnapshot | undefined | Promise<CircuitSnapshot | undefined>;
  /** Records a state change of the breaker `name` (and, with `subscribe`, tells the others). */
  save(name: string, snapshot: CircuitSnapshot): void | Promise<void>;
  /**
   * Calls `listener` with each snapshot saved under `name` by other breakers. A snapshot handed
   * to the saving breaker itself while its `save` runs is ignored, so an in-process store may
   * simply call every listener. The store may hold the listener weakly: the breaker keeps it
   * alive while it is. Returns the function that stops the subscription.
   */
  subscribe?(name: string, listener: RemoteSnapshotListener): () => void;
  /**
   * Asks for the right to probe the half-open circuit `name`, held for at most `ttlMs` (so it
   * dies with a holder that never reports). True when granted; a failure grants it.
   */
  acquireProbe?(name: string, ttlMs: number): boolean | Promise<boolean>;
  /** Gives the right to probe back (the verdict is in, or the probe ended without one). */
  releaseProbe?(name: string): void | Promise<void>;
}

/** Options of {@link createMemoryStateStore}. */
export interface MemoryStateStoreOptions {
  /** Where probe ownership's time comes from; inject `createManualClock()` in tests. @default systemClock */
  readonly clock?: Clock;
}

/** A {@link CircuitStateStore} in memory: the default, and a model for adapters. */
export interface MemoryStateStore extends CircuitStateStore {
  load(name: string): CircuitSnapshot | undefined;
  save(name: string, snapshot: CircuitSnapshot): void;
  subscribe(name: string, listener: RemoteSnapshotListener): () => void;
  acquireProbe(name: string, ttlMs: number): boolean;
  releaseProbe(name: string): void;
  /** How many breakers have saved a snapshot. */
  readonly size: number;
}

/**
 * Creates an in-memory state store. Share one between breakers built over time (say, per
 * request handler) so a new breaker starts from the last one's state; breakers of one name
 * alive at the same time follow each other's opens and verdicts and take turns to probe.
 * Listeners are held weakly, so breakers built per request are not kept alive by the store.
 *
 * @example
 * ```ts
 * const store = createMemoryStateStore();
 * const a = circuitBreaker({ name: 'billing', store });
 * const b = circuitBreaker({ name: 'billing', store }); // starts as `a` last was
 * ```
 */
export function createMemoryStateStore(options: MemoryStateStoreOptions = {}): MemoryStateStore {
  const clock = options.clock ?? systemClock;
  const snapshots = new Map<string, CircuitSnapshot>();
  const listeners = new Map<string, Set<WeakRef<RemoteSnapshotListener>>>();
  const probes = new Map<string, number>();
  return {
    load: (name) => snapshots.get(name),
    save(name, snapshot) {
      snapshots.set(name, snapshot);
      const set = listeners.get(name);
      if (set === undefined) return;
      for (const ref of [...set]) {
        const listener = ref.deref();
        if (listener === undefined) set.delete(ref);
        else listener(snapshot);
      }
      if (set.size === 0) listeners.delete(name);
    },
    subscribe(name, listener) {
      const ref = new WeakRef(listener);
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(ref);
      const own = set;
      return () => {
        own.delete(ref);
        if (own.size === 0 && listeners.get(name) === own) listeners.delete(name);
      };
    },
    acquireProbe(name, ttlMs) {
      const now = clock.now();
      const until = probes.get(name);
      if (until !== undefined && until > now) return false;
      probes.set(name, now + ttlMs);
      return true;
    },
    releaseProbe(name) {
      probes.delete(name);
    },
    get size() {
      return snapshots.size;
    },
  };
}

/** Checks a snapshot handed back as `initialState` or by a store; returns undefined when unusable. */
export function readSnapshot(value: unknown): CircuitSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { state, openForMs, opens, window } = value as Record<string, unknown>;
  if (state !== 'closed' && state !== 'open' && state !== 'half-open' && state !== 'isolated') {
    return undefined;
  }
  return {
    state,
    openForMs: typeof openForMs === 'number' && openForMs > 0 ? openForMs : 0,
    opens: Number.isInteger(opens) && (opens as number) > 0 ? (opens as number) : 0,
    window,
  };
}
