import {
  isInvalidArgumentError,
  isInvalidOptionError,
  isPluginExecutionError,
  isPluginSecurityError,
  isPluginTimeoutError,
  isPluginValidationError,
  isTaskEncodingError,
} from '@leanvibe/core/contracts';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTaskQueue,
  isQueueJobGoneError,
  isQueueUnavailableError,
  QUEUE_METRICS,
  type QueueWorker,
  serveQueue,
  type TaskQueue,
} from '../src/index.js';
import { startHive, type TestHive } from './hive.js';
import { recordingSink, uniqueName, until } from './support.js';

let server: RedisServer;
let hive: TestHive;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  hive = await startHive();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

afterAll(async () => {
  await hive.host.close();
  await server.stop();
});

async function setup(
  options: {
    attempts?: number;
    worker?: boolean;
    concurrency?: number;
    keepCompleted?: number;
  } = {},
): Promise<{ queue: TaskQueue; worker: QueueWorker | undefined; name: string }> {
  const name = uniqueName('q');
  const queue = await createTaskQueue({
    connection: server.url,
    name,
    attempts: options.attempts ?? 1,
    backoffMs: 0,
    ...(options.keepCompleted !== undefined ? { keepCompleted: options.keepCompleted } : {}),
  });
  open.push(queue);
  let worker: QueueWorker | undefined;
  if (options.worker !== false) {
    worker = await serveQueue(hive.host, queue, { concurrency: options.concurrency ?? 4 });
    open.unshift(worker);
  }
  return { queue, worker, name };
}

