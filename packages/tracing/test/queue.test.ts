import { definePlugin, PluginHost } from '@leanvibe/core';
import { createTaskQueue, serveQueue } from '@leanvibe/queue';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continueTraces, injectTraceContext, instrumentTracing } from '../src/index.js';
import { memoryTracing, noSubscribers, parentOf } from './helpers.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await server.stop();
});

describe('a trace across a queue round trip', () => {
  it('the worker’s task span is a child of the producer’s span (parent ids match)', async () => {
    const { provider, spans } = memoryTracing();
    const host = new PluginHost({ id: 'worker-host' });
    await host.register(
      definePlugin({
        name: 'jobs',
        version: '1.0.0',
        type: 'workflow',
        taskTypes: ['echo'],
        sdk: '^0.1.0',
        handle: async (task) => task.params,
      }),
    );
    await host.start();
    const tracing = instrumentTracing(host, { tracerProvider: provider });
    const queue = await createTaskQueue({ connection: server.url, name: `trace-${process.pid}` });
    const worker = await serveQueue(continueTraces(host), queue);
    try {
      const producer = provider.getTracer('producer').startSpan('submit echo');
      const request = injectTraceContext({ type: 'echo', params: { a: 1 } }, producer);
      expect(request.traceContext?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const handle = await queue.submit(request);
      const result = await handle.result();
      producer.end();
      expect(result.success).toBe(true);
      const task = spans().find((s) => s.name === 'echo');
      expect(task?.spanContext().traceId).toBe(producer.spanContext().traceId);
      expect(parentOf(task!)).toBe(producer.spanContext().spanId);
      expect(task?.parentSpanContext?.isRemote).toBe(true);
    } finally {
      await worker.close();
      await queue.close();
      tracing.close();
      await host.close();
    }
    expect(noSubscribers()).toBe(true);
  });

  it('a request with no or an invalid carrier runs untraced-parent, and hosts are checked', async () => {
    const calls: unknown[] = [];
    const fake = {
      execute: async (request: unknown) => {
        calls.push(request);
        return { success: true, pluginId: 'p', taskId: 't', data: 1, executionTimeMs: 0 } as const;
      },
      onTaskStatus: () => () => undefined,
      cancel: (taskId: string) => taskId === 'running',
    };
    const traced = continueTraces(fake);
    expect(typeof traced.onTaskStatus).toBe('function');
    expect(traced.cancel?.('running')).toBe(true);
    expect(traced.cancel?.('other')).toBe(false);
    expect(continueTraces({ execute: fake.execute }).cancel).toBeUndefined();
    await traced.execute({ type: 'x', params: 1 });
    await traced.execute({ type: 'x', params: 1, traceContext: { traceparent: 'nonsense' } });
    await traced.execute({
      type: 'x',
      params: 1,
      traceContext: {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tracestate: 'a=1',
      },
    });
    expect(calls).toHaveLength(3);
    expect(() => continueTraces({} as never)).toThrow(/host/);
    expect(injectTraceContext({ type: 'x', params: 1 })).toEqual({ type: 'x', params: 1 });
  });
});
