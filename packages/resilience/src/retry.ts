import {
  abortReason,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
} from '@leanvibe/core/contracts';
import { type Backoff, type Jitter, nextDelay, normalizeBackoff } from './backoff.js';
import { diagnosticsChannel, RESILIENCE_DIAGNOSTICS_CHANNELS } from './diagnostics.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import { Instrument, RESILIENCE_METRICS } from './metrics.js';
import {
  type CommonPolicyOptions,
  callContext,
  contextFor,
  type ExecuteOptions,
  type NormalizedCommonOptions,
  normalizeCommon,
  type PolicyFunction,
  type ResiliencePolicy,
} from './policy.js';
import { sleep } from './sleep.js';

/** What retry hooks receive about a failed attempt. Frozen. */
export interface RetryContext {
  /** What the attempt threw or rejected with, unchanged. */
  readonly error: unknown;
  /** The attempt that failed: 1 for the first. */
  readonly attempt: number;
  /** Retries consumed before this failure. */
  readonly retriesConsumed: number;
  /** Retries left before this failure (`Infinity` with `retries: Infinity`). */
  readonly retriesLeft: number;
  /** Milliseconds since the first attempt failed (0 for the first failure). */
  readonly elapsedMs: number;
}

/** Options of {@link retry}. */
export interface RetryOptions extends CommonPolicyOptions {
  /** How many times to retry after the first attempt (`Infinity` allowed). @default 3 */
  readonly retries?: number;
  /** The first delay, and the floor of decorrelated jitter. @default 100 */
  readonly minDelayMs?: number;
  /** The largest computed delay. @default 30000 (or minDelayMs when larger) */
  readonly maxDelayMs?: number;
  /** Growth of the delay per consumed retry (≥ 1). @default 2 */
  readonly factor?: number;
  /** How delays are randomised. @default 'full' */
  readonly jitter?: Jitter;
  /** Whether an error is worth retrying. @default every error */
  readonly shouldRetry?: (context: RetryContext) => boolean | Promise<boolean>;
  /**
   * Whether this failure uses up one of `retries` (e.g. not for a 429 that says when to come
   * back). A failure that consumes none does not grow the delay. @default true
   */
  readonly shouldConsumeRetry?: (context: RetryContext) => boolean | Promise<boolean>;
  /**
   * The delay for this failure in milliseconds, e.g. from a `Retry-After` header or a
   * `RateLimitedError`'s `retryAfterMs`; `undefined` falls back to the backoff. Not capped by
   * `maxDelayMs` (the server knows best), but bounded by `maxElapsedMs`.
   */
  readonly delayFor?: (error: unknown, context: RetryContext) => number | undefined;
  /**
   * No retry starts later than this many milliseconds after the first failure: a retry whose
   * delay would end past it is not made. Measured from the first failure, so a call that
   * succeeds at once never reads the clock. @default Infinity
   */
  readonly maxElapsedMs?: number;
  /** The random source of jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** Emitted before each retry's delay. */
export interface RetryEvent {
  readonly error: unknown;
  /** The attempt that failed. */
  readonly attempt: number;
  /** How long the policy waits before the next attempt. */
  readonly delayMs: number;
}

/** Why a retry policy stopped retrying. */
export type GiveUpReason = 'exhausted' | 'not-retryable' | 'max-elapsed' | 'aborted';

/** Emitted when the policy rejects after trying. */
export interface GiveUpEvent {
  readonly error: unknown;
  /** Attempts made. */
  readonly attempts: number;
  readonly reason: GiveUpReason;
}

type PRetry = typeof import('p-retry')['default'];
let pRetryModule: Promise<PRetry> | undefined;

// p-retry is loaded on the first retry only: a first attempt that succeeds never pays for it,
// a cold import of this package does not load it, and CommonJS builds get it through a native
// dynamic import instead of `require(esm)`.
function loadPRetry(): Promise<PRetry> {
  pRetryModule ??= import('p-retry').then((module) => module.default);
  return pRetryModule;
}

/** Carries an attempt's error through p-retry, which would otherwise reinterpret TypeErrors and non-Errors. */
const retryChannel = diagnosticsChannel(RESILIENCE_DIAGNOSTICS_CHANNELS.retry);

class AttemptFailure extends Error {
  constructor(readonly error: unknown) {
    super('attempt failed');
  }
}

interface CallState {
  firstFailureAt: number;
  consumed: number;
  previousDelay: number | undefined;
  context: RetryContext | undefined;
  lastConsume: boolean;
  giveUp: GiveUpReason;
}

/** A policy that runs `fn` again after a failure, with backoff. Build it with {@link retry}. */
export class RetryPolicy implements ResiliencePolicy {
  /** @inheritdoc */
  readonly kind = 'retry' as const;
  /** @inheritdoc */
  readonly name: string;
  /** `retries` as validated. */
  readonly retries: number;
  /** `maxElapsedMs` as validated. */
  readonly maxElapsedMs: number;
  readonly #common: NormalizedCommonOptions;
  readonly #backoff: Backoff;
  readonly #shouldRetry: RetryOptions['shouldRetry'];
  readonly #shouldConsume: RetryOptions['shouldConsumeRetry'];
  readonly #delayFor: RetryOptions['delayFor'];
  readonly #instrument: Instrument;
  readonly #onRetry = new Listeners<RetryEvent>();
  readonly #onGiveUp = new Listeners<GiveUpEvent>();

