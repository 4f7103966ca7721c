import { createManualClock } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { createPool, isPoolError } from '../src/index.js';

/** A small seeded generator (mulberry32), so a failure can be replayed with its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Conn {
  readonly id: number;
}

const OPERATIONS = 100_000;
const SEED = Number(process.env.POOL_CHAOS_SEED ?? 20_260_801);

describe('chaos', () => {
  it(`survives ${OPERATIONS} random operations against a factory that fails at random`, async () => {
    const rand = random(SEED);
    const chance = (p: number) => rand() < p;
    const clock = createManualClock();
    const destroyCalls = new Map<number, number>();
    let made = 0;
    const createdIds: number[] = [];
    const later = (ms: number) =>
      new Promise<void>((resolve) => {
        clock.setTimeout(resolve, ms);
      });

    const pool = createPool<Conn>({
      clock,
      min: 2,
      max: 8,
      maxWaiting: 40,
      acquireTimeoutMs: 50,
      createTimeoutMs: 30,
      destroyTimeoutMs: 20,
      idleTimeoutMs: 40,
      maxUses: 25,
      maxLifetimeMs: 400,
      createRetry: { retries: 2, minDelayMs: 1, maxDelayMs: 4 },
      create: async () => {
        const roll = rand();
        if (roll < 0.08) throw new Error('create failed');
        if (roll < 0.1)
          await later(45); // longer than createTimeoutMs: arrives late
        else if (roll < 0.3) await later(1 + Math.floor(rand() * 5));
        const conn = { id: ++made };
        createdIds.push(conn.id);
        return conn;
      },
      validate: () => {
        const roll = rand();
        if (roll < 0.03) throw new Error('validate threw');
        if (roll < 0.06) return false;
        if (roll < 0.15) return Promise.resolve(roll < 0.12);
        return true;
      },
      destroy: async (conn) => {
        destroyCalls.set(conn.id, (destroyCalls.get(conn.id) ?? 0) + 1);
        const roll = rand();
        if (roll < 0.05) throw new Error('destroy failed');
        if (roll < 0.07) await later(30); // longer than destroyTimeoutMs
      },
    });

    const held: Conn[] = [];
    const settled = { count: 0 };
    let started = 0;
    const follow = (promise: Promise<unknown>) => {
      started++;
      promise.then(
        () => settled.count++,
        (error: unknown) => {
          settled.count++;
          // Every rejection is a pool error, an abort, or the borrower's own failure.
          if (
            !isPoolError(error) &&
            !(error instanceof DOMException) &&
            (error as Error).message !== 'borrower failed'
          ) {
            throw error;
          }
        },
      );
    };
    const unexpected: unknown[] = [];
    const take = (promise: Promise<Conn>) =>
      follow(
        promise.then(
          (conn) => {
            held.push(conn);
          },
          (error: unknown) => {
            if (!isPoolError(error) && !(error instanceof DOMException)) unexpected.push(error);
            throw error;
          },
        ),
      );
    const pick = () => held.splice(Math.floor(rand() * held.length), 1)[0]!;

    for (let op = 0; op < OPERATIONS; op++) {
      const roll = rand();
      if (roll < 0.3) take(pool.acquire({ priority: chance(0.1) ? 1 : 0 }));
      else if (roll < 0.4) {
        const controller = new AbortController();
        take(pool.acquire({ signal: controller.signal }));
        if (chance(0.5)) controller.abort();
        else clock.setTimeout(() => controller.abort(), Math.floor(rand() * 20));
      } else if (roll < 0.62) {
        if (held.length > 0) follow(pool.release(pick()));
      } else if (roll < 0.67) {
        if (held.length > 0) follow(pool.destroy(pick()));
      } else if (roll < 0.72) {
        if (held.length > 0 && chance(0.1)) {
          // A stale double release must be refused and change nothing.
          const conn = pick();
          follow(pool.release(conn));
          follow(pool.release(conn));
        }
      } else if (roll < 0.82) {
        const fails = chance(0.3);
        follow(
          pool.use(
            async () => {
              if (chance(0.5)) await later(Math.floor(rand() * 10));
              if (fails) throw new Error('borrower failed');
            },
            { destroyOnError: chance(0.5) },
          ),
        );
      } else {
        clock.advance(Math.floor(rand() * 6));
      }
      if (op % 64 === 0) await clock.flush();
    }

    // Give everything back, then drain while time runs.
    for (let round = 0; round < 200 && (held.length > 0 || pool.stats().pending > 0); round++) {
      while (held.length > 0) follow(pool.release(held.pop()!));
      await clock.advanceAsync(10);
    }
    let drained = false;
    pool.drain().then(() => {
      drained = true;
    });
    for (let round = 0; round < 200 && !drained; round++) {
      while (held.length > 0) follow(pool.release(held.pop()!));
      await clock.advanceAsync(10);
    }
    await clock.advanceAsync(100); // let any late delivery arrive and be destroyed

    expect(unexpected).toEqual([]);
    expect(drained).toBe(true);
    const stats = pool.stats();
    expect(stats).toMatchObject({ state: 'closed', borrowed: 0, pending: 0, size: 0 });
    expect(stats.created).toBe(createdIds.length);
    expect(stats.destroyed).toBe(createdIds.length);
    const notExactlyOnce = createdIds.filter((id) => destroyCalls.get(id) !== 1);
    expect(notExactlyOnce).toEqual([]);
    expect(destroyCalls.size).toBe(createdIds.length);
    expect(settled.count).toBe(started);
    expect(clock.pendingTimers()).toBe(0);
    // The run exercised what it claims to.
    expect(stats.createErrors).toBeGreaterThan(100);
    expect(stats.validationFailures).toBeGreaterThan(100);
    expect(stats.destroyErrors).toBeGreaterThan(10);
    expect(stats.acquireTimeouts).toBeGreaterThan(0);
  }, 60_000);
});
