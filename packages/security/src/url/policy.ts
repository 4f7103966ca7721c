import { checkFunction, checkOptionsObject, invalidOption } from '@leanvibe/core/contracts';
import {
  type AddressClassification,
  type AddressRange,
  classifyAddress,
  hasPrefix,
  ipaddr,
} from './address.js';
import { refusal } from './errors.js';
import { canonicalize, compileHostPatterns, matchesPatterns } from './host.js';
import {
  type LookupAddress,
  type LookupFunction,
  lookupWithSignal,
  systemLookup,
} from './lookup.js';

/** The options every SSRF guard takes: `validateUrl`, `createSafeAgent`, `createSafeDispatcher`, `safeFetch`. */
export interface SsrfPolicyOptions {
  /**
   * Hosts trusted as they are — exact names or IP literals, and `*.domain` patterns — for which
   * no host or address check applies (a local test service, an internal API you mean to reach).
   * @default []
   */
  readonly allowHosts?: readonly string[];
  /**
   * Address ranges allowed although not global unicast, e.g. `['10.1.2.0/24', '127.0.0.1/32']`
   * (a bare address means just it). They never open a deny-listed address: name that host in
   * `allowHosts` if you truly mean to reach one.
   * @default []
   */
  readonly allowCidrs?: readonly string[];
  /** More host names (exact or `*.domain`) to refuse, on top of {@link DEFAULT_DENIED_HOSTS}. @default [] */
  readonly denyHosts?: readonly string[];
  /** More address ranges to refuse, on top of {@link DEFAULT_DENIED_ADDRESSES}. @default [] */
  readonly denyCidrs?: readonly string[];
  /** Resolves host names to every address; see {@link LookupFunction}. @default the system resolver */
  readonly lookup?: LookupFunction;
}

/** Host names always refused (unless named in `allowHosts`): loopback names and cloud metadata. */
export const DEFAULT_DENIED_HOSTS: readonly string[] = Object.freeze([
  'localhost',
  '*.localhost',
  'localhost.localdomain',
  'ip6-localhost',
  'ip6-loopback',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
]);

/** Addresses always refused, even inside `allowCidrs`: cloud metadata and platform endpoints. */
export const DEFAULT_DENIED_ADDRESSES: readonly string[] = Object.freeze([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean instance metadata
  'fd00:ec2::254', // AWS instance metadata over IPv6
  '100.100.100.200', // Alibaba Cloud metadata
  '168.63.129.16', // Azure platform (wire server)
  '192.0.0.192', // Oracle Cloud metadata
]);

interface Cidr {
  readonly bytes: readonly number[];
  readonly bits: number;
}

function compileCidrs(value: unknown, option: string): Cidr[] {
  if (!Array.isArray(value)) {
    throw invalidOption(option, "an array of CIDR ranges such as '10.0.0.0/8'", value);
  }
  return value.map((text: unknown, index) => {
    const name = `${option}[${index}]`;
    const expected = "a CIDR range such as '10.0.0.0/8' or 'fd00::/8', or an IP address";
    if (typeof text !== 'string') throw invalidOption(name, expected, text);
    try {
      if (ipaddr().isValidCIDR(text)) {
        const [address, bits] = ipaddr().parseCIDR(text);
        return { bytes: address.toByteArray(), bits };
      }
    } catch {
      // fall through to the single-address form, then to the error below
    }
    const single = classifyAddress(text);
    if (single === undefined) throw invalidOption(name, expected, text);
    return { bytes: single.bytes, bits: single.bytes.length * 8 };
  });
}

function inCidrs(address: AddressClassification, cidrs: readonly Cidr[]): boolean {
  for (const candidate of [address, address.embedded]) {
    if (candidate === undefined) continue;
    for (const cidr of cidrs) {
      if (
        cidr.bytes.length === candidate.bytes.length &&
        hasPrefix(candidate.bytes, cidr.bytes, cidr.bits)
      ) {
        return true;
      }
    }
  }
  return false;
}

