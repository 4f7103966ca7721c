import { channel } from 'node:diagnostics_channel';

/**
 * Names of the `node:diagnostics_channel` channels this package's decorators publish on, under
 * core's `leanvibe:` namespace. With no subscriber, a decorator publishes nothing and builds no
 * message.
 */
export const DECORATORS_DIAGNOSTICS_CHANNELS = Object.freeze({
  /** A `@cachedResult` / `@cached` method call was served from the cache or ran. */
  cache: 'leanvibe:decorators:cache',
} as const);

/** One of the {@link DECORATORS_DIAGNOSTICS_CHANNELS} names. */
export type DecoratorsDiagnosticsChannelName =
  (typeof DECORATORS_DIAGNOSTICS_CHANNELS)[keyof typeof DECORATORS_DIAGNOSTICS_CHANNELS];

/** On `leanvibe:decorators:cache`: one call of a cached method, on the caller's async path. */
export interface CacheDiagnosticsMessage {
  /** The decorated method's name. */
  readonly method: string;
  /**
   * `hit` when the result came from the cache (or a call of the same key in flight), `miss`
   * when the method ran.
   */
  readonly outcome: 'hit' | 'miss';
  /** `memory` for the built-in LRU cache, `async` for an `asyncStore`. */
  readonly store: 'memory' | 'async';
}

const cacheChannel = channel(DECORATORS_DIAGNOSTICS_CHANNELS.cache);

/** Publishes one cache outcome when someone listens (internal). */
export function reportCache(
  method: string,
  outcome: 'hit' | 'miss',
  store: 'memory' | 'async',
): void {
  if (cacheChannel.hasSubscribers) cacheChannel.publish({ method, outcome, store });
}
