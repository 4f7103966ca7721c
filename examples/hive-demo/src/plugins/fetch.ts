import {
  type Lazy,
  lazy,
  PluginBase,
  type PluginContext,
  type Task,
  type TaskScope,
} from '@leanvibe/core';
import { isPluginSecurityError, LeanVibeError } from '@leanvibe/core/contracts';
import {
  bulkhead,
  type CircuitBreakerPolicy,
  circuitBreaker,
  count,
  isBrokenCircuitError,
  type PipelinePolicy,
  pipeline,
  retry,
  timeout,
} from '@leanvibe/resilience';
import { createSafeFetch, type SafeFetchClient, safeJsonParse } from '@leanvibe/security';
import { z } from 'zod';
import { createRandom } from '../random.js';

/** Settings of the fetch plugin. */
export interface FetchPluginOptions {
  /** Seeds the retry jitter, so a seed replays the same delays. */
  readonly seed: number;
  /** Budget of one task, retries and their delays included (under Epic 1's 2 s). @default 1500 */
  readonly totalTimeoutMs?: number;
  /** Budget of one attempt, the wait for a bulkhead slot included. @default 400 */
  readonly attemptTimeoutMs?: number;
  /** Retries after the first attempt. @default 4 */
  readonly retries?: number;
  /**
   * The circuit opens when at least half of its last `breakerWindow` calls failed, once it has
   * seen 5 — a share, not a streak, so successes finishing in between cannot hide an outage.
   * @default 10
   */
  readonly breakerWindow?: number;
  /** How long the circuit stays open before a probe. @default 250 */
  readonly halfOpenAfterMs?: number;
  /** Requests in flight to the service at once. @default 6 */
  readonly concurrency?: number;
}

/** One change of the circuit's state, as the report lists it. */
export interface BreakerTransition {
  readonly from: string;
  readonly to: string;
  /** Milliseconds since the plugin initialised. */
  readonly atMs: number;
}

/** What a successful fetch returns. */
export interface FetchOutcome {
  readonly status: number;
  /** The service's request number that answered. */
  readonly request: number;
  readonly value: number;
  /** Attempts this task took (1 when the first one answered). */
  readonly attempts: number;
}

const Params = z.object({ url: z.string().url() });

/** Params of a `fetch.get` task. */
export type FetchParams = z.output<typeof Params>;

/** The service answered with an error status. */
export class UpstreamError extends LeanVibeError {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super('UPSTREAM_UNAVAILABLE', `${url} answered ${status}`, { details: { status, url } });
  }
}

/**
 * Fetches JSON from the flaky service through a resilience pipeline — a total timeout outside,
 * retry, a per-attempt timeout inside retry, a circuit breaker and a bulkhead — and through
 * `createSafeFetch`, which refuses any URL outside the SSRF policy: only the demo's own loopback
 * address is allowed, as an explicit exception.
 */
export class FetchPlugin extends PluginBase<FetchParams, FetchOutcome> {
  readonly #options: Required<FetchPluginOptions>;
  readonly #transitions: BreakerTransition[] = [];
  #breaker: CircuitBreakerPolicy | undefined;
  #policy: PipelinePolicy | undefined;
  #client: Lazy<SafeFetchClient> | undefined;
  #startedAt = 0;

  constructor(options: FetchPluginOptions) {
    super({
      name: 'fetch',
      version: '1.0.0',
      type: 'integration',
      taskTypes: ['fetch.get'],
      sdk: '^0.1.0',
      params: Params,
      limits: { maxExecutionTimeMs: 5_000, concurrency: 8, maxQueue: 10_000 },
    });
    this.#options = {
      totalTimeoutMs: 1_500,
      attemptTimeoutMs: 400,
      retries: 4,
      breakerWindow: 10,
      halfOpenAfterMs: 250,
      concurrency: 6,
      ...options,
    };
  }

  /** Every state change of the circuit so far. */
  get transitions(): readonly BreakerTransition[] {
    return this.#transitions;
  }

  /** The circuit's state now. */
  get breakerState(): string {
    return this.#breaker?.state ?? 'closed';
  }

  protected override onInitialize(context: PluginContext): void {
    const o = this.#options;
    const { clock, logger, metrics } = context;
    this.#startedAt = clock.now();
    const breaker = circuitBreaker({
      name: 'flaky-service',
      breaker: count({ size: o.breakerWindow, threshold: 0.5, minimumCalls: 5 }),
      halfOpenAfterMs: o.halfOpenAfterMs,
      // Callers arriving during a probe wait for its verdict instead of failing at once.
      halfOpen: { whenBusy: 'wait' },
      metrics,
      clock,
    });
    breaker.onStateChange(({ from, to }) => {
      this.#transitions.push({ from, to, atMs: Math.round(clock.now() - this.#startedAt) });
      const line = `circuit ${from} → ${to}`;
      if (to === 'open') logger.warn({ breaker: 'flaky-service' }, line);
      else logger.info({ breaker: 'flaky-service' }, line);
    });
    this.#breaker = breaker;
    this.#policy = pipeline(
      timeout(o.totalTimeoutMs, { name: 'fetch-total', metrics, clock }),
      retry({
        name: 'fetch-retry',
        retries: o.retries,
        minDelayMs: 20,
        maxDelayMs: 200,
        random: createRandom(o.seed).next,
        // A refused URL stays refused; an open circuit says when to come back.
        shouldRetry: ({ error }) => !isPluginSecurityError(error),
        delayFor: (error) => (isBrokenCircuitError(error) ? error.retryAfterMs : undefined),
        metrics,
        clock,
      }),
      // Inside the breaker: an attempt that runs out of time is a failure the circuit counts,
      // like a 503, so an outage opens it however slowly the machine answers.
      breaker,
      timeout(o.attemptTimeoutMs, { name: 'fetch-attempt', metrics, clock }),
      bulkhead({ name: 'fetch-bulkhead', concurrency: o.concurrency, queue: 100, metrics, clock }),
    );
    // Created on the first task: the HTTP client's first load costs more than start-up may.
    this.#client = lazy(() =>
      createSafeFetch({
        // The one non-public address this plugin may reach: the demo's own service.
        allowCidrs: ['127.0.0.1/32'],
        maxResponseBytes: 64 * 1024,
        maxRedirects: 0,
        timeoutMs: o.totalTimeoutMs,
        clock,
        ...(context.permissions === undefined
          ? {}
          : { permission: { checker: context.permissions, pluginId: this.pluginId } }),
      }),
    );
  }

  protected override async onCleanup(): Promise<void> {
    await this.#client?.dispose();
  }

  async handleTask(
    task: Task<FetchParams>,
    scope: TaskScope<FetchParams, FetchOutcome>,
  ): Promise<FetchOutcome> {
    const client = await this.#client!.get();
    const { url } = task.params;
    try {
      return await this.#policy!.execute(
        async ({ signal, attempt }) => {
          const response = await client.fetch(url, { signal });
          if (response.status !== 200) throw new UpstreamError(response.status, url);
          const body = safeJsonParse(await response.text()) as { request: number; value: number };
          return {
            status: response.status,
            request: body.request,
            value: body.value,
            attempts: attempt,
          };
        },
        { signal: scope.signal },
      );
    } catch (error) {
      if (isPluginSecurityError(error)) {
        scope.logger.warn(
          { url, code: error.code, violation: error.violation },
          `refused request to ${url}`,
        );
      }
      throw error;
    }
  }
}
