import {
  abortReason,
  type Clock,
  checkFiniteNumber,
  checkOneOf,
  onAbort,
  PluginTimeoutError,
  type PolicyContext,
  type TimerHandle,
} from '@leanvibe/core/contracts';
import { Listeners, type Unsubscribe } from './listeners.js';
import { Instrument } from './metrics.js';
import {
  type CommonPolicyOptions,
  callContext,
  type ExecuteOptions,
  normalizeCommon,
  type PolicyFunction,
  type ResiliencePolicy,
} from './policy.js';

/**
 * How a timeout ends a call:
 * - `'cooperative'`: at the deadline `fn`'s signal aborts with the `PluginTimeoutError`, and the
 *   call settles when `fn` does: a rejection after the deadline becomes that error (its `cause`
 *   is what `fn` threw, unless it threw the reason itself); a value `fn` still returns is kept.
 * - `'aggressive'`: the call rejects at the deadline without waiting for `fn` (its signal
 *   aborts too, so it can stop); whatever `fn` settles with later is ignored.
 */
export type TimeoutStrategy = 'cooperative' | 'aggressive';

/** Options of {@link timeout}. */
export interface TimeoutOptions extends CommonPolicyOptions {
  /** How the deadline ends the call. @default 'cooperative' */
  readonly strategy?: TimeoutStrategy;
}

/** Emitted when a call reaches its deadline. */
export interface TimeoutEvent {
  readonly timeoutMs: number;
  readonly error: PluginTimeoutError;
}

/**
 * A policy that bounds how long `fn` may run. Build it with {@link timeout}.
 *
 * `fn`'s signal is created only when `fn` reads `context.signal`, and the caller's signal is
 * linked to it with one listener removed when the call settles: a call that succeeds without
 * looking at its signal pays for one timer and nothing else.
 */
export class TimeoutPolicy implements ResiliencePolicy {
  /** @inheritdoc */
  readonly kind = 'timeout' as const;
  /** @inheritdoc */
  readonly name: string;
  /** The budget, in milliseconds. */
  readonly timeoutMs: number;
  /** The strategy. */
  readonly strategy: TimeoutStrategy;
  readonly #settings: TimeoutSettings;
  readonly #onTimeout = new Listeners<TimeoutEvent>();

