import { createRequire } from 'node:module';

let load: NodeJS.Require | undefined;

/**
 * Loads a module on first use rather than at import: `node:https` (TLS and crypto), `node:dns`,
 * undici and ipaddr.js cost more to load than the rest of this package's main entry, and most
 * code needs only some of them. `require` works from both builds (they are CommonJS or
 * built-ins, cached after the first load), so callers stay synchronous.
 */
export function lazyRequire<T>(id: string): T {
  load ??= createRequire(import.meta.url);
  return load(id) as T;
}
