import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { POOL_DIAGNOSTICS_CHANNELS, type PoolAcquireWaitMessage } from '../src/index.js';
import { setup } from './helpers.js';

const seen: PoolAcquireWaitMessage[] = [];
const listener = (message: unknown) => seen.push(message as PoolAcquireWaitMessage);

afterEach(() => {
  unsubscribe(POOL_DIAGNOSTICS_CHANNELS.acquireWait, listener);
  seen.length = 0;
  expect(channel(POOL_DIAGNOSTICS_CHANNELS.acquireWait).hasSubscribers).toBe(false);
});

describe('diagnostics channels', () => {
  it('are named under leanvibe:pool:', () => {
    expect(POOL_DIAGNOSTICS_CHANNELS).toEqual({ acquireWait: 'leanvibe:pool:acquire-wait' });
    expect(Object.isFrozen(POOL_DIAGNOSTICS_CHANNELS)).toBe(true);
  });

  it('publish nothing without a subscriber', async () => {
    const { pool } = setup({ name: 'db', max: 1 });
    const first = await pool.acquire();
    const second = pool.acquire();
    await pool.release(first);
    await pool.release(await second);
    expect(seen).toEqual([]);
  });

  it('report a wait that got a resource, on the waiter’s path, with the time waited', async () => {
    subscribe(POOL_DIAGNOSTICS_CHANNELS.acquireWait, listener);
    const { pool, clock } = setup({ name: 'db', max: 1 });
    const first = await pool.acquire(); // waited for its create
    const second = pool.acquire();
    clock.advance(40);
    await pool.release(first);
    await pool.release(await second);
    await pool.release(await pool.acquire()); // found one idle: no wait, no message
    expect(seen).toEqual([
      { pool: 'db', outcome: 'acquired', waitedMs: 0 },
      { pool: 'db', outcome: 'acquired', waitedMs: 40 },
    ]);
  });

  it('report a wait that failed, with its error', async () => {
    subscribe(POOL_DIAGNOSTICS_CHANNELS.acquireWait, listener);
    const { pool } = setup({ name: 'db', max: 1 });
    await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire({ signal: controller.signal });
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow();
    expect(seen.at(-1)).toEqual({
      pool: 'db',
      outcome: 'failed',
      waitedMs: 0,
      error: expect.anything(),
    });
  });
});
