import type { Lease, ResourcePool } from '@leanvibe/core/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { createPool, type Pool, type PoolEvents, type PoolStats } from '../src/index.js';

interface Client {
  query(sql: string): Promise<number>;
}

describe('types', () => {
  const pool = createPool<Client>({ create: () => ({ query: async () => 1 }) });

  it('infers the resource type from create and implements the core contract', async () => {
    const inferred = createPool({ create: async () => ({ port: 5432 }) });
    expectTypeOf<ReturnType<typeof inferred.acquire>>().toEqualTypeOf<Promise<{ port: number }>>();
    expectTypeOf(pool).toExtend<ResourcePool<Client>>();
    expectTypeOf(pool).toExtend<AsyncDisposable>();
    expectTypeOf<ReturnType<typeof pool.lease>>().toEqualTypeOf<Promise<Lease<Client>>>();
    const use = (p: Pool<Client>) => p.use((client) => client.query('x'));
    expectTypeOf<ReturnType<typeof use>>().toEqualTypeOf<Promise<number>>();
    expectTypeOf(pool.stats()).toEqualTypeOf<PoolStats>();
    await inferred.close();
  });

  it('types each event’s payload', () => {
    expectTypeOf<Parameters<Pool<Client>['on']>[0]>().toEqualTypeOf<keyof PoolEvents<Client>>();
    pool.on('destroy', (event) => {
      expectTypeOf(event.resource).toEqualTypeOf<Client>();
      expectTypeOf(event.reason).toEqualTypeOf<
        'idle' | 'maxUses' | 'maxLifetime' | 'invalid' | 'destroyed' | 'drain' | 'late'
      >();
    });
    // @ts-expect-error: no such event
    expectTypeOf(() => pool.on('nope', () => {})).toBeFunction();
  });

  it('closes', async () => {
    await pool.close();
  });
});
