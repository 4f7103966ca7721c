import {
  type Clock,
  checkOptionsObject,
  checkSignal,
  checkString,
  invalidArgument,
  invalidOption,
  type MetricsSink,
  neverAbortedSignal,
  type PolicyContext,
  type PolicyExecuteOptions,
  systemClock,
} from '@leanvibe/core/contracts';

/** Options of one `execute` call of a policy of this package. */
export interface ExecuteOptions extends PolicyExecuteOptions {
  /**
   * The attempt number handed to `fn` as `context.attempt`. A pipeline sets it from the policy
   * outside, so a function behind `pipeline(retry, timeout)` sees the retry's attempt.
   * @default 1
   */
  readonly attempt?: number;
}

/** The function a policy runs: it receives the signal to honour and the attempt number. */
export type PolicyFunction<T> = (context: PolicyContext) => T | Promise<T>;

/** What kind of policy an object is, for introspection (`pipeline.policies`). */
export type PolicyKind =
  | 'retry'
  | 'circuit-breaker'
  | 'timeout'
  | 'bulkhead'
  | 'fallback'
  | 'rate-limit'
  | 'pipeline';

/**
 * A policy of this package. It implements core's `Policy`; `Extra` is what it may resolve with
 * besides `fn`'s own value (a fallback's value; `never` for every other policy).
 */
export interface ResiliencePolicy<Extra = never> {
  /** What kind of policy this is. */
  readonly kind: PolicyKind;
  /** The `name` option, used in metric labels and error details. */
  readonly name: string;
  /** Runs `fn` under this policy. `fn`'s own errors are rethrown unwrapped. */
  execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T | Extra>;
}

/** Options every policy accepts. */
export interface CommonPolicyOptions {
  /** Names the policy in metric labels (`name="..."`) and error details. @default the policy kind */
  readonly name?: string;
  /** Receives `leanvibe_resilience_*` counters, gauges and duration histograms (in seconds). */
  readonly metrics?: MetricsSink;
  /** Where time comes from; inject `createManualClock()` in tests. @default systemClock */
  readonly clock?: Clock;
}

/** The common options after validation. */
export interface NormalizedCommonOptions {
  readonly name: string;
  readonly metrics: MetricsSink | undefined;
  readonly clock: Clock;
}

/** Validates the options object and the common options; `kind` is the default name. */
export function normalizeCommon(
  options: CommonPolicyOptions | undefined,
  kind: PolicyKind,
): NormalizedCommonOptions {
  const object = checkOptionsObject('options', options ?? {}) as CommonPolicyOptions;
  const name = object.name === undefined ? kind : checkString('name', object.name);
  const metrics = object.metrics;
  if (
    metrics !== undefined &&
    (typeof metrics !== 'object' ||
      metrics === null ||
      typeof metrics.counter !== 'function' ||
      typeof metrics.gauge !== 'function' ||
      typeof metrics.histogram !== 'function')
  ) {
    throw invalidOption('metrics', 'a MetricsSink (counter, gauge, histogram)', metrics);
  }
  const clock = object.clock ?? systemClock;
  if (
    typeof clock !== 'object' ||
    clock === null ||
    typeof clock.now !== 'function' ||
    typeof clock.setTimeout !== 'function' ||
    typeof clock.clearTimeout !== 'function'
  ) {
    throw invalidOption('clock', 'a Clock (now, setTimeout, clearTimeout)', clock);
  }
  return { name, metrics, clock };
}

let firstContext: PolicyContext | undefined;
let never: AbortSignal | undefined;

/**
 * The context handed to `fn`. Without a signal and on the first attempt every call shares one
 * frozen object, so the common case allocates nothing.
 */
export function contextFor(signal: AbortSignal | undefined, attempt: number): PolicyContext {
  never ??= neverAbortedSignal();
  if ((signal === undefined || signal === never) && attempt === 1) {
    firstContext ??= Object.freeze({ signal: never, attempt: 1 });
    return firstContext;
  }
  return Object.freeze({ signal: signal ?? never, attempt });
}

/**
 * Where a pipeline puts the outer policy's context in the options of the inner one. Policies of
 * this package hand that very object on to `fn`, so a signal an outer policy creates lazily
 * (the timeout's) is only created when something reads it.
 */
const OUTER_CONTEXT: unique symbol = Symbol('leanvibe.resilience.outerContext');

interface PassedOptions extends ExecuteOptions {
  readonly [OUTER_CONTEXT]: PolicyContext;
}

/** The options a pipeline gives the inner policy: the outer context, read lazily. */
export function passContext(context: PolicyContext): ExecuteOptions {
  const options: PassedOptions = {
    [OUTER_CONTEXT]: context,
    get signal() {
      return context.signal;
    },
    get attempt() {
      return context.attempt;
    },
  };
  return options;
}

/**
 * Checks the arguments of an `execute` call and returns the context to hand `fn`: the shared
 * one when no options were given, the outer policy's in a pipeline, else a new frozen one.
 */
export function callContext(fn: unknown, options: ExecuteOptions | undefined): PolicyContext {
  if (typeof fn !== 'function') throw invalidArgument('fn', 'a function', fn);
  if (options === undefined) return contextFor(undefined, 1);
  const outer = (options as Partial<PassedOptions>)[OUTER_CONTEXT];
  if (outer !== undefined) return outer;
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument('options', 'an object', options);
  }
  const signal = checkSignal('options.signal', options.signal);
  const attempt = options.attempt ?? 1;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw invalidArgument('options.attempt', 'an integer ≥ 1', attempt);
  }
  return contextFor(signal, attempt);
}
