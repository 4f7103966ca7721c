import { channel } from 'node:diagnostics_channel';
import { definePlugin, PluginHost } from '@leanvibe/core';
import { DECORATORS_DIAGNOSTICS_CHANNELS } from '@leanvibe/decorators';
import { POOL_DIAGNOSTICS_CHANNELS } from '@leanvibe/pool';
import { RESILIENCE_DIAGNOSTICS_CHANNELS } from '@leanvibe/resilience';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentTracing, TRACED_CHANNELS } from '../src/index.js';
import { eventsOf, memoryTracing } from './helpers.js';

let host: PluginHost;
let body: () => void = () => undefined;

beforeAll(async () => {
  host = new PluginHost({ id: 'events-host' });
  await host.register(
    definePlugin({
      name: 'p',
      version: '1.0.0',
      type: 'workflow',
      taskTypes: ['t'],
      sdk: '^0.1.0',
      handle: async () => {
        body();
        return 'ok';
      },
    }),
  );
  await host.start();
});

afterAll(() => host.close());

const send = (name: string, message: unknown) => channel(name).publish(message);

describe('events from the resilience, pool and decorators channels', () => {
  it('follows the very channel names those packages export', () => {
    expect(TRACED_CHANNELS).toEqual({
      retry: RESILIENCE_DIAGNOSTICS_CHANNELS.retry,
      circuitBreaker: RESILIENCE_DIAGNOSTICS_CHANNELS.circuitBreaker,
      bulkhead: RESILIENCE_DIAGNOSTICS_CHANNELS.bulkhead,
      rateLimit: RESILIENCE_DIAGNOSTICS_CHANNELS.rateLimit,
      poolAcquireWait: POOL_DIAGNOSTICS_CHANNELS.acquireWait,
      cache: DECORATORS_DIAGNOSTICS_CHANNELS.cache,
    });
  });

  it('records each kind on the task span, and ignores messages outside a task', async () => {
    const { provider, spans } = memoryTracing();
    const tracing = instrumentTracing(host, { tracerProvider: provider });
    const err = { code: 'E_X' };
    body = () => {
      send(TRACED_CHANNELS.retry, {
        name: 'r',
        event: 'give-up',
        attempts: 3,
        reason: 'exhausted',
        error: err,
      });
      send(TRACED_CHANNELS.bulkhead, { name: 'b', event: 'reject', error: new TypeError('x') });
      send(TRACED_CHANNELS.rateLimit, { name: 'l', event: 'reject', error: 1 });
      send(TRACED_CHANNELS.rateLimit, { name: 'l', event: 'wait', waitedMs: 7 });
      send(TRACED_CHANNELS.poolAcquireWait, { pool: 'db', outcome: 'acquired', waitedMs: 3 });
      send(TRACED_CHANNELS.poolAcquireWait, {
        pool: 'db',
        outcome: 'failed',
        waitedMs: 9,
        error: err,
      });
      send(TRACED_CHANNELS.cache, { method: 'm', outcome: 'hit', store: 'memory' });
      send(TRACED_CHANNELS.cache, { method: 'm', outcome: 'miss', store: 'async' });
      send(TRACED_CHANNELS.retry, { event: 'other' });
      send(TRACED_CHANNELS.circuitBreaker, { event: 'other' });
      send(TRACED_CHANNELS.bulkhead, { event: 'other' });
      send(TRACED_CHANNELS.rateLimit, { event: 'other' });
      send(TRACED_CHANNELS.cache, 'not an object');
    };
    await host.execute({ type: 't', params: {} });
    send(TRACED_CHANNELS.cache, { method: 'outside', outcome: 'hit', store: 'memory' });
    tracing.close();
    const task = spans().find((s) => s.name === 't')!;
    expect(eventsOf(task).map((e) => e.name)).toEqual([
      'retry.give_up',
      'bulkhead.reject',
      'rate_limit.reject',
      'cache.hit',
      'cache.miss',
    ]);
    expect(eventsOf(task)[1]?.attributes['error.type']).toBe('TypeError');
    expect(eventsOf(task)[2]?.attributes['error.type']).toBe('Error');
    const waits = spans().filter((s) => s.name !== 't');
    expect(waits.map((s) => [s.name, s.attributes])).toEqual([
      ['rate-limit wait', { 'leanvibe.policy.name': 'l', 'leanvibe.wait_ms': 7 }],
      [
        'pool acquire',
        {
          'leanvibe.policy.name': 'db',
          'leanvibe.pool.outcome': 'acquired',
          'leanvibe.wait_ms': 3,
        },
      ],
      [
        'pool acquire',
        {
          'leanvibe.policy.name': 'db',
          'leanvibe.pool.outcome': 'failed',
          'error.type': 'E_X',
          'leanvibe.wait_ms': 9,
        },
      ],
    ]);
    for (const wait of waits)
      expect(wait.parentSpanContext?.spanId).toBe(task.spanContext().spanId);
    expect(task.attributes).toMatchObject({ 'leanvibe.cache.hits': 1, 'leanvibe.cache.misses': 1 });
  });

  it('records the first 16 cache lookups of a task as events and counts them all', async () => {
    const { provider, spans } = memoryTracing();
    const tracing = instrumentTracing(host, { tracerProvider: provider });
    body = () => {
      for (let i = 0; i < 40; i++) {
        send(TRACED_CHANNELS.cache, {
          method: 'lookup',
          outcome: i % 4 === 3 ? 'miss' : 'hit',
          store: 'memory',
        });
      }
    };
    try {
      await host.execute({ type: 't', params: {} });
      body = () => undefined;
      await host.execute({ type: 't', params: {} });
    } finally {
      body = () => undefined;
      tracing.close();
    }
    const [busy, quiet] = spans().filter((s) => s.name === 't');
    const names = eventsOf(busy!).map((e) => e.name);
    expect(names).toHaveLength(16);
    expect(names.slice(0, 4)).toEqual(['cache.hit', 'cache.hit', 'cache.hit', 'cache.miss']);
    expect(busy?.attributes).toMatchObject({
      'leanvibe.cache.hits': 30,
      'leanvibe.cache.misses': 10,
    });
    // A task that looked nothing up carries no tally.
    expect(quiet?.attributes['leanvibe.cache.hits']).toBeUndefined();
  });
});
