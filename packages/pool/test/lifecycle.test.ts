import { createManualClock } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { createPool, type DestroyReason } from '../src/index.js';
import { factory, type Resource, setup, track } from './helpers.js';

describe('min', () => {
  it('keeps min resources warm from the start, without a caller', async () => {
    const { pool, clock, made } = setup({ min: 3, max: 5 });
    expect(made.created).toHaveLength(0); // listeners can be attached first
    await clock.flush();
    expect(made.created).toHaveLength(3);
    expect(pool.stats()).toMatchObject({ size: 3, available: 3 });
  });

  it('replaces a destroyed resource to stay at min', async () => {
    const { pool, clock, made } = setup({ min: 1 });
    await clock.flush();
    const resource = await pool.acquire();
    await pool.destroy(resource);
    await clock.flush();
    expect(made.created).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ size: 1, available: 1 });
  });
});

describe('idleTimeoutMs', () => {
  it('evicts idle resources above min after idleTimeoutMs, least recently used first', async () => {
    const { pool, clock, made } = setup({ min: 1, max: 4, idleTimeoutMs: 1000 });
    const reasons: DestroyReason[] = [];
    pool.on('destroy', ({ reason }) => reasons.push(reason));
    const all = await Promise.all([1, 2, 3, 4].map(() => pool.acquire()));
    for (const resource of all) {
      await pool.release(resource);
      await clock.advanceAsync(100);
    }
    // Released at 0, 100, 200, 300 (relative); now 400.
    await clock.advanceAsync(599);
    expect(made.destroyed).toHaveLength(0);
    await clock.advanceAsync(1);
    expect(made.destroyed.map((r) => r.id)).toEqual([1]);
    await clock.advanceAsync(200);
    expect(made.destroyed.map((r) => r.id)).toEqual([1, 2, 3]);
    await clock.advanceAsync(10_000);
    // min is kept.
    expect(made.destroyed).toHaveLength(3);
    expect(pool.stats()).toMatchObject({ size: 1, available: 1 });
    expect(reasons).toEqual(['idle', 'idle', 'idle']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not evict a resource that was used again in the meantime', async () => {
    const { pool, clock, made } = setup({ idleTimeoutMs: 1000 });
    const resource = await pool.acquire();
    await pool.release(resource);
    await clock.advanceAsync(900);
    await pool.release(await pool.acquire());
    await clock.advanceAsync(900);
    expect(made.destroyed).toHaveLength(0);
    await clock.advanceAsync(100);
    expect(made.destroyed).toHaveLength(1);
  });

  it('its timer is unref’d', async () => {
    const { pool, clock } = setup({ idleTimeoutMs: 1000 });
    await pool.release(await pool.acquire());
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.referencedTimers()).toBe(0);
  });

  it('Infinity keeps idle resources forever, with no timer', async () => {
    const { pool, clock } = setup({ idleTimeoutMs: Number.POSITIVE_INFINITY });
    await pool.release(await pool.acquire());
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('maxUses', () => {
  it('destroys a resource on the release that reaches maxUses', async () => {
    const { pool, made } = setup({ maxUses: 2 });
    const a = await pool.acquire();
    await pool.release(a);
    expect(await pool.acquire()).toBe(a);
    await pool.release(a);
    expect(made.destroyed).toEqual([a]);
    expect(await pool.acquire()).not.toBe(a);
  });

  it('hands a waiter a fresh resource when the returned one is retired', async () => {
    const { pool, made } = setup({ max: 1, maxUses: 1 });
    const a = await pool.acquire();
    const next = pool.acquire();
    await pool.release(a);
    const b = await next;
    expect(b).not.toBe(a);
    expect(made.destroyed).toEqual([a]);
  });
});

describe('maxLifetimeMs', () => {
  it('retires a resource on release once it is maxLifetimeMs old', async () => {
    const { pool, clock, made } = setup({ maxLifetimeMs: 1000, idleTimeoutMs: 60_000 });
    const a = await pool.acquire();
    await clock.advanceAsync(1000);
    await pool.release(a);
    expect(made.destroyed).toEqual([a]);
  });

  it('retires an idle resource when its lifetime ends, and rewarms min', async () => {
    const { pool, clock, made } = setup({
      min: 1,
      maxLifetimeMs: 1000,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
    });
    await clock.flush();
    expect(made.created).toHaveLength(1);
    await clock.advanceAsync(1000);
    expect(made.destroyed.map((r) => r.id)).toEqual([1]);
    expect(made.created).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ size: 1, available: 1 });
    expect(clock.referencedTimers()).toBe(0);
  });

  it('never lends an idle resource past its lifetime, even before its timer ran', async () => {
    const manual = createManualClock();
    let skew = 0;
    // A clock whose time jumps without running timers: the check at lending must catch it.
    const clock = { ...manual, now: () => manual.now() + skew };
    const made = factory();
    const pool = createPool<Resource>({
      create: (signal) => made.create(signal),
      destroy: (resource) => made.destroy(resource),
      clock,
      maxLifetimeMs: 1000,
    });
    const a = await pool.acquire();
    await pool.release(a);
    skew = 1000;
    const b = await pool.acquire();
    expect(b).not.toBe(a);
    expect(made.destroyed).toEqual([a]);
  });
});

describe('validate', () => {
  it('validates an idle resource before lending it and destroys one that fails', async () => {
    let healthy = true;
    const { pool, made } = setup({ validate: () => healthy });
    const a = await pool.acquire();
    await pool.release(a);
    healthy = false;
    const failures: Resource[] = [];
    pool.on('validationFailed', ({ resource }) => failures.push(resource));
    const pending = pool.acquire();
    healthy = true;
    const b = await pending;
    expect(b).not.toBe(a);
    expect(failures).toEqual([a]);
    expect(made.destroyed).toEqual([a]);
    expect(pool.stats().validationFailures).toBe(1);
  });

  it('accepts an async validate, and treats a throw or rejection as a failure', async () => {
    const verdicts: (() => Promise<boolean>)[] = [
      () => Promise.reject(new Error('ping failed')),
      () => Promise.resolve(true),
    ];
    const { pool, clock, made } = setup({ validate: () => verdicts.shift()!() });
    const errors: (Error | undefined)[] = [];
    pool.on('validationFailed', ({ error }) => errors.push(error));
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    await pool.release(a!);
    await pool.release(b!);
    const got = track(pool.acquire());
    expect(pool.stats().validating).toBe(1);
    await clock.flush();
    expect(got.value).toBe(a);
    expect(errors.map((e) => e?.message)).toEqual(['ping failed']);
    expect(made.destroyed).toEqual([b]);
  });

  it('skips validation for a freshly created resource and when validateOnBorrow is false', async () => {
    let calls = 0;
    const { pool } = setup({
      validate: () => {
        calls++;
        return true;
      },
      validateOnBorrow: false,
    });
    await pool.release(await pool.acquire());
    await pool.release(await pool.acquire());
    expect(calls).toBe(0);
  });

  it('a resource validated after its waiter gave up goes back to idle', async () => {
    let resolveVerdict: (ok: boolean) => void = () => {};
    const { pool, clock } = setup({
      validate: () =>
        new Promise<boolean>((resolve) => {
          resolveVerdict = resolve;
        }),
    });
    const a = await pool.acquire();
    await pool.release(a);
    const controller = new AbortController();
    const got = track(pool.acquire({ signal: controller.signal }));
    controller.abort();
    resolveVerdict(true);
    await clock.flush();
    expect(got.error).toBeInstanceOf(DOMException);
    expect(pool.stats()).toMatchObject({ available: 1, validating: 0, borrowed: 0 });
  });

  it('a validate slower than validateTimeoutMs fails the resource, so nothing hangs', async () => {
    const { pool, clock, made } = setup({
      validate: () => new Promise<boolean>(() => {}),
      validateTimeoutMs: 200,
    });
    const a = await pool.acquire();
    await pool.release(a);
    const errors: (Error | undefined)[] = [];
    pool.on('validationFailed', ({ error }) => errors.push(error));
    const got = track(pool.acquire());
    await clock.advanceAsync(199);
    expect(got.settled).toBe(false);
    await clock.advanceAsync(1);
    expect(got.value).not.toBe(a);
    expect(made.destroyed).toEqual([a]);
    expect(errors[0]).toMatchObject({
      code: 'POOL_VALIDATE_TIMEOUT',
      message: 'validate timed out after 200 ms',
    });
    await pool.release(got.value!);
    await pool.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a throwing or non-boolean validate fails the resource', async () => {
    const verdicts: (() => unknown)[] = [
      () => {
        throw new Error('nope');
      },
      () => 'yes',
      () => true,
    ];
    const { pool, made } = setup({
      max: 3,
      validate: () => verdicts.shift()!() as boolean,
    });
    const all = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    for (const resource of all) await pool.release(resource);
    const got = await pool.acquire();
    expect(got).toBe(all[0]);
    expect(made.destroyed).toEqual([all[2], all[1]]);
  });
});
