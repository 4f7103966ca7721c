import {
  type Clock,
  checkFunction,
  checkInteger,
  checkOneOf,
  checkOptionsObject,
  invalidArgument,
  isPluginSecurityError,
  linkedController,
  type PermissionChecker,
  PluginTimeoutError,
  systemClock,
} from '@leanvibe/core/contracts';
import { refusal } from '../url/errors.js';
import { NET_FETCH_PERMISSION } from '../url/host.js';
import {
  createUrlValidator,
  type UrlValidator,
  type UrlValidatorOptions,
} from '../url/validate-url.js';
import { bufferResponse } from './read-capped.js';
import {
  createSafeDispatcher,
  type FetchDispatcher,
  type SafeDispatcherOptions,
} from './safe-dispatcher.js';

/** The caps of a safe fetch; each can be set per client and overridden per call. */
export interface SafeFetchCaps {
  /** Redirects followed before refusing with `too_many_redirects`. @default 5 */
  readonly maxRedirects?: number;
  /** Largest response body accepted, in bytes after decoding. @default 10485760 (10 MiB) */
  readonly maxResponseBytes?: number;
  /** Time for the whole fetch — every hop and the body — before `PluginTimeoutError`. @default 30000 */
  readonly timeoutMs?: number;
}

/** Who fetches, for the `net:fetch` permission checked on every hop. */
export interface SafeFetchPermission {
  /** Asked `check('net:fetch', { pluginId, taskId, resource: host })` before each hop. */
  readonly checker: PermissionChecker;
  readonly pluginId: string;
  readonly taskId?: string;
}

/** Options of {@link createSafeFetch}: the SSRF policy, the connection settings and the caps. */
export interface SafeFetchOptions
  extends Omit<UrlValidatorOptions, 'resolveDns'>,
    Omit<SafeDispatcherOptions, keyof UrlValidatorOptions>,
    SafeFetchCaps {
  /** Checks the `net:fetch` permission for each host fetched; unchecked when absent. */
  readonly permission?: SafeFetchPermission;
  /** The clock that times `timeoutMs`. @default systemClock */
  readonly clock?: Clock;
}

/**
 * `fetch`'s init, with the redirect modes a safe fetch supports and per-call caps. `redirect`
 * defaults to `'follow'` (each hop re-validated); `'manual'` returns the 3xx response;
 * `'error'` refuses with `redirect_refused`.
 */
export interface SafeRequestInit
  extends Omit<RequestInit, 'redirect' | 'dispatcher'>,
    SafeFetchCaps {
  readonly redirect?: 'follow' | 'error' | 'manual';
}

/** A fetch client with one guarded dispatcher (so connections are reused); close it when done. */
export interface SafeFetchClient extends AsyncDisposable {
  /** Fetches like `safeFetch`, through this client's dispatcher and policy. */
  fetch(input: string | URL, init?: SafeRequestInit): Promise<Response>;
  /** Closes the dispatcher's connections; later fetches reject. Safe to call twice. */
  close(): Promise<void>;
}

interface Settings {
  readonly validate: UrlValidator;
  readonly caps: Required<SafeFetchCaps>;
  readonly clock: Clock;
  readonly permission: SafeFetchPermission | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];
const OWN_KEYS = new Set<string>([
  'allowHosts',
  'allowCidrs',
  'denyHosts',
  'denyCidrs',
  'lookup',
  'protocols',
  'connectTimeoutMs',
  'keepAliveTimeoutMs',
  'connectionsPerOrigin',
  'tls',
  'permission',
  'clock',
  'maxRedirects',
  'maxResponseBytes',
  'timeoutMs',
  'redirect',
  'signal',
  'method',
  'headers',
  'body',
]);