const RANGE_WORDS: Readonly<Record<AddressRange, string>> = {
  unicast: 'a global unicast address',
  unspecified: 'the unspecified address',
  loopback: 'a loopback address',
  private: 'a private address',
  carrierGradeNat: 'a carrier-grade NAT address',
  linkLocal: 'a link-local address',
  reserved: 'a reserved address',
  documentation: 'a documentation address',
  benchmarking: 'a benchmarking address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  ipv4Mapped: 'an IPv4-mapped address',
  ipv4Translated: 'an IPv4-translated address',
  ipv4Compatible: 'an IPv4-compatible address (deprecated)',
  nat64: 'a NAT64 address',
  nat64Local: 'a local-use NAT64 address',
  discard: 'a discard-only address',
  teredo: 'a Teredo address',
  '6to4': 'a 6to4 address (deprecated)',
  uniqueLocal: 'a unique local address',
  siteLocal: 'a site-local address (deprecated)',
  segmentRouting: 'a segment routing address',
  unallocated: 'an unallocated address',
};

function describe(address: AddressClassification): string {
  const what = RANGE_WORDS[address.range];
  const inner = address.embedded;
  return inner === undefined ? what : `${what} of ${inner.address}, ${RANGE_WORDS[inner.range]}`;
}

/** How a host stands before any resolution. */
export type HostVerdict =
  | {
      readonly kind: 'trusted';
      readonly host: string;
      readonly address: AddressClassification | undefined;
    }
  | { readonly kind: 'address'; readonly host: string; readonly address: AddressClassification }
  | { readonly kind: 'name'; readonly host: string; readonly address?: undefined };

/**
 * The compiled SSRF policy: options checked once, then host and address verdicts. Shared by
 * every guard so that `validateUrl`, the agent and the dispatcher judge alike.
 */
export class SsrfPolicy {
  readonly #allowHosts;
  readonly #denyHosts;
  readonly #allowCidrs: readonly Cidr[];
  readonly #denyCidrs: readonly Cidr[];
  readonly #lookup: LookupFunction;

