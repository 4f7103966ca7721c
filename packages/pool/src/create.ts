import { onAbort, type TimerHandle, toError } from '@leanvibe/core/contracts';
import { PoolCreateError, PoolCreateTimeoutError } from './errors.js';
import type { ResolvedPoolOptions } from './options.js';

/** What one create (its attempts and retries) needs from the pool. */
export interface CreateContext<T> {
  readonly options: ResolvedPoolOptions<T>;
  /** Aborts when the pool closes: the attempt in flight and any retry delay stop at once. */
  readonly signal: AbortSignal;
  /** Whether anyone still needs this resource; a retry happens only while this holds. */
  wanted(): boolean;
  /** Called for every failed attempt (1-based). */
  attemptFailed(error: Error, attempt: number): void;
  /** A resource delivered after its attempt gave up (timed out, pool closed): destroy it. */
  late(resource: T): void;
  /**
   * Counts factory calls in flight (+1, -1). `drain()` waits for them, each at most
   * `createTimeoutMs`, so a resource arriving late is still destroyed before drain resolves.
   */
  track(delta: 1 | -1): void;
}

/** Wraps a factory error so that p-retry retries it whatever its type (p-retry never retries a TypeError). */
class AttemptFailed extends Error {}

/** One call of the factory, bounded by `createTimeoutMs` and the pool's signal. */
function attempt<T>(context: CreateContext<T>): Promise<T> {
  const { clock, createTimeoutMs, create, name } = context.options;
  if (context.signal.aborted) return Promise.reject(toError(context.signal.reason));
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    let settled = false;
    let tracking = true;
    let timer: TimerHandle | undefined;
    const giveUp = (error: Error): void => {
      if (settled) return;
      settled = true;
      controller.abort(error);
      reject(error);
    };
    const unlink = onAbort(context.signal, (reason) => giveUp(toError(reason)));
    const stopTracking = (): void => {
      if (!tracking) return;
      tracking = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      unlink();
      context.track(-1);
    };
    context.track(1);
    if (Number.isFinite(createTimeoutMs)) {
      timer = clock.setTimeout(() => {
        giveUp(new PoolCreateTimeoutError(name, createTimeoutMs));
        stopTracking();
      }, createTimeoutMs);
    }
    let result: T | Promise<T>;
    try {
      result = create(controller.signal);
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then(
      (resource) => {
        if (settled) context.late(resource);
        else {
          settled = true;
          resolve(resource);
        }
        stopTracking();
      },
      (error: unknown) => {
        if (!settled) {
          settled = true;
          reject(toError(error));
        }
        stopTracking();
      },
    );
  });
}

/** Resolves after `ms` on the pool's clock with `true`, or at once with `false` when the pool closes. */
function sleep<T>(context: CreateContext<T>, ms: number): Promise<boolean> {
  if (context.signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  const { clock } = context.options;
  return new Promise((resolve) => {
    const unlink = onAbort(context.signal, () => {
      clock.clearTimeout(timer);
      resolve(false);
    });
    const timer = clock.setTimeout(() => {
      unlink();
      resolve(true);
    }, ms);
  });
}

/** The delay before retry `n` (0-based): `minDelayMs` doubled each time, capped at `maxDelayMs`. */
export function retryDelay<T>(options: ResolvedPoolOptions<T>, retry: number): number {
  return Math.min(options.maxDelayMs, options.minDelayMs * 2 ** retry);
}

/**
 * Creates a resource: one attempt, then up to `createRetry.retries` more with bounded backoff
 * while the resource is still wanted. Rejects with {@link PoolCreateError} (cause: the last
 * factory error) when every attempt failed.
 *
 * The first attempt runs directly and p-retry is loaded only when a retry is due, so a pool
 * whose factory works never pays for (or loads) the retry machinery. p-retry's own delay is
 * set to zero: the delay runs on the pool's clock inside `shouldRetry`, where it can also stop.
 */
export async function createWithRetries<T>(context: CreateContext<T>): Promise<T> {
  const { options } = context;
  let attempts = 1;
  let last: Error;
  try {
    return await attempt(context);
  } catch (error) {
    last = toError(error);
    context.attemptFailed(last, attempts);
  }
  const proceed = async (retry: number): Promise<boolean> =>
    context.wanted() && (await sleep(context, retryDelay(options, retry))) && context.wanted();
  if (options.retries === 0) throw new PoolCreateError(options.name, attempts, last);
  // Load p-retry while the first delay runs.
  const loading = import('p-retry');
  loading.catch(() => undefined);
  if (!(await proceed(0))) throw new PoolCreateError(options.name, attempts, last);
  const { default: pRetry } = await loading;
  try {
    return await pRetry(
      async () => {
        attempts++;
        try {
          return await attempt(context);
        } catch (error) {
          last = toError(error);
          context.attemptFailed(last, attempts);
          throw new AttemptFailed(last.message);
        }
      },
      {
        retries: options.retries - 1,
        minTimeout: 0,
        maxTimeout: 0,
        signal: context.signal,
        shouldRetry: ({ retriesConsumed }) => proceed(retriesConsumed + 1),
      },
    );
  } catch {
    throw new PoolCreateError(options.name, attempts, last);
  }
}