  constructor(timeoutMs: number, options: TimeoutOptions = {}) {
    const common = normalizeCommon(options, 'timeout');
    this.name = common.name;
    this.timeoutMs = checkFiniteNumber('timeoutMs', timeoutMs, { min: 0 });
    this.strategy = checkOneOf('strategy', options.strategy ?? 'cooperative', [
      'cooperative',
      'aggressive',
    ]);
    this.#settings = {
      name: this.name,
      timeoutMs: this.timeoutMs,
      aggressive: this.strategy === 'aggressive',
      clock: common.clock,
      instrument: new Instrument(common.metrics, 'timeout', this.name),
      onTimeout: this.#onTimeout,
    };
  }

  /** Calls `listener` when a call reaches its deadline. */
  onTimeout(listener: (event: TimeoutEvent) => void): Unsubscribe {
    return this.#onTimeout.add(listener);
  }

  /** @inheritdoc */
  execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T> {
    let outer: PolicyContext;
    try {
      outer = callContext(fn, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return new TimeoutCall<T>(this.#settings, outer).run(fn);
  }
}

interface TimeoutSettings {
  readonly name: string;
  readonly timeoutMs: number;
  readonly aggressive: boolean;
  readonly clock: Clock;
  readonly instrument: Instrument;
  readonly onTimeout: Listeners<TimeoutEvent>;
}

/** One call through a {@link TimeoutPolicy}: its lazily created signal, timer and caller link. */
class TimeoutCall<T> implements PolicyContext {
  readonly attempt: number;
  #controller: AbortController | undefined;
  #unlink: () => void = noop;
  #timer: TimerHandle | undefined;
  #error: PluginTimeoutError | undefined;
  #settled = false;
  #reject: (reason: unknown) => void = noop;
  readonly #started: number;
  readonly #settings: TimeoutSettings;
  readonly #outer: PolicyContext;

  constructor(settings: TimeoutSettings, outer: PolicyContext) {
    this.#settings = settings;
    this.#outer = outer;
    this.attempt = outer.attempt;
    this.#started = settings.instrument.enabled ? settings.clock.now() : 0;
  }

  /** `fn`'s signal: created on first read, already aborted if the deadline has passed. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.#error !== undefined) controller.abort(this.#error);
      else if (!this.#settings.aggressive) this.#link();
    }
    return this.#controller.signal;
  }

  /** Starts the timer and runs `fn`. */
  run(fn: PolicyFunction<T>): Promise<T> {
    if (this.#outer.signal.aborted) return Promise.reject(abortReason(this.#outer.signal));
    this.#timer = this.#settings.clock.setTimeout(() => this.#deadline(), this.#settings.timeoutMs);
    return !this.#settings.aggressive ? this.#cooperative(fn) : this.#aggressive(fn);
  }

  #measure(outcome: 'success' | 'failure' | 'timeout' | 'aborted'): void {
    const instrument = this.#settings.instrument;
    if (instrument.enabled) instrument.call(outcome, this.#settings.clock.now() - this.#started);
  }

  async #cooperative(fn: PolicyFunction<T>): Promise<T> {
    try {
      const value = await fn(this);
      if (this.#error === undefined) this.#measure('success');
      return value;
    } catch (error) {
      if (this.#error === undefined) {
        this.#measure(this.#outer.signal.aborted ? 'aborted' : 'failure');
        throw error;
      }
      if (error === this.#error) throw error;
      throw new PluginTimeoutError(this.#error.message, {
        timeoutMs: this.#settings.timeoutMs,
        operation: this.#settings.name,
        cause: error,
      });
    } finally {
      this.#cleanup();
    }
  }

  #aggressive(fn: PolicyFunction<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      // Aggressive calls must end the moment the caller aborts, read or not: one listener.
      this.#link();
      let pending: T | Promise<T>;
      try {
        pending = fn(this);
      } catch (error) {
        pending = Promise.reject(error);
      }
      Promise.resolve(pending).then(
        (value) => {
          if (this.#settled) return;
          this.#measure('success');
          this.#cleanup();
          resolve(value);
        },
        (error: unknown) => {
          if (this.#settled) return;
          this.#measure(this.#outer.signal.aborted ? 'aborted' : 'failure');
          this.#cleanup();
          reject(error);
        },
      );
    });
  }

  #link(): void {
    this.#unlink = onAbort(this.#outer.signal, (reason) => {
      this.#controller?.abort(reason);
      if (this.#settings.aggressive && !this.#settled) {
        this.#measure('aborted');
        this.#cleanup();
        this.#reject(reason ?? abortReason(this.#outer.signal));
      }
    });
  }

  #deadline(): void {
    this.#timer = undefined;
    if (this.#settled) return;
    const { name, timeoutMs } = this.#settings;
    const error = new PluginTimeoutError(`"${name}" timed out after ${timeoutMs} ms`, {
      timeoutMs,
      operation: name,
    });
    this.#error = error;
    this.#measure('timeout');
    this.#settings.onTimeout.emit(Object.freeze({ timeoutMs, error }));
    this.#controller?.abort(error);
    if (this.#settings.aggressive) {
      this.#cleanup();
      this.#reject(error);
    }
  }

  #cleanup(): void {
    this.#settled = true;
    if (this.#timer !== undefined) {
      this.#settings.clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#unlink();
    this.#unlink = noop;
  }
}

function noop(): void {}

/**
 * Builds a timeout policy: `fn` gets `timeoutMs` milliseconds, then its signal aborts with a
 * `PluginTimeoutError` (and, `aggressive`, the call rejects at once).
 *
 * @example
 * ```ts
 * const policy = timeout(2_000);
 * const res = await policy.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export function timeout(timeoutMs: number, options: TimeoutOptions = {}): TimeoutPolicy {
  return new TimeoutPolicy(timeoutMs, options);
}