  constructor(options: RetryOptions = {}) {
    this.#common = normalizeCommon(options, 'retry');
    this.name = this.#common.name;
    this.retries = checkInteger('retries', options.retries ?? 3, { min: 0, allowInfinity: true });
    this.maxElapsedMs =
      options.maxElapsedMs === undefined || options.maxElapsedMs === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : checkFiniteNumber('maxElapsedMs', options.maxElapsedMs, { min: 0 });
    this.#backoff = normalizeBackoff(options);
    this.#shouldRetry = optionalFunction('shouldRetry', options.shouldRetry);
    this.#shouldConsume = optionalFunction('shouldConsumeRetry', options.shouldConsumeRetry);
    this.#delayFor = optionalFunction('delayFor', options.delayFor);
    this.#instrument = new Instrument(this.#common.metrics, 'retry', this.name);
  }

  /** Calls `listener` before each retry's delay. */
  onRetry(listener: (event: RetryEvent) => void): Unsubscribe {
    return this.#onRetry.add(listener);
  }

  /** Calls `listener` when the policy stops retrying and rejects. */
  onGiveUp(listener: (event: GiveUpEvent) => void): Unsubscribe {
    return this.#onGiveUp.add(listener);
  }

  /** @inheritdoc */
  async execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T> {
    const outer = callContext(fn, options);
    const instrument = this.#instrument;
    const started = instrument.enabled ? this.#common.clock.now() : 0;
    try {
      const value = await fn(outer.attempt === 1 ? outer : contextFor(outer.signal, 1));
      if (instrument.enabled) instrument.call('success', this.#common.clock.now() - started);
      return value;
    } catch (error) {
      return this.#retry(fn, error, outer.signal, started);
    }
  }

  async #retry<T>(
    fn: PolicyFunction<T>,
    firstError: unknown,
    signal: AbortSignal,
    started: number,
  ): Promise<T> {
    const clock = this.#common.clock;
    const state: CallState = {
      firstFailureAt: clock.now(),
      consumed: 0,
      previousDelay: undefined,
      context: undefined,
      lastConsume: true,
      giveUp: 'exhausted',
    };
    let attempts = 1;
    try {
      // The first failure is decided here, by the same rules p-retry's hooks apply later.
      if (signal.aborted) this.#abort(state, signal);
      state.context = this.#context(state, firstError, 1);
      const consume = await this.#consume(state);
      if (this.retries - state.consumed <= 0) throw firstError;
      const loading = loadPRetry();
      loading.catch(noop);
      if (!(await this.#beforeRetry(state, consume, signal))) throw firstError;
      const pRetry = await loading;
      const value = await pRetry(
        async (attemptNumber) => {
          attempts = attemptNumber + 1;
          try {
            return await fn(contextFor(signal, attempts));
          } catch (error) {
            throw new AttemptFailure(error);
          }
        },
        {
          retries: this.retries - state.consumed,
          minTimeout: 0,
          onFailedAttempt: (failed) => {
            if (signal.aborted) this.#abort(state, signal);
            const error = (failed.error as AttemptFailure).error;
            state.giveUp = 'exhausted';
            state.context = this.#context(state, error, failed.attemptNumber + 1);
          },
          shouldConsumeRetry: () => this.#consume(state),
          // p-retry asks this after its budget check; our delay (on our clock) happens here,
          // and p-retry's own delay is zero (`minTimeout: 0`).
          shouldRetry: () => this.#beforeRetry(state, state.lastConsume, signal),
        },
      );
      if (this.#instrument.enabled) this.#instrument.call('success', clock.now() - started);
      return value;
    } catch (caught) {
      const error = caught instanceof AttemptFailure ? caught.error : caught;
      this.#onGiveUp.emit(Object.freeze({ error, attempts, reason: state.giveUp }));
      if (retryChannel.hasSubscribers) {
        retryChannel.publish({
          policy: 'retry',
          name: this.name,
          event: 'give-up',
          attempts,
          reason: state.giveUp,
          error,
        });
      }
      if (this.#instrument.enabled) {
        this.#instrument.call(
          state.giveUp === 'aborted' ? 'aborted' : 'failure',
          clock.now() - started,
        );
      }
      throw error;
    }
  }

  #abort(state: CallState, signal: AbortSignal): never {
    state.giveUp = 'aborted';
    throw abortReason(signal);
  }

  #context(state: CallState, error: unknown, attempt: number): RetryContext {
    return Object.freeze({
      error,
      attempt,
      retriesConsumed: state.consumed,
      retriesLeft: this.retries - state.consumed,
      elapsedMs: this.#common.clock.now() - state.firstFailureAt,
    });
  }

