import { definePlugin, PluginHost } from '@leanvibe/core';
import { createManualClock } from '@leanvibe/core/contracts';
import { bulkhead, circuitBreaker, consecutive, pipeline, retry } from '@leanvibe/resilience';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentTracing, TRACER_NAME, type TracingInstrumentation } from '../src/index.js';
import { eventsOf, memoryTracing, noSubscribers, parentOf } from './helpers.js';

type Handler = (task: { type: string; params: unknown; signal: AbortSignal }) => Promise<unknown>;
let handler: Handler = async () => 'ok';
let host: PluginHost;
const open: TracingInstrumentation[] = [];

beforeAll(async () => {
  // p-retry loads on a policy's first retry: warm it so manual-clock steps line up.
  const warm = createManualClock();
  let n = 0;
  await settle(
    retry({ clock: warm, retries: 1, minDelayMs: 1 }).execute(() => {
      if (n++ === 0) throw new Error('warm');
    }),
    warm,
  );
  host = new PluginHost({ id: 'tracing-test' });
  await host.register(
    definePlugin({
      name: 'work',
      version: '1.0.0',
      type: 'workflow',
      taskTypes: ['render', 'fail', 'sleepy'],
      sdk: '^0.1.0',
      handle: (task) => handler(task),
    }),
  );
  await host.start();
});

afterEach(() => {
  for (const instrumentation of open.splice(0)) instrumentation.close();
  expect(noSubscribers()).toBe(true);
});

function trace() {
  const memory = memoryTracing();
  const instrumentation = instrumentTracing(host, { tracerProvider: memory.provider });
  open.push(instrumentation);
  return { ...memory, instrumentation };
}

/** Drives a manual clock until `promise` settles. */
async function settle<T>(promise: Promise<T>, clock: ReturnType<typeof createManualClock>) {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let turn = 0; !done && turn < 1_000; turn++) await clock.runAll();
  return promise;
}