  constructor(options: SsrfPolicyOptions | undefined) {
    const o = checkOptionsObject('options', options);
    this.#allowHosts = compileHostPatterns(o.allowHosts ?? [], 'allowHosts');
    this.#denyHosts = [defaultDeniedHosts(), compileHostPatterns(o.denyHosts ?? [], 'denyHosts')];
    this.#allowCidrs = compileCidrs(o.allowCidrs ?? [], 'allowCidrs');
    this.#denyCidrs = [
      ...defaultDeniedAddresses(),
      ...compileCidrs(o.denyCidrs ?? [], 'denyCidrs'),
    ];
    this.#lookup = o.lookup === undefined ? systemLookup : checkFunction('lookup', o.lookup);
  }

  /** Judges a host as written (any notation, brackets, trailing dots); throws a refusal. */
  judgeHost(host: string): HostVerdict {
    const { host: canonical, address } = canonicalize(host);
    if (canonical.length === 0) {
      throw refusal(
        'blocked_host',
        `Refused host ${JSON.stringify(host)}: it is not a valid host name or IP address`,
        { host },
      );
    }
    if (matchesPatterns(canonical, this.#allowHosts)) {
      return { kind: 'trusted', host: canonical, address };
    }
    if (address !== undefined) {
      this.checkAddress(address, host, 'literal');
      return { kind: 'address', host: canonical, address };
    }
    if (this.#denyHosts.some((list) => matchesPatterns(canonical, list))) {
      throw refusal(
        'blocked_host',
        `Refused host ${JSON.stringify(host)}: it is on the deny-list (loopback names and cloud metadata hosts are never fetched; name it in allowHosts to make an exception)`,
        { host: canonical },
      );
    }
    return { kind: 'name', host: canonical };
  }

  /** Throws unless `address` may be contacted: deny-list first, then `allowCidrs`, then its range. */
  checkAddress(address: AddressClassification, host: string, via: 'literal' | 'dns'): void {
    const violation = via === 'literal' ? 'blocked_address' : 'dns_blocked';
    const bare = host.startsWith('[') ? host.slice(1, -1) : host;
    const subject =
      via === 'dns'
        ? `host ${JSON.stringify(host)} resolves to ${address.address}`
        : bare === address.address
          ? `address ${address.address} is`
          : `host ${JSON.stringify(host)} is ${address.address}`;
    const details = {
      host,
      address: address.address,
      range: address.range,
      ...(address.embedded === undefined
        ? {}
        : { embedded: address.embedded.address, embeddedRange: address.embedded.range }),
    };
    if (inCidrs(address, this.#denyCidrs)) {
      throw refusal(
        violation,
        `Refused: ${subject}${via === 'dns' ? ',' : ''} a deny-listed address (cloud metadata and platform endpoints are never fetched)`,
        { ...details, denied: true },
      );
    }
    if (!address.blocked || inCidrs(address, this.#allowCidrs)) return;
    throw refusal(
      violation,
      `Refused: ${subject}${via === 'dns' ? ',' : ''} ${describe(address)}; only global unicast addresses are allowed${via === 'dns' ? ' (every address a name resolves to must be)' : ''} — add it to allowCidrs or allowHosts to make an exception`,
      details,
    );
  }

  /**
   * Every address `host` may be reached at: the literal itself, or each address the lookup
   * returns, all checked (one blocked address refuses the host). Fails closed: a lookup that
   * fails, returns nothing or returns something that is not an address is a refusal.
   */
  async resolve(host: string, signal?: AbortSignal): Promise<readonly AddressClassification[]> {
    const verdict = this.judgeHost(host);
    if (verdict.address !== undefined) return [verdict.address];
    const name = lookupName(host);
    let answers: readonly LookupAddress[];
    try {
      answers = await lookupWithSignal(this.#lookup, name, signal);
    } catch (error) {
      if (signal?.aborted === true) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw refusal(
        'dns_failed',
        `Refused host ${JSON.stringify(host)}: it could not be resolved (${reason}); resolution fails closed`,
        { host: verdict.host },
        { cause: error },
      );
    }
    if (!Array.isArray(answers) || answers.length === 0) {
      throw refusal(
        'dns_failed',
        `Refused host ${JSON.stringify(host)}: the lookup returned no address; resolution fails closed`,
        { host: verdict.host },
      );
    }
    return answers.map((answer: { address?: unknown }) => {
      const text = typeof answer?.address === 'string' ? answer.address : undefined;
      const address = text === undefined ? undefined : classifyAddress(text);
      if (address === undefined) {
        throw refusal(
          'dns_failed',
          `Refused host ${JSON.stringify(host)}: the lookup returned ${JSON.stringify(answer)}, which is not an IP address; resolution fails closed`,
          { host: verdict.host },
        );
      }
      if (verdict.kind === 'name') this.checkAddress(address, verdict.host, 'dns');
      return address;
    });
  }
}

let compiledDefaults: ReturnType<typeof compileHostPatterns> | undefined;
let compiledDeniedAddresses: readonly Cidr[] | undefined;

function defaultDeniedAddresses(): readonly Cidr[] {
  compiledDeniedAddresses ??= compileCidrs(DEFAULT_DENIED_ADDRESSES, 'DEFAULT_DENIED_ADDRESSES');
  return compiledDeniedAddresses;
}

function defaultDeniedHosts(): ReturnType<typeof compileHostPatterns> {
  compiledDefaults ??= compileHostPatterns(DEFAULT_DENIED_HOSTS, 'DEFAULT_DENIED_HOSTS');
  return compiledDefaults;
}

/** The name to hand the resolver: as written, without brackets. */
function lookupName(host: string): string {
  const trimmed = host.trim();
  return trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
}
