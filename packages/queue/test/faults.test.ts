import { type Logger, noopLogger } from '@leanvibe/core/contracts';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTaskQueue, serveQueue, type TaskHandle } from '../src/index.js';
import { startHive, type TestHive } from './hive.js';
import { uniqueName, until } from './support.js';

let hive: TestHive;
const servers: RedisServer[] = [];

beforeAll(async () => {
  hive = await startHive('faults');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

afterAll(async () => {
  await hive.host.close();
});

/** Submits `count` short tasks and tracks how many have settled. */
async function run(url: string, count: number, logger: Logger = noopLogger) {
  const name = uniqueName('faults');
  const queue = await createTaskQueue({
    connection: url,
    name,
    attempts: 3,
    backoffMs: 50,
    logger,
  });
  // A fault can cut a job's completion on its way to Redis: the job then stays active until its
  // lock lapses and the stalled check hands it out again. Short ones keep that within the test.
  const worker = await serveQueue(hive.host, queue, {
    concurrency: 4,
    lockDurationMs: 5_000,
    stalledIntervalMs: 1_000,
  });
  const handles: TaskHandle[] = await queue.submitMany(
    Array.from({ length: count }, (_, i) => ({
      request: { type: 'wait', params: { ms: 40 }, id: `${name}-${i}` },
    })),
  );
  let settled = 0;
  const results = Promise.all(
    handles.map((handle) =>
      handle.result().finally(() => {
        settled += 1;
      }),
    ),
  );
  return {
    queue,
    worker,
    results,
    settled: () => settled,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}

describe('faults of the connection', () => {
  it('reconnects after CLIENT KILL of every connection, and loses nothing', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const hiveRun = await run(server.url, 40);
    await until(() => hiveRun.settled() >= 5);
    const admin = new Redis(server.url);
    const killed =
      Number(await admin.client('KILL', 'TYPE', 'normal')) +
      Number(await admin.client('KILL', 'TYPE', 'pubsub'));
    await admin.quit();
    expect(killed).toBeGreaterThanOrEqual(4);
    const results = await hiveRun.results;
    expect(results.filter((result) => result.success)).toHaveLength(40);
    expect(await hiveRun.queue.counts()).toMatchObject({ completed: 40, failed: 0, active: 0 });
    await until(() => hiveRun.worker.health().connected);
    await hiveRun.close();
  });

  it('rides out a Redis crash and restart (append-only file on), and loses nothing', async () => {
    const server = await startRedisServer({ appendOnly: true, args: ['--appendfsync', 'always'] });
    servers.push(server);
    const warnings: { queue?: string; source?: string }[] = [];
    const logger: Logger = {
      ...noopLogger,
      warn: (fields: object | string) => void warnings.push(fields as { queue?: string }),
    };
    const hiveRun = await run(server.url, 30, logger);
    await until(() => hiveRun.settled() >= 5);
    await server.kill();
    // While the server is down, the reconnect attempts are logged, not thrown.
    await until(() => warnings.length > 0);
    await server.restart();
    const results = await hiveRun.results;
    expect(results.filter((result) => result.success)).toHaveLength(30);
    expect(await hiveRun.queue.counts()).toMatchObject({ completed: 30, failed: 0, active: 0 });
    expect(warnings[0]?.queue).toBe(hiveRun.queue.name);
    await hiveRun.close();
  });
});
