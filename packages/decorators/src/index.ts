export type { AsyncPluginMethodOptions } from './async-plugin-method.js';
export { asyncPluginMethod, withTimeout } from './async-plugin-method.js';
export type { CacheHandle } from './cache-handle.js';
export { cacheOf } from './cache-handle.js';
export { defaultCacheKey } from './cache-key.js';
export type { AsyncCacheStore, CacheStore } from './cache-store.js';
export type { CachedResultDecorator, CachedResultOptions } from './cached-result.js';
export { cached, cachedResult } from './cached-result.js';
export type { CacheDiagnosticsMessage, DecoratorsDiagnosticsChannelName } from './diagnostics.js';
export { DECORATORS_DIAGNOSTICS_CHANNELS } from './diagnostics.js';
export type {
  ErrorHandledDecorator,
  ErrorHandledOptions,
  ErrorHandledRefusal,
  OrUndefined,
  TaskResultLike,
} from './error-handled.js';
export { errorHandled, handled } from './error-handled.js';
export type { AnyFunction, MethodDecorator } from './method-decorator.js';
export type { PerformanceTrackedOptions } from './performance-tracked.js';
export { PERFORMANCE_METRICS, performanceTracked, tracked } from './performance-tracked.js';
export { currentSignal } from './scope.js';
export type { WeakValueCacheOptions } from './weak-value-cache.js';
export { WeakValueCache } from './weak-value-cache.js';
export type { PolicyWrapper } from './with-policy.js';
export { withPolicy } from './with-policy.js';
