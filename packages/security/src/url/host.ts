import { domainToASCII } from 'node:url';
import { invalidOption } from '@leanvibe/core/contracts';
import { type AddressClassification, classifyAddress, stripTrailingDots } from './address.js';

/** The permission a plugin needs to fetch; its `resource` is the host fetched. */
export const NET_FETCH_PERMISSION = 'net:fetch';

/**
 * Answers whether a host is on a list. Takes a host name or IP literal, with or without a
 * port or IPv6 brackets (`api.example.com`, `API.example.com.`, `[::1]:8080`, `0x7f.1`).
 */
export type HostMatcher = (host: string) => boolean;

/**
 * The canonical form of a host for comparison: lower case, IDN in ASCII (punycode), no
 * trailing dots, no port, no IPv6 brackets, and an IP literal in any notation as its canonical
 * address (`0x7f.1` → `127.0.0.1`). Returns `''` for something that is not a host.
 */
export function canonicalHost(host: string): string {
  return canonicalize(host).host;
}

/** {@link canonicalHost}, with the address when the host is an IP literal (classified once). */
export function canonicalize(host: string): {
  readonly host: string;
  readonly address: AddressClassification | undefined;
} {
  let text = host.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return NOT_A_HOST;
    text = text.slice(0, close + 1);
  } else {
    const colon = text.indexOf(':');
    // One colon is a port (`example.com:443`); several are a bare IPv6 address.
    if (colon !== -1 && text.indexOf(':', colon + 1) === -1) text = text.slice(0, colon);
  }
  const address = classifyAddress(text);
  if (address !== undefined) return { host: address.address, address };
  const name = stripTrailingDots(text.toLowerCase());
  if (name.length === 0 || name.includes(':')) return NOT_A_HOST;
  // Hosts from the URL parser are already ASCII; others are turned to punycode and checked.
  return { host: isPlainAscii(name) ? name : domainToASCII(name), address: undefined };
}

const NOT_A_HOST = Object.freeze({ host: '', address: undefined });

function isPlainAscii(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

interface CompiledPatterns {
  readonly exact: ReadonlySet<string>;
  /** Domains whose strict subdomains match (`*.example.com` → `example.com`). */
  readonly suffixes: readonly string[];
}

/** Parses host patterns, throwing an `InvalidOptionError` naming `option` for a bad one. */
export function compileHostPatterns(patterns: unknown, option: string): CompiledPatterns {
  if (!Array.isArray(patterns)) {
    throw invalidOption(option, "an array of host names or '*.domain' patterns", patterns);
  }
  const exact = new Set<string>();
  const suffixes: string[] = [];
  patterns.forEach((pattern: unknown, index) => {
    const name = `${option}[${index}]`;
    const expected = "a host name, an IP address or a '*.domain' pattern";
    if (typeof pattern !== 'string' || pattern.trim().length === 0) {
      throw invalidOption(name, expected, pattern);
    }
    if (/[/@\s?#]/.test(pattern.trim())) throw invalidOption(name, expected, pattern);
    const wildcard = pattern.startsWith('*.');
    const body = wildcard ? pattern.slice(2) : pattern;
    if (body.includes('*')) {
      throw invalidOption(name, `${expected} ('*' may only open a pattern, as '*.')`, pattern);
    }
    const host = canonicalHost(body);
    if (host.length === 0) throw invalidOption(name, expected, pattern);
    if (!wildcard) exact.add(host);
    else if (classifyAddress(body) !== undefined) {
      throw invalidOption(name, `${expected} (a wildcard takes a domain, not an address)`, pattern);
    } else suffixes.push(host);
  });
  return { exact, suffixes };
}

/** True when the canonical `host` is on the compiled list. */
export function matchesPatterns(host: string, compiled: CompiledPatterns): boolean {
  if (compiled.exact.has(host)) return true;
  for (const suffix of compiled.suffixes) {
    if (
      host.length > suffix.length + 1 &&
      host.endsWith(suffix) &&
      host.charCodeAt(host.length - suffix.length - 1) === 0x2e
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Compiles a host allow-list into a matcher: exact hosts (`api.example.com`, `127.0.0.1`) and
 * `*.domain` patterns, which match every subdomain of `domain` but not `domain` itself. Hosts
 * are compared in canonical form (case, trailing dots, IDN, port and IP notation do not matter).
 * This is how a `PermissionChecker` answers the `net:fetch` permission for a host.
 *
 * @param patterns the allowed hosts; `'*'` alone is refused — with no host list, allow no list.
 * @example
 * ```ts
 * const allowed = createHostMatcher(['api.example.com', '*.cdn.example.com']);
 * allowed('API.example.com.'); // true
 * allowed('img.cdn.example.com:443'); // true
 * allowed('cdn.example.com'); // false
 * ```
 */
export function createHostMatcher(patterns: readonly string[]): HostMatcher {
  const compiled = compileHostPatterns(patterns, 'patterns');
  return (host: string): boolean => {
    if (typeof host !== 'string') return false;
    const canonical = canonicalHost(host);
    return canonical.length > 0 && matchesPatterns(canonical, compiled);
  };
}

/**
 * True when `host` is on the allow-list `patterns` (see {@link createHostMatcher}; compile once
 * with it when checking many hosts against the same list).
 *
 * @example
 * ```ts
 * isHostAllowed('files.example.com', ['*.example.com']); // true
 * ```
 */
export function isHostAllowed(host: string, patterns: readonly string[]): boolean {
  return createHostMatcher(patterns)(host);
}