function checkCaps(
  caps: SafeFetchCaps,
  defaults: Required<SafeFetchCaps>,
): Required<SafeFetchCaps> {
  return {
    maxRedirects: checkInteger('maxRedirects', caps.maxRedirects ?? defaults.maxRedirects, {
      min: 0,
    }),
    maxResponseBytes: checkInteger(
      'maxResponseBytes',
      caps.maxResponseBytes ?? defaults.maxResponseBytes,
      { min: 0 },
    ),
    timeoutMs: checkInteger('timeoutMs', caps.timeoutMs ?? defaults.timeoutMs, { min: 1 }),
  };
}

const DEFAULT_CAPS: Required<SafeFetchCaps> = {
  maxRedirects: 5,
  maxResponseBytes: 10 * 1024 * 1024,
  timeoutMs: 30_000,
};

function compile(options: SafeFetchOptions): Settings {
  const o = checkOptionsObject('options', options);
  const permission =
    o.permission === undefined ? undefined : checkOptionsObject('permission', o.permission);
  if (permission !== undefined)
    checkFunction('permission.checker.check', permission.checker?.check);
  return {
    // Names are resolved and judged at connect time by the dispatcher, against the very
    // addresses connected to; here each hop's scheme, credentials and host are judged.
    validate: createUrlValidator({ ...pick(o), resolveDns: false }),
    caps: checkCaps(o, DEFAULT_CAPS),
    clock: o.clock ?? systemClock,
    permission,
  };
}

