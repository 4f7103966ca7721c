import type { ConnectionOptions } from 'node:tls';
import { checkInteger, checkOptionsObject, invalidOption } from '@leanvibe/core/contracts';
import type { Dispatcher } from 'undici';
import { SsrfPolicy, type SsrfPolicyOptions } from '../url/policy.js';
import { createConnectGuard } from './guard.js';
import { lazyRequire } from './lazy.js';

/** Options of {@link createSafeDispatcher}. */
export interface SafeDispatcherOptions extends SsrfPolicyOptions {
  /** How long to wait for a connection (TCP and TLS) before failing it. @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Idle keep-alive sockets are closed after this long. @default 4000 */
  readonly keepAliveTimeoutMs?: number;
  /** Connections per origin; `0` for no limit. @default 0 */
  readonly connectionsPerOrigin?: number;
  /**
   * TLS options for HTTPS origins (`ca`, `cert`, `key`, `rejectUnauthorized`…). `lookup`,
   * `host`, `port` and `path` are the guard's and cannot be set.
   * @default {}
   */
  readonly tls?: Omit<ConnectionOptions, 'lookup' | 'host' | 'port' | 'path' | 'socket'>;
}

/**
 * The dispatcher type the global `fetch` accepts: `RequestInit['dispatcher']` as your Node
 * typings declare it (so `fetch(url, { dispatcher })` typechecks whatever undici 6 release they
 * describe), or undici's own `Dispatcher` where the global `RequestInit` has no such field
 * (the DOM lib). Either way it has `close()` and `destroy()`.
 */
export type FetchDispatcher = RequestInit extends { dispatcher?: infer D }
  ? Exclude<D, undefined>
  : Dispatcher;

/**
 * An undici `Dispatcher` (undici 6, the line Node 20 bundles, so the global `fetch` accepts it
 * as `dispatcher`) that refuses, at connect time, every connection the SSRF policy refuses. It
 * judges literal hosts itself, resolves names through the policy's lookup, checks **every**
 * address returned and connects only to those: DNS rebinding between a check and the connect
 * cannot move it, and a redirect `fetch` follows is checked at its own connect. Close it when
 * done (`await dispatcher.close()`).
 *
 * The return type is the one `fetch`'s `dispatcher` option asks for ({@link FetchDispatcher}).
 *
 * @example
 * ```ts
 * const dispatcher = createSafeDispatcher();
 * try {
 *   await fetch('http://[::ffff:169.254.169.254]/', { dispatcher });
 * } catch (error) {
 *   console.log((error as Error).cause); // PluginSecurityError SECURITY_BLOCKED_ADDRESS
 * } finally {
 *   await dispatcher.close();
 * }
 * ```
 */
export function createSafeDispatcher(options?: SafeDispatcherOptions): FetchDispatcher {
  const o = checkOptionsObject('options', options);
  const guard = createConnectGuard(new SsrfPolicy(o));
  const connectTimeoutMs = checkInteger('connectTimeoutMs', o.connectTimeoutMs ?? 10_000, {
    min: 1,
  });
  const keepAliveTimeoutMs = checkInteger('keepAliveTimeoutMs', o.keepAliveTimeoutMs ?? 4_000, {
    min: 1,
  });
  const connections = checkInteger('connectionsPerOrigin', o.connectionsPerOrigin ?? 0, { min: 0 });
  const tls = checkOptionsObject('tls', o.tls as Record<string, unknown> | undefined);
  for (const key of ['lookup', 'host', 'port', 'path', 'socket', 'socketPath'] as const) {
    if (key in tls)
      throw invalidOption(`tls.${key}`, 'left unset (the SSRF guard owns it)', tls[key]);
  }
  const { Agent, buildConnector } = lazyRequire<typeof import('undici')>('undici');
  const connector = buildConnector({
    ...tls,
    timeout: connectTimeoutMs,
    lookup: guard.lookup,
  } as never);
  const connect: typeof connector = (connectOptions, callback) => {
    try {
      guard.checkTarget({ host: connectOptions.hostname });
    } catch (error) {
      callback(error as Error, null);
      return;
    }
    connector(connectOptions, callback);
  };
  // undici's Agent is the dispatcher the global fetch drives; its typings may be a different
  // 6.x release than the ones @types/node describes, hence the cast to the global's type.
  return new Agent({
    connect,
    keepAliveTimeout: keepAliveTimeoutMs,
    ...(connections === 0 ? {} : { connections }),
  }) as unknown as FetchDispatcher;
}
