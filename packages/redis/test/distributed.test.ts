import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dependency, type Member, sleep, spawn, startDependency } from './fleet.js';

let server: RedisServer;
let dep: Dependency;
let fleet: Member[];

beforeAll(async () => {
  server = await startRedisServer();
  dep = await startDependency();
  fleet = await Promise.all([1, 2, 3, 4].map(() => spawn(server.url, dep.url)));
});

afterAll(async () => {
  await Promise.all(fleet.map((member) => member.stop()));
  await dep.close();
  await server.stop();
});

describe('a fleet of processes on one Redis', () => {
  it('follows an open in A from B and C, lets one probe run fleet-wide, and shares its verdict', async () => {
    const [a, b, c] = fleet as [Member, Member, Member];
    await Promise.all([a, b, c].map((m) => m.run('breaker', { halfOpenAfterMs: 500 })));
    expect(await a.run('call', { path: '/fail' })).toBe('failed');
    await sleep(50);
    const before = dep.hits.length;
    expect(await b.run('call', { path: '/ok' })).toBe('refused');
    expect(await c.run('call', { path: '/ok' })).toBe('refused');
    expect(dep.hits.length).toBe(before);
    const openedAt = a.events.find((e) => e.to === 'open')?.at as number;
    const followed = [b, c].map(
      (m) => (m.events.find((e) => e.to === 'open' && e.remote)?.at as number) - openedAt,
    );
    console.log(`follow time of an open: ${followed.join(' ms, ')} ms`);

    await sleep(600);
    dep.mode = 'slow';
    const probesBefore = dep.hits.length;
    const outcomes = await Promise.all([a, b, c].map((m) => m.run('call', { path: '/ok' })));
    expect(dep.hits.length - probesBefore).toBe(1);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(2);
    dep.mode = 'ok';
    await sleep(50);
    expect(await Promise.all([a, b, c].map((m) => m.run('state')))).toEqual([
      'closed',
      'closed',
      'closed',
    ]);
  });

  it('keeps four processes × 200 calls under 50 per second fleet-wide', async () => {
    const start = dep.hits.length;
    await Promise.all(fleet.map((m) => m.run('limit', { calls: 200, tokensPerInterval: 50 })));
    const hits = dep.hits.slice(start);
    expect(hits).toHaveLength(800);
    let times: number[] = [];
    const most = (windowMs: number): number => {
      let top = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] as number) - (times[j] as number) >= windowMs) j++;
        top = Math.max(top, i - j + 1);
      }
      return top;
    };
    // The server counts each call by the time the limiter granted it (sent with the request);
    // by arrival, a window's calls spread over the HTTP round trips of a busy machine.
    times = hits.map((h) => h.at).sort((x, y) => x - y);
    const byArrival = most(1_000);
    times = hits.map((h) => h.granted).sort((x, y) => x - y);
    const perSecond = new Map<number, number>();
    for (const at of times) {
      const second = Math.floor(at / 1_000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    const busiest = Math.max(...perSecond.values());
    console.log(
      `most calls in one clock second: ${busiest}; in any sliding second: ${most(1_000)} by grant, ${byArrival} by arrival`,
    );
    // Every one-second window of the clock starts at most 50 calls, so 800 calls need 16 of them.
    expect(busiest).toBeLessThanOrEqual(50);
    expect(perSecond.size).toBeGreaterThanOrEqual(16);
    expect((times[799] as number) - (times[0] as number)).toBeGreaterThan(14_000);
  }, 60_000);

  it('serves a value cached by A to B, expires it, and never caches a rejection', async () => {
    const [a, b] = fleet as [Member, Member];
    const first = dep.hits.length;
    const value = await a.run('cache', { ttlMs: 300, path: '/value' });
    expect(await b.run('cache', { ttlMs: 300, path: '/value' })).toEqual(value);
    expect(dep.hits.length - first).toBe(1);
    await sleep(400);
    expect(await b.run('cache', { ttlMs: 300, path: '/value' })).not.toEqual(value);
    expect(dep.hits.length - first).toBe(2);
    expect(await a.run('cache', { ttlMs: 300, path: '/fail' })).toMatch(/^failed/);
    expect(await b.run('cache', { ttlMs: 300, path: '/fail' })).toMatch(/^failed/);
    expect(dep.hits.length - first).toBe(4);
  });
});
