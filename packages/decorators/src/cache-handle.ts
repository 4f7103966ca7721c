import { invalidArgument } from '@leanvibe/core/contracts';
import { type CachedMethod, cachedMethods } from './cached-result.js';
import { type AnyFunction, unwrapOnce } from './method-decorator.js';

/** Control over the results one cached method keeps for one instance (see {@link cacheOf}). */
export interface CacheHandle<Args extends unknown[]> {
  /** Forgets the result of a call with these arguments; true when there was one. */
  invalidate(...args: Args): boolean;
  /** True when a call with these arguments would be served from the cache. */
  has(...args: Args): boolean;
  /** Forgets every result. */
  clear(): void;
  /** How many results are held (expired ones may count until they are touched). */
  readonly size: number;
}

type MethodKeys<T> = {
  [K in keyof T]-?: T[K] extends AnyFunction ? K : never;
}[keyof T];

type ParamsOf<F> = F extends (...args: infer A) => unknown ? A : never;

/**
 * The cache of a function made by `cached`, or of an instance's method decorated with
 * `cachedResult` (other decorators of this package may be stacked around it).
 *
 * @example
 * ```ts
 * cacheOf(users, 'byId').invalidate('u1');
 * cacheOf(users, 'byId').clear();
 * cacheOf(lookup).size;
 * ```
 */
export function cacheOf<F extends AnyFunction>(fn: F): CacheHandle<Parameters<F>>;
export function cacheOf<T extends object, K extends MethodKeys<T>>(
  instance: T,
  method: K,
): CacheHandle<ParamsOf<T[K]>>;
export function cacheOf(...args: [object] | [object, PropertyKey]): CacheHandle<unknown[]> {
  const [target] = args;
  const self = args.length === 1 ? undefined : target;
  let fn: unknown = args.length === 1 ? target : (target as Record<PropertyKey, unknown>)[args[1]];
  let cachedMethod: CachedMethod | undefined;
  while (typeof fn === 'function') {
    cachedMethod = cachedMethods.get(fn);
    if (cachedMethod !== undefined) break;
    fn = unwrapOnce(fn);
  }
  if (cachedMethod === undefined) {
    throw args.length === 1
      ? invalidArgument('fn', 'a function made by `cached()`', target)
      : invalidArgument('method', 'the name of a method decorated with `@cachedResult`', args[1]);
  }
  const method = cachedMethod;
  return {
    invalidate: (...callArgs) =>
      method.existing(self)?.delete(method.keyOf(self, callArgs)) ?? false,
    has: (...callArgs) => method.existing(self)?.get(method.keyOf(self, callArgs)) !== undefined,
    clear: () => method.existing(self)?.clear(),
    get size() {
      return method.existing(self)?.size ?? 0;
    },
  };
}
