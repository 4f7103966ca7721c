import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createManualClock } from '@leanvibe/core/contracts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bulkhead,
  circuitBreaker,
  consecutive,
  RESILIENCE_DIAGNOSTICS_CHANNELS,
  type ResilienceDiagnosticsMessage,
  rateLimit,
  retry,
} from '../src/index.js';
import { settle } from './settle.js';

const names = Object.values(RESILIENCE_DIAGNOSTICS_CHANNELS);
let seen: { name: string; message: ResilienceDiagnosticsMessage }[] = [];
const listeners = new Map<string, (message: unknown) => void>();

function listen(): void {
  for (const name of names) {
    const listener = (message: unknown) =>
      seen.push({ name, message: message as ResilienceDiagnosticsMessage });
    listeners.set(name, listener);
    subscribe(name, listener);
  }
}

afterEach(() => {
  for (const [name, listener] of listeners) unsubscribe(name, listener);
  listeners.clear();
  seen = [];
  for (const name of names) expect(channel(name).hasSubscribers).toBe(false);
});

beforeAll(() => import('p-retry'));

describe('diagnostics channels', () => {
  it('are named under leanvibe:resilience:', () => {
    expect(RESILIENCE_DIAGNOSTICS_CHANNELS).toEqual({
      retry: 'leanvibe:resilience:retry',
      circuitBreaker: 'leanvibe:resilience:circuit-breaker',
      bulkhead: 'leanvibe:resilience:bulkhead',
      rateLimit: 'leanvibe:resilience:rate-limit',
    });
    expect(Object.isFrozen(RESILIENCE_DIAGNOSTICS_CHANNELS)).toBe(true);
  });

  it('publish nothing without a subscriber', async () => {
    const clock = createManualClock();
    const policy = retry({ clock, retries: 1, minDelayMs: 10, jitter: 'none' });
    let calls = 0;
    const result = await settle(
      policy.execute(() => {
        calls++;
        if (calls === 1) throw new Error('once');
        return 'ok';
      }),
      clock,
    );
    expect(result).toEqual({ value: 'ok' });
    expect(seen).toEqual([]);
  });

  it('retry: each scheduled retry with its delay, then the give-up', async () => {
    listen();
    const clock = createManualClock();
    const policy = retry({ clock, retries: 2, minDelayMs: 100, factor: 2, jitter: 'none' });
    const boom = new Error('boom');
    const result = await settle(
      policy.execute(() => {
        throw boom;
      }),
      clock,
    );
    expect(result).toEqual({ error: boom });
    expect(seen.map((s) => s.message)).toEqual([
      { policy: 'retry', name: 'retry', event: 'retry', attempt: 1, delayMs: 100, error: boom },
      { policy: 'retry', name: 'retry', event: 'retry', attempt: 2, delayMs: 200, error: boom },
      {
        policy: 'retry',
        name: 'retry',
        event: 'give-up',
        attempts: 3,
        reason: 'exhausted',
        error: boom,
      },
    ]);
    expect(seen.every((s) => s.name === RESILIENCE_DIAGNOSTICS_CHANNELS.retry)).toBe(true);
  });

  it('circuit breaker: transitions and refusals', async () => {
    listen();
    const breaker = circuitBreaker({ name: 'svc', breaker: consecutive(1) });
    await expect(
      breaker.execute(() => {
        throw new Error('down');
      }),
    ).rejects.toThrow('down');
    await expect(breaker.execute(() => 'never')).rejects.toThrow();
    const messages = seen.map((s) => s.message);
    expect(messages[0]).toEqual({
      policy: 'circuit-breaker',
      name: 'svc',
      event: 'state-change',
      from: 'closed',
      to: 'open',
      remote: false,
    });
    expect(messages[1]).toMatchObject({
      policy: 'circuit-breaker',
      name: 'svc',
      event: 'reject',
      state: 'open',
    });
    expect(seen.every((s) => s.name === RESILIENCE_DIAGNOSTICS_CHANNELS.circuitBreaker)).toBe(true);
  });

  it('bulkhead: a queued call reports its wait, a refused one its error', async () => {
    listen();
    const clock = createManualClock();
    const policy = bulkhead({ clock, concurrency: 1, queue: 1, name: 'pool' });
    let release!: () => void;
    const first = policy.execute(() => new Promise<void>((resolve) => (release = resolve)));
    const second = policy.execute(() => 'second');
    await expect(policy.execute(() => 'third')).rejects.toThrow();
    clock.advance(25);
    release();
    await first;
    await expect(second).resolves.toBe('second');
    expect(seen.map((s) => s.message)).toEqual([
      expect.objectContaining({ policy: 'bulkhead', name: 'pool', event: 'reject' }),
      { policy: 'bulkhead', name: 'pool', event: 'wait', waitedMs: 25 },
    ]);
  });

  it('rate limit: a waiting call reports its wait, a refused one its error', async () => {
    listen();
    const clock = createManualClock();
    const waiting = rateLimit({
      clock,
      tokensPerInterval: 1,
      intervalMs: 100,
      burst: 1,
      whenEmpty: 'wait',
    });
    await waiting.execute(() => 1);
    const second = settle(
      waiting.execute(() => 2),
      clock,
    );
    await expect(second).resolves.toEqual({ value: 2 });
    const refusing = rateLimit({ clock, tokensPerInterval: 1, intervalMs: 100, burst: 1 });
    await refusing.execute(() => 1);
    await expect(refusing.execute(() => 2)).rejects.toThrow();
    expect(seen.map((s) => s.message)).toEqual([
      { policy: 'rate-limit', name: 'rate-limit', event: 'wait', waitedMs: 100 },
      expect.objectContaining({ policy: 'rate-limit', name: 'rate-limit', event: 'reject' }),
    ]);
  });
});
