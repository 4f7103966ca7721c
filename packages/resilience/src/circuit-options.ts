import {
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkOneOf,
  checkOptionsObject,
  invalidOption,
} from '@leanvibe/core/contracts';
import { type Breaker, type BreakerWindow, consecutive } from './breakers.js';
import type { BrokenCircuitError, IsolatedCircuitError } from './errors.js';
import {
  type CommonPolicyOptions,
  type NormalizedCommonOptions,
  normalizeCommon,
} from './policy.js';
import {
  type CircuitSnapshot,
  type CircuitState,
  type CircuitStateStore,
  createMemoryStateStore,
} from './state-store.js';

/** How a half-open circuit admits probes. */
export interface HalfOpenOptions {
  /** Calls let through at once to test the dependency. @default 1 */
  readonly maxProbes?: number;
  /** Successful probes needed to close the circuit. @default 1 */
  readonly successThreshold?: number;
  /** What other callers do while every probe slot is taken: be rejected, or wait for the verdict. @default 'reject' */
  readonly whenBusy?: 'reject' | 'wait';
  /**
   * With a store that grants probes fleet-wide (`acquireProbe`), the longest a probe's right is
   * held, so it dies with a holder that never reports. Breakers of the name in other processes
   * refuse calls while another holds it. @default 10000
   */
  readonly probeLeaseMs?: number;
}

/** Options of {@link circuitBreaker}. */
export interface CircuitBreakerOptions extends CommonPolicyOptions {
  /** When to open. @default consecutive(5) */
  readonly breaker?: Breaker;
  /** How long the circuit stays open before admitting a probe. @default 10000 */
  readonly halfOpenAfterMs?: number;
  /**
   * The open time as a function of how many times in a row the circuit opened (1, 2, ...), for
   * growing waits; replaces `halfOpenAfterMs`. A negative or non-finite result counts as 0.
   */
  readonly halfOpenBackoff?: (opens: number) => number;
  /** Probing rules of the half-open state. */
  readonly halfOpen?: HalfOpenOptions;
  /** A call slower than this counts as a failure (its value is still returned). @default none */
  readonly slowCallMs?: number;
  /**
   * Whether an error counts as a failure. Bulkhead and rate-limit rejections and calls whose
   * caller aborted never count. @default every other error
   */
  readonly shouldCount?: (error: unknown) => boolean;
  /** Where to start, e.g. a previous `toJSON()`. Wins over the store's snapshot. */
  readonly initialState?: CircuitSnapshot;
  /** Where snapshots are loaded from and saved on every state change. @default a private memory store */
  readonly store?: CircuitStateStore;
}

/** Emitted when the circuit opens. */
export interface BreakEvent {
  /** `failure` (the breaker tripped, or a probe failed) or `slow-call`. */
  readonly reason: 'failure' | 'slow-call';
  /** The error of the call that opened it (undefined for a slow call that succeeded). */
  readonly error: unknown;
  /** How many times in a row the circuit opened since it was closed. */
  readonly opens: number;
  /** How long it stays open. */
  readonly openForMs: number;
}

/** Emitted on every state change. */
export interface StateChangeEvent {
  readonly from: CircuitState;
  readonly to: CircuitState;
  /** True when the breaker followed another breaker of its name through the store. */
  readonly remote: boolean;
}

/** Emitted when a call is refused without running. */
export interface RejectEvent {
  readonly state: CircuitState;
  readonly error: BrokenCircuitError | IsolatedCircuitError;
}

/** Returned by `isolate()`: the circuit stays isolated until every handle is released. */
export interface IsolationHandle extends Disposable {
  /** Releases this isolation (idempotent). */
  release(): void;
}

/** The circuit breaker's options after validation. */
export interface CircuitSettings {
  readonly common: NormalizedCommonOptions;
  readonly description: string;
  readonly window: BreakerWindow;
  readonly openTime: (opens: number) => number;
  readonly maxProbes: number;
  readonly successThreshold: number;
  readonly wait: boolean;
  readonly slowCallMs: number | undefined;
  readonly shouldCount: ((error: unknown) => boolean) | undefined;
  readonly store: CircuitStateStore;
  readonly probeLeaseMs: number;
}

/** Validates every option (except `initialState`, read by the breaker), naming the bad one. */
export function normalizeCircuitOptions(options: CircuitBreakerOptions): CircuitSettings {
  const common = normalizeCommon(options, 'circuit-breaker');
  const recipe = options.breaker ?? consecutive(5);
  if (typeof recipe?.create !== 'function') {
    throw invalidOption('breaker', 'a breaker such as consecutive(5)', recipe);
  }
  if (options.halfOpenBackoff !== undefined && options.halfOpenAfterMs !== undefined) {
    throw invalidOption(
      'halfOpenBackoff',
      'omitted when halfOpenAfterMs is given',
      options.halfOpenBackoff,
    );
  }
  let openTime: (opens: number) => number;
  if (options.halfOpenBackoff === undefined) {
    const ms = checkFiniteNumber('halfOpenAfterMs', options.halfOpenAfterMs ?? 10_000, { min: 0 });
    openTime = () => ms;
  } else {
    const backoff = checkFunction<(opens: number) => number>(
      'halfOpenBackoff',
      options.halfOpenBackoff,
    );
    openTime = (opens) => {
      const ms = backoff(opens);
      return Number.isFinite(ms) && ms > 0 ? ms : 0;
    };
  }
  const halfOpen = checkOptionsObject('halfOpen', options.halfOpen ?? {}) as HalfOpenOptions;
  const store = options.store ?? createMemoryStateStore();
  if (typeof store?.load !== 'function' || typeof store.save !== 'function') {
    throw invalidOption('store', 'a CircuitStateStore (load, save)', options.store);
  }
  for (const hook of ['subscribe', 'acquireProbe', 'releaseProbe'] as const) {
    if (store[hook] !== undefined && typeof store[hook] !== 'function') {
      throw invalidOption(`store.${hook}`, 'a function when given', store[hook]);
    }
  }
  if ((store.acquireProbe === undefined) !== (store.releaseProbe === undefined)) {
    throw invalidOption(
      'store',
      'a store with both acquireProbe and releaseProbe, or neither',
      store,
    );
  }
  return {
    common,
    description: String(recipe.description),
    window: recipe.create(),
    openTime,
    maxProbes: checkInteger('halfOpen.maxProbes', halfOpen.maxProbes ?? 1, { min: 1 }),
    successThreshold: checkInteger('halfOpen.successThreshold', halfOpen.successThreshold ?? 1, {
      min: 1,
    }),
    wait:
      checkOneOf('halfOpen.whenBusy', halfOpen.whenBusy ?? 'reject', ['reject', 'wait']) === 'wait',
    slowCallMs:
      options.slowCallMs === undefined
        ? undefined
        : checkFiniteNumber('slowCallMs', options.slowCallMs, { min: 0 }),
    shouldCount:
      options.shouldCount === undefined
        ? undefined
        : checkFunction<(error: unknown) => boolean>('shouldCount', options.shouldCount),
    store,
    probeLeaseMs: checkFiniteNumber('halfOpen.probeLeaseMs', halfOpen.probeLeaseMs ?? 10_000, {
      min: 1,
    }),
  };
}
