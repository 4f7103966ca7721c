import { checkFunction, checkOptionsObject } from '@leanvibe/core/contracts';
import { Listeners, type Unsubscribe } from './listeners.js';
import { Instrument } from './metrics.js';
import {
  type CommonPolicyOptions,
  callContext,
  type ExecuteOptions,
  type NormalizedCommonOptions,
  normalizeCommon,
  type PolicyFunction,
  type ResiliencePolicy,
} from './policy.js';

/** What a fallback function receives. Frozen. */
export interface FallbackContext {
  /** What `fn` threw. */
  readonly error: unknown;
  /** The call's signal. */
  readonly signal: AbortSignal;
}

/** Options of {@link fallback}. */
export interface FallbackOptions extends CommonPolicyOptions {
  /**
   * Whether to answer this error with the fallback. A call whose signal aborted is never
   * answered: the abort is the caller's decision. @default every other error
   */
  readonly shouldHandle?: (error: unknown) => boolean;
}

/** Emitted when the fallback answers a failed call. */
export interface FallbackEvent {
  readonly error: unknown;
}

/**
 * A policy that answers a failure with a value (or a function's result) instead of the error.
 * Build it with {@link fallback}.
 */
export class FallbackPolicy<V> implements ResiliencePolicy<V> {
  /** @inheritdoc */
  readonly kind = 'fallback' as const;
  /** @inheritdoc */
  readonly name: string;
  readonly #common: NormalizedCommonOptions;
  readonly #answer: (context: FallbackContext) => V | Promise<V>;
  readonly #shouldHandle: ((error: unknown) => boolean) | undefined;
  readonly #instrument: Instrument;
  readonly #onFallback = new Listeners<FallbackEvent>();

  constructor(answer: (context: FallbackContext) => V | Promise<V>, options: FallbackOptions = {}) {
    this.#common = normalizeCommon(options, 'fallback');
    checkOptionsObject('options', options);
    this.name = this.#common.name;
    this.#answer = answer;
    this.#shouldHandle =
      options.shouldHandle === undefined
        ? undefined
        : checkFunction<(error: unknown) => boolean>('shouldHandle', options.shouldHandle);
    this.#instrument = new Instrument(this.#common.metrics, 'fallback', this.name);
  }

  /** Calls `listener` each time the fallback answers. */
  onFallback(listener: (event: FallbackEvent) => void): Unsubscribe {
    return this.#onFallback.add(listener);
  }

  /** @inheritdoc */
  async execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T | V> {
    const context = callContext(fn, options);
    const started = this.#instrument.enabled ? this.#common.clock.now() : 0;
    try {
      const value = await fn(context);
      if (this.#instrument.enabled) {
        this.#instrument.call('success', this.#common.clock.now() - started);
      }
      return value;
    } catch (error) {
      const handled =
        !context.signal.aborted && (this.#shouldHandle === undefined || this.#shouldHandle(error));
      if (this.#instrument.enabled) {
        const outcome = handled ? 'fallback' : context.signal.aborted ? 'aborted' : 'failure';
        this.#instrument.call(outcome, this.#common.clock.now() - started);
      }
      if (!handled) throw error;
      this.#onFallback.emit(Object.freeze({ error }));
      return this.#answer(Object.freeze({ error, signal: context.signal }));
    }
  }
}

/**
 * Builds a fallback policy. Give a value, or a function of `{ error, signal }` that computes
 * one (a function is always called, never returned: wrap a function value in one).
 *
 * @example
 * ```ts
 * const cached = fallback(({ error }) => readFromCache(key, error));
 * const price = await cached.execute(() => fetchPrice(key));
 * ```
 */
export function fallback<V>(
  handler: (context: FallbackContext) => V | Promise<V>,
  options?: FallbackOptions,
): FallbackPolicy<V>;
export function fallback<V>(value: V, options?: FallbackOptions): FallbackPolicy<V>;
export function fallback<V>(
  valueOrHandler: V | ((context: FallbackContext) => V | Promise<V>),
  options: FallbackOptions = {},
): FallbackPolicy<V> {
  const answer =
    typeof valueOrHandler === 'function'
      ? (valueOrHandler as (context: FallbackContext) => V | Promise<V>)
      : () => valueOrHandler;
  return new FallbackPolicy<V>(answer, options);
}
