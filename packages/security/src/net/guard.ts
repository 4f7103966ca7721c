import type { LookupAddress as DnsLookupAddress, LookupOptions } from 'node:dns';
import type { AddressClassification } from '../url/address.js';
import { refusal } from '../url/errors.js';
import type { SsrfPolicy } from '../url/policy.js';

/** The callback of a `net`-style `lookup` (`dns.lookup`'s shape, `all: true` included). */
export type NetLookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | DnsLookupAddress[],
  family?: number,
) => void;

/** A `net.connect({ lookup })` function. */
export type NetLookup = (
  hostname: string,
  options: LookupOptions | number | undefined,
  callback: NetLookupCallback,
) => void;

function wantedFamily(options: LookupOptions | number | undefined): 0 | 4 | 6 {
  const family = typeof options === 'number' ? options : options?.family;
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/**
 * Turns a policy into what a socket needs: a check for the host a connection is opened to
 * (lookup hooks never see IP literals, so a literal is judged here) and a `lookup` that hands
 * the socket only addresses the policy accepted — every one of them checked, `all: true`
 * included — so the socket connects to nothing else.
 */
export interface ConnectGuard {
  /** Throws a refusal for a blocked host, a Unix socket path, or no host at all. */
  checkTarget(target: { readonly host?: unknown; readonly socketPath?: unknown }): void;
  readonly lookup: NetLookup;
}

export function createConnectGuard(policy: SsrfPolicy): ConnectGuard {
  const lookup: NetLookup = (hostname, options, callback) => {
    const done = typeof options === 'function' ? (options as NetLookupCallback) : callback;
    const opts = typeof options === 'function' ? undefined : options;
    const family = wantedFamily(opts);
    const all = typeof opts === 'object' && opts !== null && opts.all === true;
    policy.resolve(hostname).then(
      (addresses) => {
        const usable = addresses.filter((a) => family === 0 || a.family === family);
        if (usable.length === 0) {
          const error = refusal(
            'dns_failed',
            `Refused host ${JSON.stringify(hostname)}: it has no IPv${family} address`,
            { host: hostname, family },
          );
          process.nextTick(done, error, '');
          return;
        }
        if (all) {
          process.nextTick(done, null, usable.map(toDnsAddress));
        } else {
          const first = usable[0]!;
          process.nextTick(done, null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => process.nextTick(done, error, ''),
    );
  };
  return {
    lookup,
    checkTarget(target) {
      if (target.socketPath !== undefined && target.socketPath !== null) {
        throw refusal(
          'socket_path',
          'Refused a connection to a Unix socket or named pipe: only TCP hosts are allowed',
          { socketPath: String(target.socketPath) },
        );
      }
      // `net` connects to `localhost` when no host is given; judge that, not nothing.
      const host =
        typeof target.host === 'string' && target.host.length > 0 ? target.host : 'localhost';
      policy.judgeHost(host);
    },
  };
}

function toDnsAddress(address: AddressClassification): DnsLookupAddress {
  return { address: address.address, family: address.family };
}
