// Host allow-lists for `net:` grants: exact hosts, and `*.domain` for any subdomain of a domain
// (not the domain itself). Names are compared lower-case, without a trailing dot.

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV6 = /^[0-9a-f:.]+$/;

/** Lower-cases a host and drops a trailing dot and IPv6 brackets. */
export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

function isHostName(host: string): boolean {
  if (host.includes(':')) return IPV6.test(host);
  return host.length > 0 && host.length <= 253 && host.split('.').every((l) => LABEL.test(l));
}

/** True when `pattern` is a host or `*.domain` a grant may list. */
export function isHostPattern(pattern: unknown): pattern is string {
  if (typeof pattern !== 'string') return false;
  const h = normaliseHost(pattern);
  if (h.startsWith('*.')) return isHostName(h.slice(2)) && !h.slice(2).includes(':');
  return isHostName(h);
}

/** Whether `host` (normalised) is allowed by one of `patterns` (normalised). */
export function hostAllowed(patterns: readonly string[], host: string): boolean {
  for (const pattern of patterns) {
    if (pattern.startsWith('*.')) {
      if (host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1) return true;
    } else if (pattern === host) {
      return true;
    }
  }
  return false;
}

/**
 * The host a `net:` permission is about: the `resource` itself when it is a host (a port after a
 * name or a bracketed IPv6 address is dropped), or the host of a URL. `undefined` when neither.
 */
export function hostOfResource(resource: string): string | undefined {
  if (resource.includes('://')) {
    try {
      const host = normaliseHost(new URL(resource).hostname);
      return isHostName(host) ? host : undefined;
    } catch {
      return undefined;
    }
  }
  let host = resource;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) host = bracketed[1] as string;
  else if (/^[^:]+:\d+$/.test(host)) host = host.slice(0, host.lastIndexOf(':'));
  const normalised = normaliseHost(host);
  return isHostName(normalised) ? normalised : undefined;
}
