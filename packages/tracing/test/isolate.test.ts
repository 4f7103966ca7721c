import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginHost } from '@leanvibe/core';
import { isolatedPlugin } from '@leanvibe/isolate';
import { createTaskQueue, serveQueue } from '@leanvibe/queue';
import { HandleTracker } from '@leanvibe/testing';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectTraceContext, instrumentTracing } from '../src/index.js';
import { memoryTracing, noSubscribers, parentOf } from './helpers.js';

/** What the plugin in the worker thread reports of the span it started there. */
interface ThreadSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly threadId: number;
}

// The plugin module an isolated plugin loads in its worker thread: it has its own OpenTelemetry
// provider there, continues `task.traceContext` with the W3C propagator, and returns the span it
// made as the exporter recorded it. Written to a temporary file at run time; its packages resolve
// from this package.
const PLUGIN_SOURCE = (resolveFrom: string) => `
import { createRequire } from 'node:module';
import { threadId } from 'node:worker_threads';
const require = createRequire(${JSON.stringify(resolveFrom)});
const { definePlugin } = require('@leanvibe/core');
const { ROOT_CONTEXT, defaultTextMapGetter } = require('@opentelemetry/api');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} = require('@opentelemetry/sdk-trace-base');

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('in-thread');
const propagator = new W3CTraceContextPropagator();

export default definePlugin({
  name: 'threaded',
  version: '1.0.0',
  type: 'custom',
  taskTypes: ['traced'],
  sdk: '^0.1.0',
  handle(task) {
    const parent = propagator.extract(ROOT_CONTEXT, task.traceContext ?? {}, defaultTextMapGetter);
    tracer.startSpan('in the thread', {}, parent).end();
    const [span] = exporter.getFinishedSpans();
    exporter.reset();
    return {
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? null,
      threadId,
    };
  },
  async cleanup() {
    await provider.shutdown();
  },
});
`;

let dir: string;
let pluginPath: string;
let server: RedisServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracing-isolate-'));
  pluginPath = join(dir, 'threaded.mjs');
  writeFileSync(
    pluginPath,
    PLUGIN_SOURCE(fileURLToPath(new URL('../package.json', import.meta.url))),
  );
  server = await startRedisServer();
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A started host whose one plugin runs in a worker thread. */
async function isolatedHost(id: string): Promise<PluginHost> {
  const host = new PluginHost({ id });
  await host.register(await isolatedPlugin(pluginPath));
  await host.start();
  return host;
}

describe('a trace across a worker thread', () => {
  const tracker = new HandleTracker().enable();

  it('the span started in the worker is a child of the host’s task span', async () => {
    await tracker.run(async () => {
      const { provider, spans } = memoryTracing();
      const host = await isolatedHost('isolate-trace');
      const tracing = instrumentTracing(host, { tracerProvider: provider });
      try {
        const result = await host.execute({ type: 'traced', params: {} });
        expect(result.success).toBe(true);
        const inThread = (result.success ? result.data : undefined) as ThreadSpan;
        const task = spans().find((s) => s.name === 'traced');
        expect(task).toBeDefined();
        expect(inThread.threadId).toBeGreaterThan(0);
        expect(inThread.traceId).toBe(task?.spanContext().traceId);
        expect(inThread.parentSpanId).toBe(task?.spanContext().spanId);
        expect(inThread.spanId).not.toBe(task?.spanContext().spanId);
      } finally {
        tracing.close();
        await host.close();
      }
      expect(noSubscribers()).toBe(true);
    });
    expect(await tracker.openHandles()).toEqual([]);
  });

  it('one trace holds from a producer, across a queue, to the span in the worker thread', async () => {
    const { provider, spans } = memoryTracing();
    const host = await isolatedHost('isolate-queue-trace');
    const tracing = instrumentTracing(host, { tracerProvider: provider });
    const queue = await createTaskQueue({
      connection: server.url,
      name: `isolate-trace-${process.pid}`,
    });
    const worker = await serveQueue(host, queue);
    try {
      const producer = provider.getTracer('producer').startSpan('submit traced');
      const handle = await queue.submit(
        injectTraceContext({ type: 'traced', params: {} }, producer),
      );
      const result = await handle.result();
      producer.end();
      expect(result.success).toBe(true);
      const inThread = (result.success ? result.data : undefined) as ThreadSpan;
      const task = spans().find((s) => s.name === 'traced');
      const traceId = producer.spanContext().traceId;
      // producer → the host's task span (across the queue) → the worker thread's span.
      expect(task?.spanContext().traceId).toBe(traceId);
      expect(parentOf(task!)).toBe(producer.spanContext().spanId);
      expect(inThread.traceId).toBe(traceId);
      expect(inThread.parentSpanId).toBe(task?.spanContext().spanId);
      expect(inThread.threadId).toBeGreaterThan(0);
    } finally {
      await worker.close();
      await queue.close();
      tracing.close();
      await host.close();
    }
    expect(noSubscribers()).toBe(true);
  });
});
