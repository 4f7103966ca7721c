import type http from 'node:http';
import type https from 'node:https';
import type { Duplex } from 'node:stream';
import { checkOneOf, checkOptionsObject, invalidOption } from '@leanvibe/core/contracts';
import { SsrfPolicy, type SsrfPolicyOptions } from '../url/policy.js';
import { createConnectGuard } from './guard.js';
import { lazyRequire } from './lazy.js';

/** Options of {@link createSafeAgent}. */
export interface SafeAgentOptions extends SsrfPolicyOptions {
  /** Which agent to build: `node:http`'s or `node:https`'s. @default 'http:' */
  readonly protocol?: 'http:' | 'https:';
  /**
   * Options for the underlying `http.Agent` / `https.Agent` (`keepAlive`, `maxSockets`, TLS
   * options such as `ca`…). `lookup` and `socketPath` are the guard's and cannot be set.
   * @default {}
   */
  readonly agentOptions?: Omit<https.AgentOptions, 'lookup' | 'socketPath'>;
}

type ConnectionFactory = (
  options: Record<string, unknown>,
  callback: (error: Error | null, socket?: Duplex) => void,
) => Duplex | undefined;

/**
 * An `http.Agent` (or `https.Agent`) for `node:http` / `node:https` that refuses, at connect
 * time, every connection the SSRF policy refuses: it judges a literal host itself (lookup hooks
 * never see `http://127.0.0.2/`), resolves names through the policy's lookup and connects only
 * to addresses it checked — all of them, so a name with one private address is refused — and
 * refuses Unix sockets. A redirect you follow with the same agent is checked again. Refusals
 * reach the request's `'error'` event as a `PluginSecurityError`.
 *
 * @example
 * ```ts
 * import http from 'node:http';
 * const agent = createSafeAgent();
 * http.get('http://169.254.169.254/latest/meta-data/', { agent }).on('error', (error) => {
 *   console.log(error.code); // SECURITY_BLOCKED_ADDRESS
 * });
 * ```
 */
export function createSafeAgent(
  options?: SafeAgentOptions & { readonly protocol?: 'http:' },
): http.Agent;
export function createSafeAgent(
  options: SafeAgentOptions & { readonly protocol: 'https:' },
): https.Agent;
export function createSafeAgent(options?: SafeAgentOptions): http.Agent;
export function createSafeAgent(options?: SafeAgentOptions): http.Agent {
  const o = checkOptionsObject('options', options);
  const guard = createConnectGuard(new SsrfPolicy(o));
  const protocol = checkOneOf('protocol', o.protocol ?? 'http:', ['http:', 'https:'] as const);
  const agentOptions = checkOptionsObject(
    'agentOptions',
    o.agentOptions as Record<string, unknown> | undefined,
  );
  for (const key of ['lookup', 'socketPath'] as const) {
    if (key in agentOptions)
      throw invalidOption(
        `agentOptions.${key}`,
        'left unset (the SSRF guard owns it)',
        agentOptions[key],
      );
  }
  const Base =
    protocol === 'https:'
      ? lazyRequire<typeof https>('node:https').Agent
      : lazyRequire<typeof http>('node:http').Agent;
  const agent = new Base({ ...agentOptions, lookup: guard.lookup as never });
  const base = (agent as unknown as { createConnection: ConnectionFactory }).createConnection;
  const createConnection: ConnectionFactory = function (this: unknown, connectOptions, callback) {
    try {
      guard.checkTarget({
        host: connectOptions.host,
        socketPath: connectOptions.socketPath ?? connectOptions.path,
      });
    } catch (error) {
      process.nextTick(callback, error as Error);
      return undefined;
    }
    return base.call(this, { ...connectOptions, lookup: guard.lookup }, callback);
  };
  Object.defineProperty(agent, 'createConnection', {
    value: createConnection,
    writable: false,
    configurable: false,
  });
  return agent;
}
