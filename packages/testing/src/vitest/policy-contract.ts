import {
  createManualClock,
  type ManualClock,
  type PolicyContext,
  type PolicyExecuteOptions,
} from '@leanvibe/core/contracts';
import { drive } from '@leanvibe/testing';
import { describe, expect, it } from 'vitest';

/** What a contract suite hands the factory: a manual clock to give the implementation. */
export interface ContractEnv {
  readonly clock: ManualClock;
}

/**
 * What {@link policyContract} tests: core's `Policy`, or a policy that may resolve with a value
 * of its own instead of `fn`'s (a fallback's `execute` resolves with `T | V`, which `Policy`'s
 * `Promise<T>` cannot express).
 */
export interface ContractPolicy {
  execute<T>(
    fn: (context: PolicyContext) => T | Promise<T>,
    options?: PolicyExecuteOptions,
  ): Promise<unknown>;
}

/** Options of {@link policyContract}. */
export interface PolicyContractOptions {
  /** The policy rethrows `fn`'s errors (false for a fallback, which replaces them). @default true */
  readonly rethrowsErrors?: boolean;
  /** The policy schedules only timers it clears once calls settle. @default true */
  readonly leavesNoTimers?: boolean;
}

class Boom extends Error {}

/**
 * Registers a vitest suite that any `Policy` implementation must pass: values and errors pass
 * through unwrapped, `fn` gets a signal and a 1-based attempt, the caller's signal reaches
 * `fn`, concurrent calls stay independent, and no timer is left behind.
 *
 * @example
 * ```ts
 * policyContract('timeout', ({ clock }) => timeout({ timeoutMs: 1000, clock }));
 * ```
 */
export function policyContract(
  name: string,
  makePolicy: (env: ContractEnv) => ContractPolicy | Promise<ContractPolicy>,
  options: PolicyContractOptions = {},
): void {
  const setup = async (): Promise<{ clock: ManualClock; policy: ContractPolicy }> => {
    const clock = createManualClock();
    return { clock, policy: await makePolicy({ clock }) };
  };
  const settle = async <T>(clock: ManualClock, promise: Promise<T>) =>
    drive(clock, promise, { withinMs: 600_000 });

  describe(`${name} (Policy contract)`, () => {
    it('resolves with what fn returns, sync or async', async () => {
      const { clock, policy } = await setup();
      expect(
        await settle(
          clock,
          policy.execute(() => 42),
        ),
      ).toEqual({ state: 'fulfilled', value: 42 });
      expect(
        await settle(
          clock,
          policy.execute(async () => 'async'),
        ),
      ).toEqual({
        state: 'fulfilled',
        value: 'async',
      });
    });

    it('hands fn a live signal and attempt 1 on the first call', async () => {
      const { clock, policy } = await setup();
      const seen: PolicyContext[] = [];
      await settle(
        clock,
        policy.execute((context) => void seen.push(context)),
      );
      expect(seen[0]?.attempt).toBe(1);
      expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
      expect(seen[0]?.signal.aborted).toBe(false);
    });

    if (options.rethrowsErrors !== false) {
      it("rethrows fn's own error unwrapped", async () => {
        const { clock, policy } = await setup();
        const error = new Boom('fn failed');
        const settled = await settle(
          clock,
          policy.execute(() => Promise.reject(error)),
        );
        expect(settled).toEqual({ state: 'rejected', reason: error });
        expect(settled.state === 'rejected' && settled.reason).toBe(error);
      });
    }

    it("aborts fn's signal when the caller's signal aborts", async () => {
      const { clock, policy } = await setup();
      const caller = new AbortController();
      let inner: AbortSignal | undefined;
      const call = policy.execute(
        ({ signal }) =>
          new Promise<never>((_resolve, reject) => {
            inner = signal;
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          }),
        { signal: caller.signal },
      );
      await clock.flush();
      caller.abort(new Boom('caller gave up'));
      const settled = await settle(clock, call);
      expect(inner?.aborted).toBe(true);
      if (options.rethrowsErrors !== false) expect(settled.state).toBe('rejected');
    });

    it('keeps concurrent calls independent', async () => {
      const { clock, policy } = await setup();
      const calls = [1, 2, 3, 4, 5].map((n) => policy.execute(async () => n * 10));
      expect(await settle(clock, Promise.all(calls))).toEqual({
        state: 'fulfilled',
        value: [10, 20, 30, 40, 50],
      });
    });

    if (options.leavesNoTimers !== false) {
      it('leaves no clock timer behind once calls settle', async () => {
        const { clock, policy } = await setup();
        await settle(
          clock,
          policy.execute(() => 1),
        );
        await settle(
          clock,
          policy.execute(() => Promise.reject(new Boom('x'))),
        );
        expect(clock.pendingTimers()).toBe(0);
      });
    }
  });
}
