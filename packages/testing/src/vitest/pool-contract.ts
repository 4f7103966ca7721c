import { createManualClock, type ManualClock, type ResourcePool } from '@leanvibe/core/contracts';
import { drive } from '@leanvibe/testing';
import { describe, expect, it } from 'vitest';

/** A resource the pool contract's factory makes: numbered in creation order. */
export interface ContractResource {
  readonly id: number;
}

/** What {@link resourcePoolContract} hands the factory. */
export interface PoolContractEnv {
  /** Makes a resource; give it to the pool as its factory. */
  readonly create: () => Promise<ContractResource>;
  /** Destroys a resource; give it to the pool as its destroyer. */
  readonly destroy: (resource: ContractResource) => Promise<void>;
  /** The pool's maximum size. */
  readonly max: number;
  readonly clock: ManualClock;
}

/** Options of {@link resourcePoolContract}. */
export interface PoolContractOptions<
  P extends ResourcePool<ContractResource> = ResourcePool<ContractResource>,
> {
  /** Closes a pool after each test (e.g. `(pool) => pool.close()`). @default nothing */
  readonly close?: (pool: P) => Promise<void> | void;
}

/**
 * Registers a vitest suite that any `ResourcePool` must pass: lending within `max`, release
 * rules (double and foreign releases reject), leases, `use` releasing or destroying, FIFO
 * waiters, an aborted acquire leaving the queue at once, and — with `close` — no clock timer
 * left once the pool is closed.
 *
 * @example
 * ```ts
 * resourcePoolContract('createPool', ({ create, destroy, max, clock }) =>
 *   createPool({ create, destroy, max, clock }), { close: (pool) => pool.close() });
 * ```
 */
export function resourcePoolContract<
  P extends ResourcePool<ContractResource> = ResourcePool<ContractResource>,
>(
  name: string,
  makePool: (env: PoolContractEnv) => P | Promise<P>,
  options: PoolContractOptions<P> = {},
): void {
  const max = 2;
  const setup = async () => {
    const clock = createManualClock();
    let next = 1;
    const created: ContractResource[] = [];
    const destroyed: ContractResource[] = [];
    const pool = await makePool({
      create: async () => {
        const resource = { id: next++ };
        created.push(resource);
        return resource;
      },
      destroy: async (resource) => void destroyed.push(resource),
      max,
      clock,
    });
    const settle = <T>(promise: Promise<T>) => drive(clock, promise, { withinMs: 60_000 });
    const done = async () => {
      await options.close?.(pool);
    };
    return { clock, pool, created, destroyed, settle, done };
  };
  const value = <T>(settled: { state: string; value?: T }): T => {
    expect(settled.state).toBe('fulfilled');
    return settled.value as T;
  };

  describe(`${name} (ResourcePool contract)`, () => {
    it('lends resources it created, never more than max at once', async () => {
      const { pool, created, settle, done } = await setup();
      const a = value(await settle(pool.acquire()));
      const b = value(await settle(pool.acquire()));
      expect(a).not.toBe(b);
      expect(created).toContain(a);
      expect(created.length).toBeLessThanOrEqual(max);
      await pool.release(a);
      await pool.release(b);
      await done();
    });

    it('rejects a double release and a foreign resource', async () => {
      const { pool, settle, done } = await setup();
      const a = value(await settle(pool.acquire()));
      await pool.release(a);
      await expect(pool.release(a)).rejects.toThrow();
      await expect(pool.release({ id: -1 })).rejects.toThrow();
      await done();
    });

    it('returns a lease on release() and on dispose, once', async () => {
      const { pool, settle, done } = await setup();
      const lease = value(await settle(pool.lease()));
      await lease.release();
      await expect(lease.release()).rejects.toThrow();
      await lease[Symbol.asyncDispose]();
      const again = value(await settle(pool.lease()));
      await again[Symbol.asyncDispose]();
      const both = [value(await settle(pool.acquire())), value(await settle(pool.acquire()))];
      for (const resource of both) await pool.release(resource);
      await done();
    });

    it("releases after use() settles and rethrows fn's error unwrapped", async () => {
      const { pool, settle, done } = await setup();
      expect(value(await settle(pool.use((r) => r.id > 0)))).toBe(true);
      const error = new Error('fn failed');
      const failed = await settle(pool.use(() => Promise.reject(error)));
      expect(failed).toEqual({ state: 'rejected', reason: error });
      const both = [value(await settle(pool.acquire())), value(await settle(pool.acquire()))];
      expect(new Set(both).size).toBe(2);
      for (const resource of both) await pool.release(resource);
      await done();
    });

    it('destroys instead of releasing with destroyOnError', async () => {
      const { pool, destroyed, settle, done } = await setup();
      let used: { id: number } | undefined;
      await settle(
        pool.use(
          (resource) => {
            used = resource;
            throw new Error('broken');
          },
          { destroyOnError: true },
        ),
      );
      expect(destroyed).toContain(used);
      await done();
    });

    it('serves waiters first in, first out', async () => {
      const { clock, pool, settle, done } = await setup();
      const held = [value(await settle(pool.acquire())), value(await settle(pool.acquire()))];
      const order: number[] = [];
      const waiters = [1, 2].map((n) =>
        pool.acquire().then((resource) => {
          order.push(n);
          return resource;
        }),
      );
      await clock.flush();
      expect(order).toEqual([]);
      for (const resource of held) await pool.release(resource);
      const got = value(await settle(Promise.all(waiters)));
      expect(order).toEqual([1, 2]);
      for (const resource of got) await pool.release(resource);
      await done();
    });

    if (options.close !== undefined) {
      it('leaves no clock timer behind once closed', async () => {
        const { clock, pool, settle, done } = await setup();
        const held = [value(await settle(pool.acquire())), value(await settle(pool.acquire()))];
        const waiting = pool.acquire();
        await clock.flush();
        for (const resource of held) await pool.release(resource);
        await pool.release(value(await settle(waiting)));
        await done();
        await clock.flush();
        expect(clock.pendingTimers()).toBe(0);
      });
    }

    it('drops an aborted acquire from the queue at once', async () => {
      const { clock, pool, settle, done } = await setup();
      const held = [value(await settle(pool.acquire())), value(await settle(pool.acquire()))];
      const controller = new AbortController();
      const waiting = pool.acquire({ signal: controller.signal });
      await clock.flush();
      controller.abort(new Error('gave up'));
      expect((await settle(waiting)).state).toBe('rejected');
      await pool.release(held[0] as ContractResource);
      const next = value(await settle(pool.acquire()));
      await pool.release(next);
      await pool.release(held[1] as ContractResource);
      await done();
    });
  });
}