  async #consume(state: CallState): Promise<boolean> {
    const context = state.context as RetryContext;
    state.lastConsume =
      this.#shouldConsume === undefined || (await this.#shouldConsume(context)) === true;
    return state.lastConsume;
  }

  /** Decides whether to retry; when yes, emits `onRetry` and waits the delay. */
  async #beforeRetry(state: CallState, consume: boolean, signal: AbortSignal): Promise<boolean> {
    const context = state.context as RetryContext;
    if (this.#shouldRetry !== undefined && (await this.#shouldRetry(context)) !== true) {
      state.giveUp = 'not-retryable';
      return false;
    }
    const given = this.#delayFor?.(context.error, context);
    const delayMs =
      given === undefined || !Number.isFinite(given) || given < 0
        ? nextDelay(this.#backoff, state.consumed, state.previousDelay)
        : given;
    if (context.elapsedMs + delayMs > this.maxElapsedMs) {
      state.giveUp = 'max-elapsed';
      return false;
    }
    if (consume) state.consumed++;
    state.previousDelay = delayMs;
    this.#onRetry.emit(Object.freeze({ error: context.error, attempt: context.attempt, delayMs }));
    if (retryChannel.hasSubscribers) {
      retryChannel.publish({
        policy: 'retry',
        name: this.name,
        event: 'retry',
        attempt: context.attempt,
        delayMs,
        error: context.error,
      });
    }
    this.#instrument.count(RESILIENCE_METRICS.retries);
    try {
      await sleep(this.#common.clock, delayMs, signal);
    } catch (reason) {
      state.giveUp = 'aborted';
      throw reason;
    }
    return true;
  }
}

function optionalFunction<F extends (...args: never[]) => unknown>(
  name: string,
  value: F | undefined,
): F | undefined {
  return value === undefined ? undefined : checkFunction<F>(name, value);
}

function noop(): void {}

/**
 * Builds a retry policy: the first attempt runs at once; failures are retried with exponential
 * backoff and jitter on the injected clock, honouring `shouldRetry`, `shouldConsumeRetry`,
 * `delayFor` and `maxElapsedMs`. An abort stops it at once with the abort reason.
 *
 * @example
 * ```ts
 * const policy = retry({ retries: 5, minDelayMs: 200, jitter: 'decorrelated' });
 * const body = await policy.execute(({ signal }) => fetch(url, { signal }).then((r) => r.text()));
 * ```
 */
export function retry(options: RetryOptions = {}): RetryPolicy {
  return new RetryPolicy(options);
}