describe('instrumentTracing', () => {
  it('a task that retries twice through a breaker and a bulkhead: exact span tree', async () => {
    const { spans, provider } = trace();
    const clock = createManualClock();
    const gate = bulkhead({ clock, concurrency: 1, queue: 4, name: 'renderers' });
    const policy = pipeline(
      retry({ clock, retries: 2, minDelayMs: 100, factor: 2, jitter: 'none', name: 'again' }),
      circuitBreaker({ clock, breaker: consecutive(5), name: 'svc' }),
      gate,
    );
    let release!: () => void;
    const held = gate.execute(() => new Promise<void>((resolve) => (release = resolve)));
    let attempts = 0;
    handler = () =>
      policy.execute(async () => {
        attempts++;
        if (attempts <= 2) throw Object.assign(new Error('flaky'), { code: 'E_FLAKY' });
        return 'rendered';
      });
    const tracer = provider.getTracer('by-hand');
    const root = tracer.startSpan('request');
    const { trace: api, context } = await import('@opentelemetry/api');
    // No context manager is registered: hand the parent span in with the tracing scope of the
    // task's caller, the way `continueTraces` does for a remote parent.
    const { scopes } = await import('../src/scope.js');
    const pending = scopes.run(
      { context: api.setSpan(context.active(), root), parent: undefined, ended: false },
      () => host.execute({ type: 'render', params: {}, id: 'r-1' }),
    );
    await Promise.resolve();
    clock.advance(5);
    release();
    await held;
    const result = await settle(pending, clock);
    root.end();
    expect(result).toMatchObject({ success: true, data: 'rendered' });

    const finished = spans();
    const task = finished.find((s) => s.name === 'render');
    const wait = finished.find((s) => s.name === 'bulkhead wait');
    expect(task).toBeDefined();
    expect(wait).toBeDefined();
    if (task === undefined || wait === undefined) return;
    expect(finished.map((s) => s.name).sort()).toEqual(['bulkhead wait', 'render', 'request']);
    expect(task.instrumentationScope.name).toBe(TRACER_NAME);
    expect(task.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(parentOf(task)).toBe(root.spanContext().spanId);
    expect(parentOf(wait)).toBe(task.spanContext().spanId);
    expect(task.attributes).toEqual({
      'leanvibe.plugin.id': 'work',
      'leanvibe.task.type': 'render',
      'leanvibe.task.id': 'r-1',
      'leanvibe.task.outcome': 'success',
    });
    expect(task.status.code).toBe(SpanStatusCode.UNSET);
    expect(wait.attributes).toEqual({ 'leanvibe.policy.name': 'renderers', 'leanvibe.wait_ms': 5 });
    expect(eventsOf(task)).toEqual([
      {
        name: 'retry',
        attributes: {
          'leanvibe.policy.name': 'again',
          'leanvibe.retry.attempt': 1,
          'leanvibe.retry.delay_ms': 100,
          'error.type': 'E_FLAKY',
        },
      },
      {
        name: 'retry',
        attributes: {
          'leanvibe.policy.name': 'again',
          'leanvibe.retry.attempt': 2,
          'leanvibe.retry.delay_ms': 200,
          'error.type': 'E_FLAKY',
        },
      },
    ]);
  });

  it('a failing task: status ERROR, error.type its code, breaker transition and refusal', async () => {
    const { spans } = trace();
    const breaker = circuitBreaker({ breaker: consecutive(1), name: 'db' });
    handler = async () => {
      await breaker
        .execute(() => {
          throw new Error('down');
        })
        .catch(() => undefined);
      return breaker.execute(() => 'never');
    };
    const result = await host.execute({ type: 'fail', params: {}, id: 'f-1' });
    expect(result.success).toBe(false);
    const [span] = spans();
    expect(span?.name).toBe('fail');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    const code = result.success ? '' : String(result.error.code);
    expect(span?.attributes['error.type']).toBe(code);
    expect(span?.attributes['leanvibe.task.outcome']).toBe('failure');
    expect(eventsOf(span!).map((e) => e.name)).toEqual([
      'circuit_breaker.state_change',
      'circuit_breaker.reject',
      'exception',
    ]);
    expect(eventsOf(span!)[0]?.attributes).toEqual({
      'leanvibe.policy.name': 'db',
      'leanvibe.circuit.from': 'closed',
      'leanvibe.circuit.state': 'open',
    });
  });

  it('a cancelled task: outcome cancelled, error.type PLUGIN_CANCELLED', async () => {
    const { spans } = trace();
    handler = (task) =>
      new Promise((_, reject) =>
        task.signal.addEventListener('abort', () => reject(task.signal.reason)),
      );
    const controller = new AbortController();
    const pending = host.execute({
      type: 'sleepy',
      params: {},
      id: 's-1',
      signal: controller.signal,
    });
    controller.abort(new Error('stop'));
    const result = await pending;
    expect(result.success).toBe(false);
    const [span] = spans();
    expect(span?.attributes).toMatchObject({
      'leanvibe.task.outcome': 'cancelled',
      'error.type': 'PLUGIN_CANCELLED',
    });
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('tasks one after another are siblings, not each other’s children', async () => {
    const { spans } = trace();
    handler = async () => 'ok';
    await host.execute({ type: 'render', params: {}, id: 'a' });
    await host.execute({ type: 'render', params: {}, id: 'b' });
    const [a, b] = spans();
    expect(parentOf(a!)).toBeUndefined();
    expect(parentOf(b!)).toBeUndefined();
    expect(a?.spanContext().traceId).not.toBe(b?.spanContext().traceId);
  });

  it('ignores other hosts, ends open spans on close, and leaves no subscriber', async () => {
    const { spans, instrumentation } = trace();
    const other = instrumentTracing(
      { id: 'elsewhere' },
      { tracerProvider: memoryTracing().provider },
    );
    other.close();
    other.close();
    let finish!: (value: unknown) => void;
    handler = () => new Promise((resolve) => (finish = resolve));
    const pending = host.execute({ type: 'render', params: {}, id: 'c' });
    await Promise.resolve();
    expect(instrumentation.openSpans).toBe(1);
    instrumentation.close();
    expect(instrumentation.openSpans).toBe(0);
    expect(spans()).toHaveLength(1);
    expect(noSubscribers()).toBe(true);
    finish('late');
    await pending;
    expect(spans()).toHaveLength(1);
  });

  it('checks its arguments', () => {
    expect(() => instrumentTracing(null as never)).toThrow(/host/);
    expect(() => instrumentTracing(host, { tracerProvider: {} as never })).toThrow(
      /tracerProvider/,
    );
    expect(() => instrumentTracing(host, 3 as never)).toThrow();
    const global = instrumentTracing(host);
    global.close();
  });
});
