/** The message of the error every read of {@link unreadableParams} throws. */
export const UNREADABLE_PARAMS_MESSAGE =
  'the error handling check gives params that throw when read';

/**
 * Params that throw on every read — a property, a key, the prototype, a conversion. A task
 * with them fails in whatever way the plugin reads its params (a schema parse, a handler), so
 * the error handling check has a failing task for any plugin.
 */
export function unreadableParams(): object {
  const fail = (): never => {
    throw new Error(UNREADABLE_PARAMS_MESSAGE);
  };
  return new Proxy(
    {},
    {
      get: fail,
      has: fail,
      ownKeys: fail,
      getOwnPropertyDescriptor: fail,
      getPrototypeOf: fail,
    },
  );
}
