export type { Jitter } from './backoff.js';
export type {
  Breaker,
  BreakerWindow,
  CountBreakerOptions,
  SamplingBreakerOptions,
} from './breakers.js';
export { consecutive, count, sampling } from './breakers.js';
export type { BulkheadOptions, BulkheadRejectEvent } from './bulkhead.js';
export { BulkheadPolicy, bulkhead } from './bulkhead.js';
export { CircuitBreakerPolicy, circuitBreaker } from './circuit-breaker.js';
export type {
  BreakEvent,
  CircuitBreakerOptions,
  HalfOpenOptions,
  IsolationHandle,
  RejectEvent,
  StateChangeEvent,
} from './circuit-options.js';
export type {
  CircuitStateChangeDiagnosticsMessage,
  GiveUpDiagnosticsMessage,
  RejectDiagnosticsMessage,
  ResilienceDiagnosticsChannelName,
  ResilienceDiagnosticsMessage,
  RetryDiagnosticsMessage,
  WaitDiagnosticsMessage,
} from './diagnostics.js';
export { RESILIENCE_DIAGNOSTICS_CHANNELS } from './diagnostics.js';
export type { ResilienceErrorOptions } from './errors.js';
export {
  BrokenCircuitError,
  BulkheadRejectedError,
  IsolatedCircuitError,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isIsolatedCircuitError,
  isRateLimitedError,
  RateLimitedError,
} from './errors.js';
export type { FallbackContext, FallbackEvent, FallbackOptions } from './fallback.js';
export { FallbackPolicy, fallback } from './fallback.js';
export type { Unsubscribe } from './listeners.js';
export type { CallOutcome } from './metrics.js';
export { RESILIENCE_METRICS } from './metrics.js';
export type { AnyPolicy, ExtraOf } from './pipeline.js';
export { PipelinePolicy, pipeline } from './pipeline.js';
export type {
  CommonPolicyOptions,
  ExecuteOptions,
  PolicyFunction,
  PolicyKind,
  ResiliencePolicy,
} from './policy.js';
export type { RateLimitOptions, RateLimitRejectEvent } from './rate-limit.js';
export { RateLimitPolicy, rateLimit } from './rate-limit.js';
export type {
  GiveUpEvent,
  GiveUpReason,
  RetryContext,
  RetryEvent,
  RetryOptions,
} from './retry.js';
export { RetryPolicy, retry } from './retry.js';
export type {
  CircuitSnapshot,
  CircuitState,
  CircuitStateStore,
  MemoryStateStore,
  MemoryStateStoreOptions,
  RemoteSnapshotListener,
} from './state-store.js';
export { createMemoryStateStore } from './state-store.js';
export type { TimeoutEvent, TimeoutOptions, TimeoutStrategy } from './timeout.js';
export { TimeoutPolicy, timeout } from './timeout.js';
