import {
  abortReason,
  checkFiniteNumber,
  checkInteger,
  checkOneOf,
  invalidOption,
  type TimerHandle,
} from '@leanvibe/core/contracts';
import { diagnosticsChannel, RESILIENCE_DIAGNOSTICS_CHANNELS } from './diagnostics.js';
import { RateLimitedError } from './errors.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import { Instrument, RESILIENCE_METRICS } from './metrics.js';
import {
  type CommonPolicyOptions,
  callContext,
  type ExecuteOptions,
  type NormalizedCommonOptions,
  normalizeCommon,
  type PolicyFunction,
  type ResiliencePolicy,
} from './policy.js';
import { WaitQueue } from './wait-queue.js';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions extends CommonPolicyOptions {
  /** Tokens added per interval. */
  readonly tokensPerInterval: number;
  /** The interval, in milliseconds. */
  readonly intervalMs: number;
  /** The most tokens the bucket holds (and the most calls let through at once). @default tokensPerInterval */
  readonly burst?: number;
  /** With no token: refuse with `RateLimitedError`, or wait in line for one. @default 'reject' */
  readonly whenEmpty?: 'reject' | 'wait';
  /** With `whenEmpty: 'wait'`: calls allowed to wait; more are refused. @default Infinity */
  readonly queue?: number;
}

/** Emitted when a call is refused for want of a token. */
export interface RateLimitRejectEvent {
  readonly error: RateLimitedError;
}

const rateLimitChannel = diagnosticsChannel(RESILIENCE_DIAGNOSTICS_CHANNELS.rateLimit);

/**
 * A token bucket: each call takes a token; tokens refill continuously at
 * `tokensPerInterval / intervalMs`, up to `burst`. Refill is computed from the clock when a
 * call arrives; the only timer is the one a waiting call needs. Build it with {@link rateLimit}.
 */
export class RateLimitPolicy implements ResiliencePolicy {
  /** @inheritdoc */
  readonly kind = 'rate-limit' as const;
  /** @inheritdoc */
  readonly name: string;
  /** The bucket's capacity. */
  readonly burst: number;
  readonly #common: NormalizedCommonOptions;
  readonly #perMs: number;
  readonly #wait: boolean;
  readonly #queue: number;
  readonly #instrument: Instrument;
  readonly #waiting = new WaitQueue<void>();
  readonly #onReject = new Listeners<RateLimitRejectEvent>();
  #tokens: number;
  #refilledAt: number;
  #timer: TimerHandle | undefined;

  constructor(options: RateLimitOptions) {
    this.#common = normalizeCommon(options, 'rate-limit');
    this.name = this.#common.name;
    const tokens = positive('tokensPerInterval', options?.tokensPerInterval);
    const intervalMs = positive('intervalMs', options?.intervalMs);
    this.burst = checkFiniteNumber('burst', options.burst ?? tokens, { min: 1 });
    this.#perMs = tokens / intervalMs;
    this.#wait =
      checkOneOf('whenEmpty', options.whenEmpty ?? 'reject', ['reject', 'wait']) === 'wait';
    this.#queue = checkInteger('queue', options.queue ?? Number.POSITIVE_INFINITY, {
      min: 0,
      allowInfinity: true,
    });
    this.#instrument = new Instrument(this.#common.metrics, 'rate-limit', this.name);
    this.#tokens = this.burst;
    this.#refilledAt = this.#common.clock.now();
  }

  /** Tokens available now (fractional while refilling). */
  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Calls waiting for a token. */
  get queued(): number {
    return this.#waiting.size;
  }

  /** Calls `listener` when a call is refused. */
  onReject(listener: (event: RateLimitRejectEvent) => void): Unsubscribe {
    return this.#onReject.add(listener);
  }

  /** @inheritdoc */
  async execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T> {
    const context = callContext(fn, options);
    this.#refill();
    if (this.#waiting.size === 0 && this.#tokens >= 1) this.#tokens -= 1;
    else {
      const queuedAt = this.#common.clock.now();
      await this.#enqueue(context.signal);
      if (rateLimitChannel.hasSubscribers) {
        rateLimitChannel.publish({
          policy: 'rate-limit',
          name: this.name,
          event: 'wait',
          waitedMs: this.#common.clock.now() - queuedAt,
        });
      }
    }
    const started = this.#instrument.enabled ? this.#common.clock.now() : 0;
    try {
      const value = await fn(context);
      if (this.#instrument.enabled) {
        this.#instrument.call('success', this.#common.clock.now() - started);
      }
      return value;
    } catch (error) {
      if (this.#instrument.enabled) {
        const outcome = context.signal.aborted ? 'aborted' : 'failure';
        this.#instrument.call(outcome, this.#common.clock.now() - started);
      }
      throw error;
    }
  }

  #refill(): void {
    const now = this.#common.clock.now();
    const elapsed = now - this.#refilledAt;
    if (elapsed <= 0) return;
    this.#tokens = Math.min(this.burst, this.#tokens + elapsed * this.#perMs);
    this.#refilledAt = now;
  }

  /** Milliseconds until `needed` whole tokens are in the bucket. */
  #msUntil(needed: number): number {
    return Math.max(0, Math.ceil((needed - this.#tokens) / this.#perMs));
  }

  #enqueue(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (!this.#wait || this.#waiting.size >= this.#queue) {
      const retryAfterMs = this.#msUntil(this.#waiting.size + 1);
      const error = new RateLimitedError(
        `rate limit "${this.name}" exceeded; next token in ${retryAfterMs} ms`,
        { policyName: this.name, retryAfterMs },
      );
      this.#onReject.emit(Object.freeze({ error }));
      if (rateLimitChannel.hasSubscribers) {
        rateLimitChannel.publish({ policy: 'rate-limit', name: this.name, event: 'reject', error });
      }
      this.#instrument.call('rejected', 0);
      return Promise.reject(error);
    }
    const turn = this.#waiting.wait(signal, () => {
      if (this.#waiting.size === 0) this.#stopTimer();
      this.#gauge();
    });
    this.#gauge();
    if (this.#timer === undefined) this.#schedule();
    return turn;
  }

  #schedule(): void {
    this.#timer = this.#common.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#drain();
    }, this.#msUntil(1));
  }

  /** Lets waiting calls through, in order, while tokens last; waits again for the rest. */
  #drain(): void {
    this.#refill();
    while (this.#tokens >= 1 && this.#waiting.size > 0) {
      this.#tokens -= 1;
      this.#waiting.admitNext(undefined);
    }
    this.#gauge();
    if (this.#waiting.size > 0) this.#schedule();
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    this.#common.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #gauge(): void {
    this.#instrument.gauge(RESILIENCE_METRICS.queued, this.#waiting.size);
  }
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidOption(name, 'a finite number > 0', value);
  }
  return value;
}

/**
 * Builds a rate limiter (a token bucket).
 *
 * @example
 * ```ts
 * // 10 calls per second, bursts of 20, callers wait their turn
 * const limiter = rateLimit({ tokensPerInterval: 10, intervalMs: 1_000, burst: 20, whenEmpty: 'wait' });
 * await limiter.execute(() => callThePartnerApi());
 * ```
 */
export function rateLimit(options: RateLimitOptions): RateLimitPolicy {
  return new RateLimitPolicy(options);
}
