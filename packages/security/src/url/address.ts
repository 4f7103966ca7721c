import type IpAddr from 'ipaddr.js';
import { lazyRequire } from '../net/lazy.js';

/** ipaddr.js, loaded on the first address parsed (importing the package stays cheap). */
export function ipaddr(): typeof IpAddr {
  loaded ??= lazyRequire<typeof IpAddr>('ipaddr.js');
  return loaded;
}

let loaded: typeof IpAddr | undefined;

/**
 * The special-purpose range an address falls in (IANA's IPv4 and IPv6 special-purpose
 * registries), or `unicast` for global unicast. Only `unicast` is reachable by default; the
 * transition forms (`ipv4Mapped`, `nat64`) take the verdict of the IPv4 address they embed.
 */
export type AddressRange =
  | 'unicast'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrierGradeNat'
  | 'linkLocal'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'multicast'
  | 'broadcast'
  | 'ipv4Mapped'
  | 'ipv4Translated'
  | 'ipv4Compatible'
  | 'nat64'
  | 'nat64Local'
  | 'discard'
  | 'teredo'
  | '6to4'
  | 'uniqueLocal'
  | 'siteLocal'
  | 'segmentRouting'
  | 'unallocated';

/** What {@link classifyAddress} found: the address as bytes, named and judged. */
export interface AddressClassification {
  /** The canonical text: dotted quad, or compressed lower-case IPv6 without a zone. */
  readonly address: string;
  readonly family: 4 | 6;
  /** The address as bytes (4 or 16), network order. */
  readonly bytes: readonly number[];
  readonly range: AddressRange;
  /** True unless the address is global unicast (judged through `embedded` for transition forms). */
  readonly blocked: boolean;
  /** The IPv4 address inside an IPv4-mapped, -translated, -compatible, NAT64, 6to4 or Teredo address. */
  readonly embedded?: AddressClassification;
}

type Rule = readonly [prefix: readonly number[], bits: number, range: AddressRange];

// Order matters: the first match wins, so narrower ranges come before the ones that hold them.
const IPV4_RULES: readonly Rule[] = [
  [[0, 0, 0, 0], 8, 'unspecified'],
  [[10, 0, 0, 0], 8, 'private'],
  [[100, 64, 0, 0], 10, 'carrierGradeNat'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'linkLocal'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 0, 0, 0], 24, 'reserved'],
  [[192, 0, 2, 0], 24, 'documentation'],
  [[192, 88, 99, 0], 24, 'reserved'],
  [[192, 168, 0, 0], 16, 'private'],
  [[198, 18, 0, 0], 15, 'benchmarking'],
  [[198, 51, 100, 0], 24, 'documentation'],
  [[203, 0, 113, 0], 24, 'documentation'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[255, 255, 255, 255], 32, 'broadcast'],
  [[240, 0, 0, 0], 4, 'reserved'],
];

