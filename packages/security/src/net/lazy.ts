import { createRequire } from 'node:module';

let load: NodeJS.Require | undefined;

/**
 * Loads a module on first use rather than at import: `node:https` (TLS and crypto), `node:dns`
 * and undici cost more to load than everything else this package's main entry needs, and code
 * that only validates URLs never uses them. `require` works from both builds (undici is
 * CommonJS; built-ins are cached), so callers stay synchronous.
 */
export function lazyRequire<T>(id: string): T {
  load ??= createRequire(import.meta.url);
  return load(id) as T;
}
