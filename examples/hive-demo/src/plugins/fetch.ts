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
  type CircuitStateStore,
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
  /**
   * Where the circuit's state is kept. Default: the breaker's own, in memory. The distributed
   * mode gives each worker a Redis store, so the workers' breakers follow each other's opens.
   */
  readonly breakerStore?: CircuitStateStore;
  /** Told of every state change of the circuit, with the time (`Date.now()`) it happened. */
  readonly onBreakerChange?: (change: BreakerChange) => void;
}

/** A state change of the circuit, as {@link FetchPluginOptions.onBreakerChange} hears it. */
export interface BreakerChange {
  readonly from: string;
  readonly to: string;
  /** The breaker followed another process's breaker of the same name through the store. */
  readonly remote: boolean;
  /** `Date.now()` when it changed: comparable across the processes of one machine. */
  readonly at: number;
}

/** One change of the circuit's state, as the report lists it. */
export interface BreakerTransition {
  readonly from: string;
  readonly to: string;
  /** Milliseconds since the plugin initialised (since the run began, in the distributed report). */
  readonly atMs: number;
  /** Set when the breaker followed another process's breaker (distributed mode only). */
  readonly remote?: true;
  /** The worker whose breaker changed (distributed report only). */
  readonly worker?: number;
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
  readonly #options: Required<Omit<FetchPluginOptions, 'breakerStore' | 'onBreakerChange'>>;
  readonly #breakerStore: CircuitStateStore | undefined;
  readonly #onBreakerChange: ((change: BreakerChange) => void) | undefined;
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
    const { breakerStore, onBreakerChange, ...rest } = options;
    this.#options = {
      totalTimeoutMs: 1_500,
      attemptTimeoutMs: 400,
      retries: 4,
      breakerWindow: 10,
      halfOpenAfterMs: 250,
      concurrency: 6,
      ...rest,
    };
    this.#breakerStore = breakerStore;
    this.#onBreakerChange = onBreakerChange;
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
    const shared = this.#breakerStore !== undefined;
    this.#startedAt = clock.now();
    const breaker = circuitBreaker({
      name: 'flaky-service',
      breaker: count({ size: o.breakerWindow, threshold: 0.5, minimumCalls: 5 }),
      halfOpenAfterMs: o.halfOpenAfterMs,
      // Callers arriving during a probe wait for its verdict instead of failing at once.
      // Shared, the right to probe is a lease in the store: it ends with the longest probe
      // (one attempt), not the default 10 s, so a worker killed while probing blocks no one long.
      halfOpen: shared
        ? { whenBusy: 'wait', probeLeaseMs: 2 * o.attemptTimeoutMs }
        : { whenBusy: 'wait' },
      metrics,
      clock,
      ...(this.#breakerStore === undefined ? {} : { store: this.#breakerStore }),
    });
    breaker.onStateChange(({ from, to, remote }) => {
      const atMs = Math.round(clock.now() - this.#startedAt);
      this.#transitions.push(remote ? { from, to, atMs, remote } : { from, to, atMs });
      this.#onBreakerChange?.({ from, to, remote, at: Date.now() });
      const line = `circuit ${from} → ${to}`;
      const fields = remote ? { breaker: 'flaky-service', remote } : { breaker: 'flaky-service' };
      if (to === 'open') logger.warn(fields, line);
      else logger.info(fields, line);
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
        delayFor: (error) => {
          if (!isBrokenCircuitError(error)) return undefined;
          // A shared circuit refuses with `retryAfterMs: 0` while another process holds the
          // probe: back off as for a failure instead of spending every retry at once.
          if (shared && error.retryAfterMs === 0) return undefined;
          return error.retryAfterMs;
        },
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
    // A shared breaker stops following the others; the in-memory one has nothing to stop.
    if (this.#breakerStore !== undefined) this.#breaker?.dispose();
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
