import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { consecutive, count, sampling } from '../src/index.js';

describe('count breaker', () => {
  it('opens when the failure share of the last `size` calls reaches the threshold', () => {
    const window = count({ size: 4, threshold: 0.5, minimumCalls: 2 }).create();
    expect(window.failure(0)).toBe(false);
    expect(window.failure(0)).toBe(true);
    window.reset();
    window.success(0);
    window.success(0);
    window.success(0);
    expect(window.failure(0)).toBe(false);
    expect(window.failure(0)).toBe(true);
  });

  it('waits for minimumCalls', () => {
    const window = count({ size: 10, threshold: 0.1 }).create();
    for (let i = 0; i < 9; i++) expect(window.failure(0)).toBe(false);
    expect(window.failure(0)).toBe(true);
  });

  test.prop([fc.array(fc.boolean(), { maxLength: 200 }), fc.integer({ min: 1, max: 20 })])(
    'agrees with a recount of the last `size` outcomes',
    (outcomes, size) => {
      const threshold = 0.5;
      const window = count({ size, threshold, minimumCalls: 1 }).create();
      for (const [i, failed] of outcomes.entries()) {
        if (!failed) {
          window.success(0);
          continue;
        }
        const last = outcomes.slice(Math.max(0, i + 1 - size), i + 1);
        const failures = last.filter(Boolean).length;
        expect(window.failure(0)).toBe(failures >= threshold * last.length);
      }
    },
  );

  it('round-trips its counts', () => {
    const recipe = count({ size: 3, threshold: 1 });
    const a = recipe.create();
    a.success(0);
    a.failure(0);
    a.failure(0);
    a.failure(0);
    const b = recipe.create();
    b.restore(a.toJSON(), 0);
    expect(b.toJSON()).toEqual({ kind: 'count', outcomes: '111' });
    b.restore({ kind: 'consecutive', failures: 3 }, 0);
    expect(b.toJSON()).toEqual({ kind: 'count', outcomes: '111' });
  });

  it('validates options', () => {
    expect(() => count({ size: 0, threshold: 0.5 })).toThrow(
      '`size` must be an integer ≥ 1, got 0',
    );
    expect(() => count({ size: 5, threshold: 0 })).toThrow(
      '`threshold` must be a failure ratio in (0, 1], got 0',
    );
    expect(() => count({ size: 5, threshold: 1.5 })).toThrow(
      '`threshold` must be a finite number between 0 and 1',
    );
    expect(() => count({ size: 5, threshold: 0.5, minimumCalls: 6 })).toThrow(
      '`minimumCalls` must be an integer between 1 and size (5), got 6',
    );
  });
});

describe('sampling breaker', () => {
  it('opens on the failure rate within the window once traffic reaches minimumRps', () => {
    const window = sampling({ windowMs: 1_000, threshold: 0.5, minimumRps: 4 }).create();
    expect(window.failure(0)).toBe(false);
    window.success(100);
    expect(window.failure(200)).toBe(false);
    expect(window.failure(300)).toBe(true);
  });

  it('forgets outcomes older than the window, bucket by bucket', () => {
    const window = sampling({
      windowMs: 1_000,
      threshold: 0.5,
      minimumRps: 2,
      buckets: 10,
    }).create();
    window.failure(0);
    window.success(500);
    window.success(600);
    // at 1050 the failure at 0 has left the window: 1 failure of 3 calls
    expect(window.failure(1_050)).toBe(false);
    expect(window.failure(1_060)).toBe(true);
    // far later everything has left
    expect(window.failure(10_000)).toBe(false);
  });

  test.prop([
    fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), failed: fc.boolean() }), {
      maxLength: 100,
    }),
  ])('agrees with a recount over the buckets still in the window', (events) => {
    const windowMs = 1_000;
    const buckets = 10;
    const bucketMs = windowMs / buckets;
    const window = sampling({ windowMs, threshold: 0.5, minimumRps: 3, buckets }).create();
    const seen: { at: number; failed: boolean }[] = [];
    let now = 0;
    for (const { gap, failed } of events) {
      now += gap;
      seen.push({ at: now, failed });
      const start = seen[0]!.at;
      const bucketOf = (at: number) => Math.floor((at - start) / bucketMs);
      const live = seen.filter((event) => bucketOf(event.at) > bucketOf(now) - buckets);
      const failures = live.filter((event) => event.failed).length;
      if (!failed) {
        window.success(now);
        continue;
      }
      expect(window.failure(now)).toBe(live.length >= 3 && failures >= 0.5 * live.length);
    }
  });

  it('round-trips its buckets', () => {
    const recipe = sampling({ windowMs: 1_000, threshold: 0.5, minimumRps: 3 });
    const a = recipe.create();
    a.failure(0);
    a.failure(150);
    const b = recipe.create();
    b.restore(a.toJSON(), 5_000);
    expect(b.failure(5_010)).toBe(true);
    b.restore({ kind: 'sampling', bucketMs: 1, buckets: [] }, 0);
    expect(b.failure(5_020)).toBe(true);
  });

  it('validates options', () => {
    expect(() => sampling({ windowMs: 0, threshold: 0.5 })).toThrow(
      '`windowMs` must be a finite number ≥ 1, got 0',
    );
    expect(() => sampling({ windowMs: 10, threshold: 0.5, buckets: 0 })).toThrow('`buckets`');
    expect(() => sampling({ windowMs: 10, threshold: 0.5, minimumRps: -1 })).toThrow(
      '`minimumRps`',
    );
  });
});

describe('consecutive breaker', () => {
  it('round-trips and validates', () => {
    const recipe = consecutive(3);
    expect(recipe.description).toBe('consecutive(3)');
    const a = recipe.create();
    a.failure(0);
    a.failure(0);
    const b = recipe.create();
    b.restore(a.toJSON(), 0);
    expect(b.failure(0)).toBe(true);
    expect(() => consecutive(0)).toThrow('`threshold` must be an integer ≥ 1, got 0');
  });
});
