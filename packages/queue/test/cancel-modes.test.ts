import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskQueue, type QueueHost, serveQueue } from '../src/index.js';
import { startHive, type TestHive } from './hive.js';
import { uniqueName, until } from './support.js';

let server: RedisServer;
let hive: TestHive;

beforeAll(async () => {
  server = await startRedisServer();
  hive = await startHive('modes');
});

afterAll(async () => {
  await hive.host.close();
  await server.stop();
});

/** The same host seen through `execute` alone: the worker must cancel through job signals. */
function withoutCancel(): QueueHost & { cancels: number } {
  return { execute: (request) => hive.host.execute(request), cancels: 0 };
}

/** The host, counting the cancels a worker makes by id. */
function countingCancel(): QueueHost & { cancels: number } {
  const host = {
    cancels: 0,
    execute: (request: Parameters<QueueHost['execute']>[0]) => hive.host.execute(request),
    cancel: (taskId: string, reason?: unknown) => {
      host.cancels++;
      return hive.host.cancel(taskId, reason);
    },
  };
  return host;
}

describe.each([
  ['by task id (a host with cancel)', countingCancel, 1],
  ['through the job’s signal (a host without cancel)', withoutCancel, 0],
] as const)('cancel %s', (_, makeHost, byId) => {
  it('cancels an active job on the worker that runs it', async () => {
    const host = makeHost();
    const queue = await createTaskQueue({ connection: server.url, name: uniqueName('mode') });
    const worker = await serveQueue(host, queue);
    try {
      const handle = await queue.submit({ type: 'wait', params: { ms: 20_000 } });
      await until(() => worker.health().active === 1);
      expect(await handle.cancel()).toBe(true);
      expect(await handle.result()).toMatchObject({
        success: false,
        error: { code: 'PLUGIN_CANCELLED' },
      });
      expect(host.cancels).toBe(byId);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('puts a job still running after the drain budget back, spending no attempt', async () => {
    const host = makeHost();
    const queue = await createTaskQueue({ connection: server.url, name: uniqueName('mode') });
    const first = await serveQueue(host, queue, { drainTimeoutMs: 50 });
    const handle = await queue.submit({ type: 'wait', params: { ms: 800 } });
    await until(() => first.health().active === 1);
    await first.close();
    expect(await handle.status()).toMatchObject({ status: 'pending', attemptsMade: 0 });
    expect(host.cancels).toBe(byId);
    const second = await serveQueue(hive.host, queue);
    try {
      expect(await handle.result()).toMatchObject({ success: true, data: { waited: 800 } });
    } finally {
      await second.close();
      await queue.close();
    }
  });
});