const IPV6_RULES: readonly Rule[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 'ipv4Mapped'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], 96, 'ipv4Translated'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96, 'ipv4Compatible'],
  [[0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96, 'nat64'],
  [[0, 0x64, 0xff, 0x9b, 0, 1], 48, 'nat64Local'],
  [[1, 0, 0, 0, 0, 0, 0, 0], 64, 'discard'],
  [[0x20, 0x01, 0, 0], 32, 'teredo'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  [[0x20, 0x01, 0, 0], 23, 'reserved'],
  [[0x20, 0x02], 16, '6to4'],
  [[0x3f, 0xff], 20, 'documentation'],
  [[0x5f, 0x00], 16, 'segmentRouting'],
  [[0xfc, 0], 7, 'uniqueLocal'],
  [[0xfe, 0x80], 10, 'linkLocal'],
  [[0xfe, 0xc0], 10, 'siteLocal'],
  [[0xff, 0], 8, 'multicast'],
];

/** True when the first `bits` bits of `bytes` equal those of `prefix`. */
export function hasPrefix(
  bytes: readonly number[],
  prefix: readonly number[],
  bits: number,
): boolean {
  let index = 0;
  let left = bits;
  while (left >= 8) {
    if (bytes[index] !== (prefix[index] ?? 0)) return false;
    index++;
    left -= 8;
  }
  if (left === 0) return true;
  const mask = (0xff << (8 - left)) & 0xff;
  return ((bytes[index] ?? 0) & mask) === ((prefix[index] ?? 0) & mask);
}

function rangeOf(bytes: readonly number[], rules: readonly Rule[], fallback: AddressRange) {
  for (const [prefix, bits, range] of rules) if (hasPrefix(bytes, prefix, bits)) return range;
  return fallback;
}

function classifyIPv4(bytes: readonly number[]): AddressClassification {
  const range = rangeOf(bytes, IPV4_RULES, 'unicast');
  return Object.freeze({
    address: bytes.join('.'),
    family: 4,
    bytes: Object.freeze([...bytes]),
    range,
    blocked: range !== 'unicast',
  });
}

// Where each transition form keeps its IPv4 address, and whether that address decides the
// verdict. The mapped and the well-known NAT64 forms are translated to exactly that IPv4
// address, so they are as reachable as it is. The deprecated tunnels (IPv4-compatible, 6to4,
// Teredo) and SIIT's translated form are never a server's address: refused outright, with the
// embedded address kept for the reason.
const EMBEDDED: Partial<
  Record<AddressRange, { readonly at: number; readonly xor: number; readonly decides: boolean }>
> = {
  ipv4Mapped: { at: 12, xor: 0, decides: true },
  nat64: { at: 12, xor: 0, decides: true },
  ipv4Translated: { at: 12, xor: 0, decides: false },
  ipv4Compatible: { at: 12, xor: 0, decides: false },
  '6to4': { at: 2, xor: 0, decides: false },
  // Teredo stores the client's IPv4 address in the last 32 bits, every bit inverted.
  teredo: { at: 12, xor: 0xff, decides: false },
};

function classifyIPv6(bytes: readonly number[], text: string): AddressClassification {
  const inGlobalUnicast = (bytes[0]! & 0xe0) === 0x20; // 2000::/3
  const range = rangeOf(bytes, IPV6_RULES, inGlobalUnicast ? 'unicast' : 'unallocated');
  const where = EMBEDDED[range];
  const embedded =
    where === undefined
      ? undefined
      : classifyIPv4(bytes.slice(where.at, where.at + 4).map((byte) => byte ^ where.xor));
  const blocked = range === 'unicast' ? false : where?.decides === true ? embedded!.blocked : true;
  return Object.freeze({
    address: text,
    family: 6,
    bytes: Object.freeze([...bytes]),
    range,
    blocked,
    ...(embedded === undefined ? {} : { embedded }),
  });
}

/**
 * Reads `text` as an IP address in any notation the resolvers of the world accept — dotted
 * quad, decimal (`2130706433`), octal (`0177.0.0.1`), hex (`0x7f.1`), short forms (`127.1`),
 * bracketed or zoned IPv6, IPv4-mapped in any case (`::FFFF:127.0.0.1`) — and classifies its
 * bytes. Returns `undefined` when `text` is not an IP address (a host name, say).
 *
 * @example
 * ```ts
 * classifyAddress('0x7f.1'); // { address: '127.0.0.1', range: 'loopback', blocked: true, ... }
 * classifyAddress('::ffff:10.0.0.1')?.embedded?.range; // 'private'
 * classifyAddress('example.com'); // undefined
 * ```
 */
export function classifyAddress(text: string): AddressClassification | undefined {
  let candidate = text;
  if (candidate.startsWith('[') && candidate.endsWith(']')) candidate = candidate.slice(1, -1);
  else candidate = stripTrailingDots(candidate);
  if (candidate.length === 0 || !mayBeAddress(candidate)) return undefined;
  const parser = ipaddr();
  if (!parser.isValid(candidate)) return undefined;
  const parsed = parser.parse(candidate);
  const bytes = parsed.toByteArray();
  if (parsed.kind() === 'ipv4') return classifyIPv4(bytes);
  // ipaddr.js reads the deprecated `::a.b.c.d` as IPv4-mapped; keep the bytes written instead.
  const deprecated =
    candidate.startsWith('::') && candidate.includes('.') && !candidate.slice(2).includes(':');
  if (deprecated) bytes.fill(0, 10, 12);
  return classifyIPv6(bytes, parser.fromByteArray(bytes).toString());
}

/** `text` without its trailing dots (`localhost.` and `127.0.0.1.` name the same host). */
export function stripTrailingDots(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2e) end--;
  return end === text.length ? text : text.slice(0, end);
}

// Host names are the common case: a name with a letter outside a–f (or x) cannot be an address
// in any notation, so it is turned away before the parser's regular expressions run.
function mayBeAddress(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hexOrSeparator =
      (c >= 0x30 && c <= 0x3a) || // 0-9 and ':'
      c === 0x2e || // '.'
      (c >= 0x61 && c <= 0x66) || // a-f
      (c >= 0x41 && c <= 0x46) || // A-F
      c === 0x78 || // 'x'
      c === 0x58; // 'X'
    if (hexOrSeparator) continue;
    return c === 0x25; // '%' opens an IPv6 zone, which may hold any name: let the parser judge
  }
  return true;
}