describe('round trip', () => {
  it('returns the host result of a success, with the request id as the task id', async () => {
    const { queue } = await setup();
    const handle = await queue.submit({
      type: 'echo',
      params: { a: [1, 'x', null] },
      id: 'task-a',
    });
    const result = await handle.result();
    expect(result).toMatchObject({
      success: true,
      pluginId: 'jobs',
      taskId: 'task-a',
      data: { a: [1, 'x', null] },
    });
    expect((await handle.status()).status).toBe('succeeded');
  });

  it('retries an execution error with BullMQ and restores the error class after the last attempt', async () => {
    const { queue } = await setup();
    const handle = await queue.submit({ type: 'fail', params: {} }, { attempts: 3, backoffMs: 0 });
    const result = await handle.result();
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(isPluginExecutionError(result.error)).toBe(true);
    expect(result.error.code).toBe('PLUGIN_EXECUTION');
    expect(result.error.message).toContain('boom #3');
    expect(hive.runs.get(handle.id)).toBe(3);
    const status = await handle.status();
    expect(status).toMatchObject({ status: 'failed', state: 'failed', attemptsMade: 3 });
  });

  it('succeeds on a later attempt of a retryable failure', async () => {
    const { queue } = await setup();
    const handle = await queue.submit(
      { type: 'flaky', params: { failures: 1 } },
      { attempts: 2, backoffMs: 10 },
    );
    expect(await handle.result()).toMatchObject({ success: true, data: { attempt: 2 } });
  });

  it('retries a timeout', async () => {
    const { queue } = await setup();
    const handle = await queue.submit(
      { type: 'slowpoke', params: {} },
      { attempts: 2, backoffMs: 0 },
    );
    const result = await handle.result();
    expect(!result.success && isPluginTimeoutError(result.error)).toBe(true);
    expect(hive.runs.get(handle.id)).toBe(2);
  });

  it('makes a security failure final at once, code and class restored', async () => {
    const { queue } = await setup();
    const handle = await queue.submit({ type: 'deny', params: {} }, { attempts: 5, backoffMs: 0 });
    const result = await handle.result();
    expect(!result.success && isPluginSecurityError(result.error)).toBe(true);
    expect(!result.success && result.error.code).toBe('SECURITY_PERMISSION_DENIED');
    expect(hive.runs.get(handle.id)).toBe(1);
  });

  it('makes a validation failure final at once, with its issues', async () => {
    const { queue } = await setup();
    const handle = await queue.submit({ type: 'strict', params: { n: 'two' } }, { attempts: 5 });
    const result = await handle.result();
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(isPluginValidationError(result.error)).toBe(true);
    expect((result.error as unknown as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
    expect((await handle.status()).attemptsMade).toBe(1);
  });

  it('answers a result asked for after the job settled, and for a handle made from the id', async () => {
    const { queue } = await setup();
    const handle = await queue.submit({ type: 'echo', params: 1 });
    await handle.result();
    expect(await queue.handle(handle.id).result()).toMatchObject({ success: true, data: 1 });
    const other = await createTaskQueue({ connection: server.url, name: queue.name });
    open.push(other);
    expect(await other.handle(handle.id).result()).toMatchObject({ success: true, data: 1 });
  });

  it('says a job is gone when Redis no longer has it', async () => {
    const { queue } = await setup({ keepCompleted: 0 });
    const handle = await queue.submit({ type: 'echo', params: 1 });
    await handle.result();
    await expect(handle.result()).rejects.toSatisfy(isQueueJobGoneError);
    await expect(queue.handle('no-such-job').status()).rejects.toSatisfy(isQueueJobGoneError);
  });
});

describe('submit', () => {
  it('refuses params that would not survive JSON, adding nothing', async () => {
    const { queue } = await setup({ worker: false });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const params of [{ f: () => 1 }, { n: 10n }, cycle]) {
      const error = await queue.submit({ type: 'echo', params }).catch((e: unknown) => e);
      expect(isTaskEncodingError(error)).toBe(true);
      expect((error as { code: string }).code).toBe('TASK_NOT_SERIALIZABLE');
    }
    await expect(
      queue.submitMany([
        { request: { type: 'echo', params: 1 } },
        { request: { type: 'echo', params: { f: 1n } } },
      ]),
    ).rejects.toSatisfy(isTaskEncodingError);
    expect(await queue.counts()).toMatchObject({ waiting: 0, prioritized: 0, delayed: 0 });
  });

  it('names the bad argument or option', async () => {
    const { queue } = await setup({ worker: false });
    const bad = [
      () => queue.submit({ type: '', params: 1 }),
      () => queue.submit(null as never),
      () => queue.submit({ type: 'echo', params: 1, signal: new AbortController().signal }),
      () => queue.submitMany('x' as never),
      () => queue.submitMany([null as never]),
    ];
    for (const call of bad) await expect(call()).rejects.toSatisfy(isInvalidArgumentError);
    const options = [
      { priority: 'urgent' },
      { delayMs: -1 },
      { attempts: 0 },
      { backoffMs: 1.5 },
      { idempotencyKey: '42' },
      { idempotencyKey: 'a:b' },
      { idempotencyKey: '' },
    ];
    for (const option of options) {
      await expect(queue.submit({ type: 'echo', params: 1 }, option as never)).rejects.toSatisfy(
        isInvalidOptionError,
      );
    }
    expect(() => queue.handle('')).toThrow(/`id`/);
    await expect(createTaskQueue({ connection: 'http://x', name: 'a' })).rejects.toThrow(
      /`connection`/,
    );
    await expect(createTaskQueue({ connection: server.url, name: 'a:b' })).rejects.toThrow(
      /`name`/,
    );
    await expect(
      createTaskQueue({ connection: server.url, name: 'a', attempts: 0 }),
    ).rejects.toThrow(/`attempts`/);
    await expect(
      createTaskQueue({ connection: server.url, name: 'a', metrics: {} as never }),
    ).rejects.toThrow(/`metrics`/);
    await expect(serveQueue({} as never, queue)).rejects.toThrow(/`host`/);
    await expect(serveQueue(hive.host, queue, { concurrency: 0 })).rejects.toThrow(/`concurrency`/);
  });

  it('makes an idempotency key the job id, so a resubmit is the same job', async () => {
    const { queue } = await setup();
    const first = await queue.submit(
      { type: 'echo', params: 'once' },
      { idempotencyKey: 'order-17' },
    );
    const again = await queue.submit(
      { type: 'echo', params: 'twice' },
      { idempotencyKey: 'order-17' },
    );
    expect(again.id).toBe('order-17');
    expect(first.id).toBe('order-17');
    expect(await again.result()).toMatchObject({ success: true, data: 'once' });
    expect(hive.runs.get('order-17')).toBe(1);
  });

  it('starts the more urgent jobs first, in order within a priority', async () => {
    const { queue } = await setup({ worker: false });
    const order = ['low', 'normal', 'high', 'critical', 'high'] as const;
    const handles = [];
    for (const [i, priority] of order.entries()) {
      handles.push(
        await queue.submit({ type: 'echo', params: i, id: `${queue.name}-${i}` }, { priority }),
      );
    }
    const worker = await serveQueue(hive.host, queue, { concurrency: 1 });
    open.unshift(worker);
    await Promise.all(handles.map((h) => h.result()));
    const started = hive.started
      .filter((id) => id.startsWith(`${queue.name}-`))
      .map((id) => Number(id.split('-').pop()));
    expect(started).toEqual([3, 2, 4, 1, 0]);
  });

  it('holds a delayed job back', async () => {
    const { queue } = await setup();
    const handle = await queue.submit({ type: 'echo', params: 1 }, { delayMs: 60_000 });
    expect(await handle.status()).toMatchObject({ status: 'pending', state: 'delayed' });
    expect(await handle.cancel()).toBe(true);
  });

  it('submits many in one call', async () => {
    const { queue } = await setup();
    const handles = await queue.submitMany([
      { request: { type: 'echo', params: 1 } },
      { request: { type: 'echo', params: 2 }, options: { priority: 'high' } },
    ]);
    const results = await Promise.all(handles.map((h) => h.result()));
    expect(results.map((r) => r.success && r.data)).toEqual([1, 2]);
  });
});

describe('progress and cancel', () => {
  it('turns task progress into job progress', async () => {
    const { queue } = await setup();
    const events = new QueueEvents(queue.name, {
      connection: { host: server.host, port: server.port },
      prefix: 'leanvibe',
    });
    open.push(events);
    await events.waitUntilReady();
    const seen: unknown[] = [];
    events.on('progress', ({ data }) => seen.push(data));
    const handle = await queue.submit({ type: 'wait', params: { ms: 200 } });
    await handle.result();
    await until(() => seen.length >= 4);
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
    expect((await handle.status()).progress).toBe(1);
  });

  it('cancels a waiting job: it never runs', async () => {
    const { queue } = await setup({ worker: false });
    const handle = await queue.submit({ type: 'echo', params: 1 });
    expect(await handle.cancel()).toBe(true);
    const result = await handle.result().catch((e: unknown) => e);
    expect(result).toMatchObject({ success: false, error: { code: 'PLUGIN_CANCELLED' } });
    expect((await handle.status()).status).toBe('cancelled');
    expect(hive.runs.has(handle.id)).toBe(false);
  });

  it('cancels an active job on the worker that runs it, without a retry', async () => {
    const { queue, worker } = await setup({ attempts: 3 });
    const handle = await queue.submit({ type: 'wait', params: { ms: 20_000 } });
    await until(() => worker?.health().active === 1);
    expect((await handle.status()).status).toBe('running');
    expect(await handle.cancel()).toBe(true);
    const result = await handle.result();
    expect(result).toMatchObject({ success: false, error: { code: 'PLUGIN_CANCELLED' } });
    expect(hive.runs.get(handle.id)).toBe(1);
    expect(await handle.status()).toMatchObject({ status: 'cancelled', state: 'failed' });
    expect(await handle.cancel()).toBe(false);
  });
});

describe('jobs from elsewhere', () => {
  it('fails a job that carries no task request for good, saying so', async () => {
    const { queue } = await setup({ attempts: 3 });
    const raw = new Queue(queue.name, {
      connection: { host: server.host, port: server.port },
      prefix: 'leanvibe',
    });
    open.push(raw);
    const job = await raw.add('echo', { not: 'a request' }, { jobId: 'raw-1', attempts: 3 });
    const result = await queue.handle(String(job.id)).result();
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(isPluginExecutionError(result.error)).toBe(true);
    expect(result.error.message).toContain('carries no task request');
    expect((await queue.handle('raw-1').status()).attemptsMade).toBe(1);
  });

  it('does not run a job a worker finds marked cancelled when it picks it up', async () => {
    const { queue, name } = await setup({ worker: false });
    const handle = await queue.submit({ type: 'echo', params: 1 });
    // A cancel that raced the pickup: the job carries the flag, and is still there to be picked up.
    const raw = new Queue(name, {
      connection: { host: server.host, port: server.port },
      prefix: 'leanvibe',
    });
    open.push(raw);
    const job = await raw.getJob(handle.id);
    await job?.updateData({ ...job.data, leanvibeCancelled: true });
    const worker = await serveQueue(hive.host, queue);
    open.unshift(worker);
    expect(await handle.result()).toMatchObject({
      success: false,
      error: { code: 'PLUGIN_CANCELLED' },
    });
    expect(hive.runs.has(handle.id)).toBe(false);
  });

  it('takes ioredis options as the connection, and disposes with `await using`', async () => {
    const connection = { host: server.host, port: server.port };
    const name = uniqueName('dispose');
    let closed: { health(): { closed: boolean } } | undefined;
    {
      await using queue = await createTaskQueue({ connection, name });
      await using worker = await serveQueue(hive.host, queue);
      const result = await (await queue.submit({ type: 'echo', params: 'opts' })).result();
      expect(result).toMatchObject({ success: true, data: 'opts' });
      expect(worker.health().running).toBe(true);
      closed = queue;
    }
    expect(closed?.health().closed).toBe(true);
  });
});

describe('figures and health', () => {
  it('reports job counts, attempts and wait time through the MetricsSink', async () => {
    const sink = recordingSink();
    const name = uniqueName('m');
    const queue = await createTaskQueue({
      connection: server.url,
      name,
      metrics: sink,
      metricsIntervalMs: 20,
    });
    open.push(queue);
    const worker = await serveQueue(hive.host, queue, { metrics: sink });
    open.unshift(worker);
    await (await queue.submit({ type: 'echo', params: 1 })).result();
    await until(() =>
      sink.records.some(
        (r) => r.name === QUEUE_METRICS.jobs && r.labels?.state === 'completed' && r.value === 1,
      ),
    );
    expect(sink.records).toContainEqual({
      kind: 'counter',
      name: QUEUE_METRICS.processed,
      value: 1,
      labels: { queue: name, outcome: 'succeeded' },
    });
    expect(
      sink.records.some((r) => r.kind === 'histogram' && r.name === QUEUE_METRICS.waitSeconds),
    ).toBe(true);
    expect(await queue.counts()).toMatchObject({ completed: 1, failed: 0, active: 0 });
  });

  it('says whether it is connected, paused and running', async () => {
    const { queue, worker } = await setup();
    expect(queue.health()).toEqual({ connected: true, closed: false });
    expect(worker?.health()).toEqual({ connected: true, paused: false, running: true, active: 0 });
    await worker?.pause();
    expect(worker?.health().paused).toBe(true);
    worker?.resume();
    expect(worker?.health().paused).toBe(false);
  });
});

describe('unreachable Redis', () => {
  it('fails within connectTimeoutMs with QUEUE_UNAVAILABLE', async () => {
    const down = await startRedisServer();
    const url = down.url;
    await down.stop();
    const connection = url;
    const error = await createTaskQueue({ connection, name: 'x', connectTimeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(isQueueUnavailableError(error)).toBe(true);
    expect((error as Error).message).toContain('200 ms');
    await expect(
      serveQueue(hive.host, { connection, name: 'x', connectTimeoutMs: 200 }),
    ).rejects.toSatisfy(isQueueUnavailableError);
  });

  it('refuses calls after close and rejects results still awaited', async () => {
    const { queue } = await setup({ worker: false });
    const handle = await queue.submit({ type: 'echo', params: 1 });
    const pending = expect(handle.result()).rejects.toSatisfy(isQueueUnavailableError);
    await queue.close();
    await pending;
    await expect(handle.result()).rejects.toSatisfy(isQueueUnavailableError);
    await expect(queue.submit({ type: 'echo', params: 1 })).rejects.toSatisfy(
      isQueueUnavailableError,
    );
    expect(queue.health().closed).toBe(true);
    await queue.close();
  });
});