function pick(o: SafeFetchOptions): UrlValidatorOptions {
  const { allowHosts, allowCidrs, denyHosts, denyCidrs, lookup, protocols } = o;
  return Object.fromEntries(
    Object.entries({ allowHosts, allowCidrs, denyHosts, denyCidrs, lookup, protocols }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

function unwrap(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return isPluginSecurityError(cause) ? cause : error;
}

async function run(
  settings: Settings,
  dispatcher: FetchDispatcher,
  input: string | URL,
  init: SafeRequestInit = {},
): Promise<Response> {
  const caps = checkCaps(checkOptionsObject('init', init), settings.caps);
  const mode = checkOneOf('redirect', init.redirect ?? 'follow', [
    'follow',
    'error',
    'manual',
  ] as const);
  const linked = linkedController(init.signal ?? undefined);
  const timeout = new PluginTimeoutError(`safeFetch took longer than ${caps.timeoutMs} ms`, {
    timeoutMs: caps.timeoutMs,
    operation: 'safeFetch',
  });
  const timer = settings.clock.setTimeout(() => linked.controller.abort(timeout), caps.timeoutMs);
  const passThrough = Object.fromEntries(
    Object.entries(init).filter(([key]) => !OWN_KEYS.has(key)),
  );
  try {
    let url = await settings.validate(input, { signal: linked.signal });
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body ?? null;
    const headers = new Headers(init.headers);
    for (let hop = 0; ; hop++) {
      await checkPermission(settings.permission, url);
      linked.signal.throwIfAborted();
      let response: Response;
      try {
        response = await globalThis.fetch(url, {
          ...passThrough,
          method,
          headers,
          body,
          redirect: 'manual',
          signal: linked.signal,
          dispatcher,
          ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
        } as RequestInit);
      } catch (error) {
        throw unwrap(error);
      }
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null || mode === 'manual') {
        return await bufferResponse(response, caps.maxResponseBytes, url, hop > 0);
      }
      await response.body?.cancel().catch(() => {});
      if (mode === 'error') {
        throw refusal(
          'redirect_refused',
          `Refused a redirect from ${JSON.stringify(url.hostname)}: redirect is 'error'`,
          { host: url.hostname, status: response.status },
        );
      }
      if (hop >= caps.maxRedirects) {
        throw refusal(
          'too_many_redirects',
          `Refused a redirect from ${JSON.stringify(url.hostname)}: more than maxRedirects (${caps.maxRedirects})`,
          { host: url.hostname, maxRedirects: caps.maxRedirects },
        );
      }
      let target: URL;
      try {
        target = new URL(location, url);
      } catch (error) {
        throw refusal(
          'url_invalid',
          `Refused a redirect from ${JSON.stringify(url.hostname)} to an invalid Location`,
          { host: url.hostname },
          { cause: error },
        );
      }
      const next = await settings.validate(target, { signal: linked.signal });
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      const status = response.status;
      if (
        (status === 303 && method !== 'HEAD') ||
        ((status === 301 || status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      } else if (body instanceof ReadableStream) {
        throw invalidArgument(
          'init.body',
          `a body that can be sent again to follow a ${status} redirect (not a stream)`,
          body,
        );
      }
      url = next;
    }
  } catch (error) {
    throw linked.signal.aborted && linked.signal.reason === timeout ? timeout : error;
  } finally {
    settings.clock.clearTimeout(timer);
    linked.unlink();
  }
}

async function checkPermission(
  permission: SafeFetchPermission | undefined,
  url: URL,
): Promise<void> {
  if (permission === undefined) return;
  const host = url.hostname;
  const allowed = await permission.checker.check(NET_FETCH_PERMISSION, {
    pluginId: permission.pluginId,
    ...(permission.taskId === undefined ? {} : { taskId: permission.taskId }),
    resource: host,
  });
  if (allowed !== true) {
    throw refusal(
      'permission_denied',
      `Refused to fetch from ${JSON.stringify(host)}: plugin ${JSON.stringify(permission.pluginId)} lacks '${NET_FETCH_PERMISSION}' for it`,
      { host, pluginId: permission.pluginId },
      { requiredPermission: NET_FETCH_PERMISSION },
    );
  }
}

/**
 * Creates a fetch client whose every request goes through one guarded dispatcher (see
 * {@link safeFetch} for what each fetch checks). Reuse it for many requests; close it when done.
 *
 * @example
 * ```ts
 * await using client = createSafeFetch({ timeoutMs: 5_000 });
 * const response = await client.fetch('https://api.example.com/items');
 * ```
 */
export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetchClient {
  const settings = compile(options);
  const {
    allowHosts,
    allowCidrs,
    denyHosts,
    denyCidrs,
    lookup,
    connectTimeoutMs,
    keepAliveTimeoutMs,
    connectionsPerOrigin,
    tls,
  } = options;
  const dispatcher = createSafeDispatcher(
    Object.fromEntries(
      Object.entries({
        allowHosts,
        allowCidrs,
        denyHosts,
        denyCidrs,
        lookup,
        connectTimeoutMs,
        keepAliveTimeoutMs,
        connectionsPerOrigin,
        tls,
      }).filter(([, v]) => v !== undefined),
    ),
  );
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= dispatcher.close();
    return closing;
  };
  return {
    fetch: (input, init) => run(settings, dispatcher, input, init),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * `fetch` for URLs you did not write. Each hop is validated (scheme, credentials, host in every
 * notation, deny-lists) and connected through a guarded dispatcher that checks every address
 * it connects to; redirects are followed by hand (`redirect: 'manual'` underneath), each one
 * re-validated, up to `maxRedirects`; `Authorization`, `Cookie` and `Proxy-Authorization` are
 * dropped when a redirect changes origin; the body is read whole, up to `maxResponseBytes`, and
 * everything — hops and body — must finish within `timeoutMs`. The response resolves once its
 * body is buffered, so no connection outlives the call.
 *
 * @throws `PluginSecurityError` (a refused URL, host, address, redirect, size or permission),
 * `PluginTimeoutError` past `timeoutMs`, the abort reason when `signal` aborts, and `fetch`'s
 * own `TypeError` for network failures.
 * @example
 * ```ts
 * const response = await safeFetch(userSuppliedUrl, { timeoutMs: 5_000, maxResponseBytes: 1_000_000 });
 * console.log(response.status, await response.text());
 * ```
 */
export async function safeFetch(
  input: string | URL,
  init: SafeRequestInit & SafeFetchOptions = {},
): Promise<Response> {
  const client = createSafeFetch(init);
  try {
    return await client.fetch(input, init);
  } finally {
    await client.close();
  }
}
