/**
 * The attributes this package sets on spans: OpenTelemetry's semantic-convention names where
 * there is one (`error.type`), `leanvibe.*` names otherwise.
 */
export const TRACING_ATTRIBUTES = Object.freeze({
  /** The plugin that ran the task. */
  pluginId: 'leanvibe.plugin.id',
  /** The task's type (also the span's name). */
  taskType: 'leanvibe.task.type',
  /** The task's id. */
  taskId: 'leanvibe.task.id',
  /** `success`, `failure` or `cancelled`. */
  outcome: 'leanvibe.task.outcome',
  /** On failure: the error's code, e.g. `PLUGIN_TIMEOUT` (semantic conventions' `error.type`). */
  errorType: 'error.type',
  /** The policy, pool or cached method an event or wait span comes from. */
  policyName: 'leanvibe.policy.name',
  /** For a retry: the attempt that failed (1 for the first call). */
  retryAttempt: 'leanvibe.retry.attempt',
  /** For a retry: the delay before the next attempt, in milliseconds. */
  retryDelayMs: 'leanvibe.retry.delay_ms',
  /** For a retry give-up: attempts made in all. */
  retryAttempts: 'leanvibe.retry.attempts',
  /** For a retry give-up: why (`exhausted`, `not-retryable`, ...). */
  retryGiveUpReason: 'leanvibe.retry.give_up_reason',
  /** For a breaker transition: the state it left. */
  circuitFrom: 'leanvibe.circuit.from',
  /** For a breaker transition: the new state; for a refusal: the state that refused. */
  circuitState: 'leanvibe.circuit.state',
  /** For a wait span: how long it waited, in milliseconds of the waiting component's clock. */
  waitMs: 'leanvibe.wait_ms',
  /** For a pool wait: `acquired` or `failed`. */
  poolOutcome: 'leanvibe.pool.outcome',
  /** For a cache event: `memory` or `async`. */
  cacheStore: 'leanvibe.cache.store',
  /** On a task span that looked up a cache: the hits, all of them (events stop at 16). */
  cacheHits: 'leanvibe.cache.hits',
  /** On a task span that looked up a cache: the misses, all of them. */
  cacheMisses: 'leanvibe.cache.misses',
} as const);

/**
 * The channels an instrumentation subscribes to besides core's, by name: the names
 * `@leanvibe/resilience`, `@leanvibe/pool` and `@leanvibe/decorators` publish on. Tracing needs
 * none of those packages at run time; a channel nobody publishes on is harmless.
 */
export const TRACED_CHANNELS = Object.freeze({
  retry: 'leanvibe:resilience:retry',
  circuitBreaker: 'leanvibe:resilience:circuit-breaker',
  bulkhead: 'leanvibe:resilience:bulkhead',
  rateLimit: 'leanvibe:resilience:rate-limit',
  poolAcquireWait: 'leanvibe:pool:acquire-wait',
  cache: 'leanvibe:decorators:cache',
} as const);

/** The names of the span events and wait spans this package records. */
export const TRACING_EVENTS = Object.freeze({
  retry: 'retry',
  giveUp: 'retry.give_up',
  circuitStateChange: 'circuit_breaker.state_change',
  circuitReject: 'circuit_breaker.reject',
  bulkheadReject: 'bulkhead.reject',
  rateLimitReject: 'rate_limit.reject',
  cacheHit: 'cache.hit',
  cacheMiss: 'cache.miss',
  bulkheadWait: 'bulkhead wait',
  rateLimitWait: 'rate-limit wait',
  poolAcquireWait: 'pool acquire',
} as const);
