import { definePlugin, PluginHost } from '@leanvibe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentTracing } from '../src/index.js';
import { memoryTracing, noSubscribers, parentOf } from './helpers.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PRODUCER = { traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01`, tracestate: 'vendor=1' };

let host: PluginHost;
const seen: (Readonly<Record<string, string>> | undefined)[] = [];

beforeAll(async () => {
  host = new PluginHost({ id: 'carrier-test' });
  await host.register(
    definePlugin({
      name: 'hand-on',
      version: '1.0.0',
      type: 'workflow',
      taskTypes: ['hand-on'],
      sdk: '^0.1.0',
      handle: (task) => {
        seen.push(task.traceContext);
        return 'ok';
      },
    }),
  );
  await host.start();
});

afterAll(async () => {
  await host.close();
});

describe('the request’s carrier and the task’s', () => {
  it('continues the request’s carrier with no wrapper, and hands the plugin its span’s carrier', async () => {
    seen.length = 0;
    const { provider, spans } = memoryTracing();
    const tracing = instrumentTracing(host, { tracerProvider: provider });
    try {
      await host.execute({ type: 'hand-on', params: {}, traceContext: PRODUCER });
    } finally {
      tracing.close();
    }
    const [span] = spans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(parentOf(span as never)).toBe('b7ad6b7169203331');
    expect(span?.parentSpanContext?.isRemote).toBe(true);
    const spanId = span?.spanContext().spanId;
    expect(seen).toEqual([{ traceparent: `00-${TRACE_ID}-${spanId}-01`, tracestate: 'vendor=1' }]);
    expect(noSubscribers()).toBe(true);
  });

  it('gives an untraced request a root span whose carrier the plugin sees, and none when not instrumented', async () => {
    seen.length = 0;
    const { provider, spans } = memoryTracing();
    const tracing = instrumentTracing(host, { tracerProvider: provider });
    try {
      await host.execute({ type: 'hand-on', params: {} });
    } finally {
      tracing.close();
    }
    await host.execute({ type: 'hand-on', params: {}, traceContext: PRODUCER });
    const [span] = spans();
    expect(parentOf(span as never)).toBeUndefined();
    const { traceId, spanId } = span?.spanContext() ?? {};
    // Not instrumented: the plugin sees the request's carrier unchanged.
    expect(seen).toEqual([{ traceparent: `00-${traceId}-${spanId}-01` }, PRODUCER]);
  });

  it('adds no carrier under a provider that records nothing, and passes the request’s on', async () => {
    seen.length = 0;
    // The global provider of @opentelemetry/api, with nothing registered: a no-op.
    const tracing = instrumentTracing(host);
    try {
      await host.execute({ type: 'hand-on', params: {} });
      await host.execute({ type: 'hand-on', params: {}, traceContext: PRODUCER });
    } finally {
      tracing.close();
    }
    expect(seen[0]).toBeUndefined();
    // The no-op span carries its parent's context: the producer's trace goes on unchanged.
    expect(seen[1]).toEqual(PRODUCER);
  });

  it('ignores an invalid carrier and parents the span as without one', async () => {
    seen.length = 0;
    const { provider, spans } = memoryTracing();
    const tracing = instrumentTracing(host, { tracerProvider: provider });
    try {
      await host.execute({
        type: 'hand-on',
        params: {},
        traceContext: { traceparent: 'nonsense' },
      });
    } finally {
      tracing.close();
    }
    const [span] = spans();
    expect(parentOf(span as never)).toBeUndefined();
    expect(seen[0]?.traceparent).toBe(
      `00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`,
    );
  });
});
