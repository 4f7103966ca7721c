import { HandleTracker } from '@leanvibe/testing';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskQueue, serveQueue } from '../src/index.js';
import { startHive, type TestHive } from './hive.js';
import { uniqueName, until } from './support.js';

let server: RedisServer;
let hive: TestHive;

beforeAll(async () => {
  server = await startRedisServer();
  hive = await startHive('close');
});

afterAll(async () => {
  await hive.host.close();
  await server.stop();
});

describe('close', () => {
  it('lets jobs in flight finish within the budget', async () => {
    const name = uniqueName('drain');
    const queue = await createTaskQueue({ connection: server.url, name });
    const worker = await serveQueue(hive.host, queue, { concurrency: 2, drainTimeoutMs: 10_000 });
    const handles = await queue.submitMany([
      { request: { type: 'wait', params: { ms: 200 } } },
      { request: { type: 'wait', params: { ms: 200 } } },
      { request: { type: 'wait', params: { ms: 200 } } },
    ]);
    await until(() => worker.health().active === 2);
    await worker.close();
    expect(worker.health()).toMatchObject({ running: false, active: 0 });
    const statuses = await Promise.all(handles.map((handle) => handle.status()));
    expect(statuses.map((s) => s.status).sort()).toEqual(['pending', 'succeeded', 'succeeded']);
    await queue.close();
  });

  it('puts jobs still running after the budget back in the queue, where another worker finishes them', async () => {
    const name = uniqueName('requeue');
    const queue = await createTaskQueue({ connection: server.url, name, attempts: 1 });
    const first = await serveQueue(hive.host, queue, { drainTimeoutMs: 50 });
    const handle = await queue.submit({ type: 'wait', params: { ms: 800 } });
    await until(() => first.health().active === 1);
    await first.close();
    expect(await handle.status()).toMatchObject({ status: 'pending', attemptsMade: 0 });
    const second = await serveQueue(hive.host, queue);
    expect(await handle.result()).toMatchObject({ success: true, data: { waited: 800 } });
    expect(hive.runs.get(handle.id)).toBe(2);
    await second.close();
    await queue.close();
    await second.close();
  });

  it('leaves no timer or handle open', async () => {
    const tracker = new HandleTracker().enable();
    try {
      await tracker.run(async () => {
        const name = uniqueName('handles');
        const queue = await createTaskQueue({
          connection: server.url,
          name,
          metrics: { counter() {}, gauge() {}, histogram() {} },
          metricsIntervalMs: 10,
        });
        const worker = await serveQueue(hive.host, queue);
        const handle = await queue.submit({ type: 'wait', params: { ms: 40 } });
        await handle.result();
        await handle.status();
        await worker.close();
        await queue.close();
      });
      expect(await tracker.openHandles()).toEqual([]);
    } finally {
      tracker.disable();
    }
  });
});
