import { channel } from 'node:diagnostics_channel';

/**
 * Names of the `node:diagnostics_channel` channels a pool publishes on, under core's
 * `leanvibe:` namespace. Channels are process-wide: a message names its pool. With no
 * subscriber, a pool publishes nothing and reads no clock for it.
 */
export const POOL_DIAGNOSTICS_CHANNELS = Object.freeze({
  /** A caller that found nothing idle got a resource (`acquired`) or gave up (`failed`). */
  acquireWait: 'leanvibe:pool:acquire-wait',
} as const);

/** One of the {@link POOL_DIAGNOSTICS_CHANNELS} names. */
export type PoolDiagnosticsChannelName =
  (typeof POOL_DIAGNOSTICS_CHANNELS)[keyof typeof POOL_DIAGNOSTICS_CHANNELS];

/**
 * On `leanvibe:pool:acquire-wait`: a caller that found nothing idle waited `waitedMs` for a
 * resource to be created or released. Published
 * on the waiting caller's own async path, so it can be tied to the work that waited.
 */
export interface PoolAcquireWaitMessage {
  /** The pool's `name`. */
  readonly pool: string;
  /** `acquired` when a resource came, `failed` on a time-out, abort or close. */
  readonly outcome: 'acquired' | 'failed';
  /** How long the caller waited, in milliseconds of the pool's clock. */
  readonly waitedMs: number;
  /** Why the wait failed. */
  readonly error?: unknown;
}

/** The `acquire-wait` channel (internal). */
export const acquireWaitChannel = channel(POOL_DIAGNOSTICS_CHANNELS.acquireWait);
