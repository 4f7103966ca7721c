import { invalidArgument, type Policy, type PolicyContext } from '@leanvibe/core/contracts';
import type { FallbackPolicy } from './fallback.js';
import {
  callContext,
  type ExecuteOptions,
  type PolicyFunction,
  passContext,
  type ResiliencePolicy,
} from './policy.js';

/** Anything a pipeline can hold: a policy of this package, or any core `Policy`. */
export type AnyPolicy = ResiliencePolicy<unknown> | Policy;

/** What a policy may resolve with besides `fn`'s value (a fallback's value). */
export type ExtraOf<P> =
  P extends FallbackPolicy<infer V> ? V : P extends PipelinePolicy<infer E> ? E : never;

/**
 * Policies run one inside the other: the first given is the outermost. Build it with
 * {@link pipeline}.
 */
export class PipelinePolicy<Extra = never> implements ResiliencePolicy<Extra> {
  /** @inheritdoc */
  readonly kind = 'pipeline' as const;
  /** @inheritdoc */
  readonly name: string;
  /** The policies, outermost first (nested pipelines are flattened). */
  readonly policies: readonly AnyPolicy[];

  constructor(policies: readonly AnyPolicy[]) {
    const flat: AnyPolicy[] = [];
    policies.forEach((policy, index) => {
      if (typeof (policy as Partial<Policy> | null)?.execute !== 'function') {
        throw invalidArgument(`policies[${index}]`, 'a policy (an object with execute)', policy);
      }
      if (policy instanceof PipelinePolicy) flat.push(...policy.policies);
      else flat.push(policy);
    });
    this.policies = Object.freeze(flat);
    this.name = flat
      .map((policy) => (policy as Partial<ResiliencePolicy>).name ?? 'policy')
      .join(' → ');
  }

  /** @inheritdoc */
  async execute<T>(fn: PolicyFunction<T>, options?: ExecuteOptions): Promise<T | Extra> {
    const context = callContext(fn, options);
    if (this.policies.length === 0) return fn(context);
    return this.#run(0, fn, context) as Promise<T | Extra>;
  }

  #run<T>(index: number, fn: PolicyFunction<T>, context: PolicyContext): Promise<unknown> {
    const policy = this.policies[index] as ResiliencePolicy<unknown>;
    if (index === this.policies.length - 1) return policy.execute(fn, passContext(context));
    return policy.execute((inner) => this.#run(index + 1, fn, inner), passContext(context));
  }
}

/**
 * Composes policies, outermost first: `pipeline(a, b, c).execute(fn)` is
 * `a.execute(() => b.execute(() => c.execute(fn)))`, each inner policy getting the outer one's
 * signal and attempt. Order matters:
 * - `fallback` first, so it answers whatever the rest throw;
 * - `retry` outside `circuitBreaker`, so each attempt asks the breaker (and an open circuit's
 *   `BrokenCircuitError` can be retried after its `retryAfterMs`);
 * - a `timeout` inside `retry` bounds each attempt; one outside bounds the whole call;
 * - `bulkhead` and `rateLimit` innermost, so a slot is held only while `fn` runs.
 *
 * @example
 * ```ts
 * const policy = pipeline(
 *   retry({ retries: 3 }),
 *   circuitBreaker({ breaker: consecutive(5) }),
 *   timeout(1_000),
 *   bulkhead({ concurrency: 10 }),
 * );
 * await policy.execute(({ signal, attempt }) => fetchThing({ signal, attempt }));
 * ```
 */
export function pipeline<const P extends readonly AnyPolicy[]>(
  ...policies: P
): PipelinePolicy<ExtraOf<P[number]>> {
  return new PipelinePolicy<ExtraOf<P[number]>>(policies);
}
