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

/**
 * Where circuit breakers keep their last snapshot, keyed by the breaker's `name`: the hook for
 * an adapter that shares open/closed hints across processes (Redis, a database). `load` is
 * read once, when the breaker is built; `save` is called on every state change. Both may be
 * asynchronous; a snapshot that loads after the breaker has already changed state is ignored.
 */
export interface CircuitStateStore {
  load(name: string): CircuitSnapshot | undefined | Promise<CircuitSnapshot | undefined>;
  save(name: string, snapshot: CircuitSnapshot): void | Promise<void>;
}

/** A {@link CircuitStateStore} in memory: the default, and a model for adapters. */
export interface MemoryStateStore extends CircuitStateStore {
  load(name: string): CircuitSnapshot | undefined;
  save(name: string, snapshot: CircuitSnapshot): void;
  /** How many breakers have saved a snapshot. */
  readonly size: number;
}

/**
 * Creates an in-memory state store. Share one between breakers built over time (say, per
 * request handler) so a new breaker starts from the last one's state.
 *
 * @example
 * ```ts
 * const store = createMemoryStateStore();
 * const a = circuitBreaker({ name: 'billing', store });
 * const b = circuitBreaker({ name: 'billing', store }); // starts as `a` last was
 * ```
 */
export function createMemoryStateStore(): MemoryStateStore {
  const snapshots = new Map<string, CircuitSnapshot>();
  return {
    load: (name) => snapshots.get(name),
    save(name, snapshot) {
      snapshots.set(name, snapshot);
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
