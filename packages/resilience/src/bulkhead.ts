import { abortReason, checkInteger } from '@leanvibe/core/contracts';
import { diagnosticsChannel, RESILIENCE_DIAGNOSTICS_CHANNELS } from './diagnostics.js';
import { BulkheadRejectedError } from './errors.js';
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

/** Options of {@link bulkhead}. */
export interface BulkheadOptions extends CommonPolicyOptions {
  /** Calls allowed to run at once. */
  readonly concurrency: number;
  /** Calls allowed to wait, first in first out, when every slot is taken. @default 0 */
  readonly queue?: number;
}

/** Emitted when a call is refused because every slot and queue place is taken. */
export interface BulkheadRejectEvent {
  readonly error: BulkheadRejectedError;
}

const bulkheadChannel = diagnosticsChannel(RESILIENCE_DIAGNOSTICS_CHANNELS.bulkhead);

/**
 * A policy that limits how many calls run at once, with a bounded FIFO queue. A queued call
 * whose signal aborts leaves the queue at once. Build it with {@link bulkhead}.
 */
export class BulkheadPolicy implements ResiliencePolicy {
  /** @inheritdoc */
  readonly kind = 'bulkhead' as const;
  /** @inheritdoc */
  readonly name: string;
  /** Calls allowed to run at once. */
  readonly concurrency: number;
  /** Calls allowed to wait. */
  readonly queue: number;
  readonly #common: NormalizedCommonOptions;
  readonly #instrument: Instrument;
  readonly #waiting = new WaitQueue<void>();
  readonly #onReject = new Listeners<BulkheadRejectEvent>();
  #active = 0;

  constructor(options: BulkheadOptions) {
    this.#common = normalizeCommon(options, 'bulkhead');
    this.name = this.#common.name;
    this.concurrency = checkInteger('concurrency', options?.concurrency, { min: 1 });
    this.queue = checkInteger('queue', options.queue ?? 0, { min: 0, allowInfinity: true });
    this.#instrument = new Instrument(this.#common.metrics, 'bulkhead', this.name);
  }

  /** Calls running now. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.#waiting.size;
  }

  /** Calls `listener` when a call is refused. */
  onReject(listener: (event: BulkheadRejectEvent) => void): Unsubscribe {
    return this.#onReject.add(listener);
  }

  /** @inheritdoc */
  async execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T> {
    const context = callContext(fn, options);
    if (this.#active < this.concurrency) {
      this.#active++;
    } else {
      const queuedAt = this.#common.clock.now();
      await this.#enqueue(context.signal);
      if (bulkheadChannel.hasSubscribers) {
        bulkheadChannel.publish({
          policy: 'bulkhead',
          name: this.name,
          event: 'wait',
          waitedMs: this.#common.clock.now() - queuedAt,
        });
      }
    }
    this.#gauges();
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
    } finally {
      this.#release();
    }
  }

  #enqueue(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.#waiting.size >= this.queue) {
      const error = new BulkheadRejectedError(
        `bulkhead "${this.name}" is full: ${this.concurrency} running, ${this.#waiting.size} queued`,
        { policyName: this.name, concurrency: this.concurrency, queue: this.queue },
      );
      this.#onReject.emit(Object.freeze({ error }));
      if (bulkheadChannel.hasSubscribers) {
        bulkheadChannel.publish({ policy: 'bulkhead', name: this.name, event: 'reject', error });
      }
      this.#instrument.call('rejected', 0);
      return Promise.reject(error);
    }
    const turn = this.#waiting.wait(signal, () => this.#gauges());
    this.#gauges();
    return turn;
  }

  /** Hands the slot to the first queued call, or frees it. */
  #release(): void {
    if (!this.#waiting.admitNext(undefined)) this.#active--;
    this.#gauges();
  }

  #gauges(): void {
    if (!this.#instrument.enabled) return;
    this.#instrument.gauge(RESILIENCE_METRICS.bulkheadActive, this.#active);
    this.#instrument.gauge(RESILIENCE_METRICS.queued, this.#waiting.size);
  }
}

/**
 * Builds a bulkhead: at most `concurrency` calls run at once, `queue` more wait in order, and
 * the rest are refused with `BulkheadRejectedError`.
 *
 * @example
 * ```ts
 * const policy = bulkhead({ concurrency: 4, queue: 16 });
 * await policy.execute(() => renderThumbnail(file));
 * ```
 */
export function bulkhead(options: BulkheadOptions): BulkheadPolicy {
  return new BulkheadPolicy(options);
}
