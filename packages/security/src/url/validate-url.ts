import {
  checkBoolean,
  checkSignal,
  invalidArgument,
  invalidOption,
} from '@leanvibe/core/contracts';
import { refusal } from './errors.js';
import { SsrfPolicy, type SsrfPolicyOptions } from './policy.js';

/** A scheme `validateUrl` can allow. */
export type UrlProtocol = 'http:' | 'https:';

/** Options of {@link validateUrl} and {@link createUrlValidator}. */
export interface UrlValidatorOptions extends SsrfPolicyOptions {
  /**
   * Resolve a host name and refuse it when **any** of its addresses is blocked (and when the
   * lookup fails). Turn off only where a connect-time guard (`createSafeAgent`,
   * `createSafeDispatcher`) checks the addresses anyway.
   * @default true
   */
  readonly resolveDns?: boolean;
  /** The schemes allowed; e.g. `['https:']` to refuse plain HTTP. @default ['http:', 'https:'] */
  readonly protocols?: readonly UrlProtocol[];
}

/** Options of {@link validateUrl}: the validator's, plus a signal for the lookup. */
export interface ValidateUrlOptions extends UrlValidatorOptions {
  /** Stops waiting for the lookup; the promise rejects with the abort reason. */
  readonly signal?: AbortSignal;
}

/** A compiled {@link validateUrl}: options checked once, then called per URL. */
export type UrlValidator = (
  input: string | URL,
  options?: { readonly signal?: AbortSignal },
) => Promise<URL>;

const SCHEME = /^[a-z][a-z\d+.-]*:/i;

function parse(input: string | URL): URL {
  if (input instanceof URL) return new URL(input.href);
  if (typeof input !== 'string') throw invalidArgument('input', 'a URL string or a URL', input);
  try {
    return new URL(input);
  } catch (error) {
    const text = input.trim();
    if (text.startsWith('//') || text.startsWith('\\\\')) {
      throw refusal(
        'url_scheme',
        'Refused a scheme-relative URL: write the scheme (http:// or https://); it is never guessed',
        {},
        { cause: error },
      );
    }
    if (!SCHEME.test(text)) {
      throw refusal(
        'url_scheme',
        'Refused a URL without a scheme: write http:// or https://; the scheme is never guessed',
        {},
        { cause: error },
      );
    }
    throw refusal(
      'url_invalid',
      `Refused an invalid URL: ${error instanceof Error ? error.message : String(error)}`,
      {},
      { cause: error },
    );
  }
}

/**
 * Compiles the options of {@link validateUrl} once, for checking many URLs alike.
 *
 * @example
 * ```ts
 * const check = createUrlValidator({ protocols: ['https:'] });
 * const url = await check('https://api.example.com/v1/items');
 * ```
 */
export function createUrlValidator(options: UrlValidatorOptions = {}): UrlValidator {
  const policy = new SsrfPolicy(options);
  const resolveDns = checkBoolean('resolveDns', options.resolveDns ?? true);
  const protocols = options.protocols ?? ['http:', 'https:'];
  if (
    !Array.isArray(protocols) ||
    protocols.length === 0 ||
    protocols.some((p) => p !== 'http:' && p !== 'https:')
  ) {
    throw invalidOption('protocols', "a non-empty array of 'http:' and 'https:'", protocols);
  }
  const allowed = new Set<string>(protocols);
  return async (input, callOptions = {}) => {
    const signal = checkSignal('signal', callOptions.signal);
    const url = parse(input);
    if (!allowed.has(url.protocol)) {
      throw refusal(
        'url_scheme',
        `Refused scheme ${JSON.stringify(url.protocol)}: only ${[...allowed].join(' and ')} URLs are fetched`,
        { protocol: url.protocol },
      );
    }
    if (url.username !== '' || url.password !== '') {
      throw refusal(
        'url_credentials',
        `Refused a URL with credentials for host ${JSON.stringify(url.hostname)}: send them in a header, never in the URL`,
        { host: url.hostname },
      );
    }
    if (resolveDns) await policy.resolve(url.hostname, signal);
    else policy.judgeHost(url.hostname);
    return url;
  };
}

/**
 * Parses `input` once with the WHATWG `URL` parser and refuses what an SSRF guard must: a
 * scheme other than `http:`/`https:`, credentials in the URL, scheme-relative or scheme-less
 * input (a scheme is never guessed), a host that is an IP address outside global unicast in
 * any notation (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`, `[::ffff:127.0.0.1]`, NAT64,
 * 6to4, Teredo…), a deny-listed host or address (`localhost`, `*.localhost`, cloud metadata),
 * and — unless `resolveDns: false` — a name for which **any** resolved address is blocked or
 * the lookup fails. Resolves to the parsed `URL`.
 *
 * A URL that passes can still be rebound to another address by DNS before you connect: fetch
 * through `createSafeDispatcher()` / `createSafeAgent()` (or `safeFetch`), which check the
 * address actually connected to.
 *
 * @throws `PluginSecurityError` with `violation` `url_invalid`, `url_scheme`,
 * `url_credentials`, `blocked_host`, `blocked_address`, `dns_blocked` or `dns_failed`.
 * @example
 * ```ts
 * await validateUrl('http://0x7f.1/'); // rejects: SECURITY_BLOCKED_ADDRESS (127.0.0.1, loopback)
 * const url = await validateUrl('https://api.example.com/', { lookup });
 * ```
 */
export function validateUrl(input: string | URL, options: ValidateUrlOptions = {}): Promise<URL> {
  try {
    const { signal, ...rest } = options;
    return createUrlValidator(rest)(input, signal === undefined ? {} : { signal });
  } catch (error) {
    return Promise.reject(error);
  }
}
