import type dns from 'node:dns';
import { abortReason, onAbort } from '@leanvibe/core/contracts';
import { lazyRequire } from '../net/lazy.js';

/** One address a {@link LookupFunction} returned. */
export interface LookupAddress {
  /** The address, as text; it is parsed and classified as bytes, never trusted as given. */
  readonly address: string;
  /** 4 or 6; informative only (the family is read from the address itself). */
  readonly family?: number;
}

/**
 * Resolves a host name to **every** address it has, as `dns.promises.lookup(name, { all: true })`
 * does. Inject one to control resolution (tests, a caching resolver, DNS over HTTPS); the SSRF
 * checks judge every address it returns and connect only to those.
 *
 * @example
 * ```ts
 * const lookup: LookupFunction = async () => [{ address: '93.184.215.14', family: 4 }];
 * ```
 */
export type LookupFunction = (
  hostname: string,
) => Promise<readonly LookupAddress[]> | readonly LookupAddress[];

/** The default {@link LookupFunction}: the operating system's resolver, every address. */
export const systemLookup: LookupFunction = (hostname) =>
  lazyRequire<typeof dns>('node:dns').promises.lookup(hostname, { all: true });

/** Runs `lookup`, settling early with the abort reason when `signal` aborts. */
export function lookupWithSignal(
  lookup: LookupFunction,
  hostname: string,
  signal: AbortSignal | undefined,
): Promise<readonly LookupAddress[]> {
  if (signal === undefined) return Promise.resolve().then(() => lookup(hostname));
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const unlink = onAbort(signal, () => reject(abortReason(signal)));
    Promise.resolve()
      .then(() => lookup(hostname))
      .then(resolve, reject)
      .finally(unlink);
  });
}
