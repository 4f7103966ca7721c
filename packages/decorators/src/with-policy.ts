import { invalidArgument, type Policy, type PolicyContext } from '@leanvibe/core/contracts';
import {
  defineMethodDecorator,
  type Method,
  type MethodDecorator,
  type MethodInfo,
  wrapFunction,
} from './method-decorator.js';
import { activeScope, scopeStorage } from './scope.js';

/**
 * What {@link withPolicy} returns: a decorator for asynchronous methods (TC39 or legacy) and,
 * called with a function alone, the function form.
 */
export interface PolicyWrapper extends MethodDecorator<PromiseLike<unknown>> {
  /** The function form: `fn` run through the policy on every call. */
  <This, Args extends unknown[], Return>(
    fn: (this: This, ...args: Args) => Return,
  ): (this: This, ...args: Args) => Promise<Awaited<Return>>;
}

function policyWrapper(policy: Policy) {
  return (original: Method, _info: MethodInfo): Method =>
    function withPolicy(this: unknown, ...args: unknown[]): Promise<unknown> {
      const storage = scopeStorage();
      // A method decorated inside another one's scope is cancelled with it.
      const outer = activeScope();
      const run = (context: PolicyContext): unknown =>
        storage.run(context, () => original.apply(this, args));
      return outer === undefined
        ? policy.execute(run)
        : policy.execute(run, { signal: outer.signal });
    };
}

/**
 * Runs a method through any `Policy` — a retry, a circuit breaker, a timeout, a bulkhead, or a
 * whole resilience pipeline — on every call. Inside the method, {@link currentSignal} is the
 * signal the policy gives the attempt, so a policy's timeout or a breaker's cancellation reaches
 * the work. The method must return a promise (a policy always does).
 *
 * `withPolicy(policy)` is at once a TC39 decorator, a legacy (`experimentalDecorators`)
 * decorator, and, called with a function, its function form: `withPolicy(policy)(fn)`.
 *
 * @example
 * ```ts
 * const policy = pipeline(retry({ retries: 3 }), timeout({ timeoutMs: 2_000 }));
 *
 * class Client {
 *   @withPolicy(policy)
 *   async get(path: string): Promise<Response> {
 *     return fetch(new URL(path, base), { signal: currentSignal() });
 *   }
 * }
 *
 * const getUser = withPolicy(policy)(async (id: string) => users.load(id));
 * ```
 */
export function withPolicy(policy: Policy): PolicyWrapper {
  if (
    (typeof policy !== 'object' && typeof policy !== 'function') ||
    policy === null ||
    typeof policy.execute !== 'function'
  ) {
    throw invalidArgument('policy', 'a Policy (an object with execute(fn, options))', policy);
  }
  const wrap = policyWrapper(policy);
  const decorator = defineMethodDecorator('withPolicy', wrap);
  function applyPolicy(...args: unknown[]): unknown {
    if (args.length === 1 && typeof args[0] === 'function') {
      const fn = args[0] as Method;
      return wrapFunction(fn, { name: fn.name || 'anonymous' }, wrap);
    }
    return (decorator as (...args: unknown[]) => unknown)(...args);
  }
  return applyPolicy as PolicyWrapper;
}
