import {
  type Clock,
  checkFiniteNumber,
  checkFunction,
  checkOptionsObject,
  PluginTimeoutError,
} from '@leanvibe/core/contracts';
import { methodLabel, pluginIdOf } from './instance.js';
import {
  defineMethodDecorator,
  type Method,
  type MethodDecorator,
  type MethodInfo,
  wrapFunction,
} from './method-decorator.js';
import { checkClock } from './options.js';
import { DeadlineScope, scopeStorage } from './scope.js';

/** Options of {@link asyncPluginMethod} and {@link withTimeout}. */
export interface AsyncPluginMethodOptions {
  /**
   * The time budget of one call, in milliseconds. Past it the call rejects with a
   * `PluginTimeoutError` and `currentSignal()` aborts.
   * @default 30_000
   */
  readonly timeoutMs?: number;
  /** Where time comes from; tests pass `createManualClock()`. @default systemClock */
  readonly clock?: Clock;
}

// setTimeout fires at once for delays past 2^31 - 1 ms.
const MAX_TIMEOUT_MS = 2_147_483_647;

interface TimeoutConfig {
  readonly timeoutMs: number;
  readonly clock: Clock;
}

function normalize(options: AsyncPluginMethodOptions | undefined): TimeoutConfig {
  const given = checkOptionsObject('options', options);
  const clock = checkClock(given.clock);
  return {
    timeoutMs: checkFiniteNumber('timeoutMs', given.timeoutMs ?? 30_000, {
      min: 1,
      max: MAX_TIMEOUT_MS,
    }),
    clock,
  };
}

function timeoutWrapper({ timeoutMs, clock }: TimeoutConfig) {
  return (original: Method, info: MethodInfo): Method =>
    function deadline(this: unknown, ...args: unknown[]): Promise<unknown> {
      const storage = scopeStorage();
      const scope = new DeadlineScope(storage.getStore());
      return new Promise((resolve, reject) => {
        let settled = false;
        const timer = clock.setTimeout(() => {
          if (settled) return;
          settled = true;
          const operation = methodLabel(this, info.name);
          const pluginId = pluginIdOf(this);
          const error = new PluginTimeoutError(`${operation} timed out after ${timeoutMs} ms`, {
            timeoutMs,
            operation,
            ...(pluginId === undefined ? {} : { pluginId }),
          });
          scope.expire(error);
          reject(error);
        }, timeoutMs);
        const settle = (): boolean => {
          if (settled) return false;
          settled = true;
          clock.clearTimeout(timer);
          scope.dispose();
          return true;
        };
        let result: unknown;
        try {
          result = storage.run(scope, () => original.apply(this, args));
        } catch (error) {
          if (settle()) reject(error);
          return;
        }
        // Past the deadline the method's own outcome is still observed, so a late rejection
        // is never reported as unhandled.
        Promise.resolve(result).then(
          (value) => {
            if (settle()) resolve(value);
          },
          (error: unknown) => {
            if (settle()) reject(error);
          },
        );
      });
    };
}

/**
 * Gives each call of an asynchronous method a deadline. Past `timeoutMs` the call rejects with a
 * `PluginTimeoutError` naming the method (`Class.method`) and the budget — even when the method
 * ignores cancellation — and the method's {@link currentSignal} aborts with that error, so work
 * it handed the signal to (`fetch`, a pool acquire, a nested decorated method) stops too. The
 * timer is cleared as soon as the call settles.
 *
 * Works as a TC39 decorator and as a legacy (`experimentalDecorators`) one.
 *
 * @example
 * ```ts
 * class Fetcher {
 *   @asyncPluginMethod({ timeoutMs: 5_000 })
 *   async fetchJson(url: string): Promise<unknown> {
 *     const response = await fetch(url, { signal: currentSignal() });
 *     return response.json();
 *   }
 * }
 * ```
 */
export function asyncPluginMethod(
  options?: AsyncPluginMethodOptions,
): MethodDecorator<PromiseLike<unknown>> {
  return defineMethodDecorator('asyncPluginMethod', timeoutWrapper(normalize(options)));
}

/**
 * The function form of {@link asyncPluginMethod}: `fn` with a deadline on every call. Inside
 * `fn`, {@link currentSignal} aborts at the deadline.
 *
 * @example
 * ```ts
 * const load = withTimeout(async (id: string) => db.load(id, { signal: currentSignal() }), {
 *   timeoutMs: 2_000,
 * });
 * ```
 */
export function withTimeout<This, Args extends unknown[], Return>(
  fn: (this: This, ...args: Args) => Return,
  options?: AsyncPluginMethodOptions,
): (this: This, ...args: Args) => Promise<Awaited<Return>> {
  checkFunction('fn', fn);
  const config = normalize(options);
  const name = fn.name || 'anonymous';
  return wrapFunction(fn as Method, { name }, timeoutWrapper(config)) as (
    this: This,
    ...args: Args
  ) => Promise<Awaited<Return>>;
}
