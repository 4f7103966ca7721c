import { setImmediate } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createManualClock, isInvalidArgumentError } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { WeakValueCache } from '../src/index.js';
import { deferred } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function collect(until: () => boolean): Promise<void> {
  for (let round = 0; round < 20 && !until(); round++) {
    gc();
    await setImmediate();
  }
}

describe('WeakValueCache', () => {
  it('holds a value while something else does', () => {
    const cache = new WeakValueCache<string, { n: number }>();
    const value = { n: 1 };
    cache.set('a', value);
    expect(cache.get('a')).toBe(value);
    expect(cache.has('a')).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('lets the garbage collector reclaim a value nobody holds, and drops its key', async () => {
    const cache = new WeakValueCache<string, object>();
    (() => {
      cache.set('big', new Uint8Array(1024 * 1024));
    })();
    await collect(() => cache.size === 0);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds a pending promise strongly, then its value weakly, handing out promises of it', async () => {
    const cache = new WeakValueCache<string, Promise<{ n: number }>>();
    const pending = deferred<{ n: number }>();
    cache.set('a', pending.promise);
    expect(cache.get('a')).toBe(pending.promise);
    const value = { n: 2 };
    pending.resolve(value);
    await pending.promise;
    await setImmediate();
    const later = cache.get('a');
    expect(later).toBeInstanceOf(Promise);
    expect(later).not.toBe(pending.promise);
    expect(await later).toBe(value);
  });

  it('drops a rejected promise, and one fulfilled with a primitive', async () => {
    const cache = new WeakValueCache<string, Promise<unknown>>();
    const failing = Promise.reject(new Error('x'));
    cache.set('bad', failing);
    await failing.catch(() => {});
    await setImmediate();
    expect(cache.has('bad')).toBe(false);
    cache.set('primitive', Promise.resolve(5));
    await setImmediate();
    expect(cache.has('primitive')).toBe(false);
  });

  it('ignores a settled promise that was replaced meanwhile', async () => {
    const cache = new WeakValueCache<string, object>();
    const first = deferred<object>();
    cache.set('a', first.promise);
    const replacement = { n: 3 };
    cache.set('a', replacement);
    first.resolve({ n: 1 });
    await setImmediate();
    expect(cache.get('a')).toBe(replacement);
  });

  it('expires entries after ttlMs', () => {
    const clock = createManualClock();
    const cache = new WeakValueCache<string, object>({ ttlMs: 100, clock });
    const value = {};
    cache.set('a', value);
    clock.advance(100);
    expect(cache.get('a')).toBe(value);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('deletes and clears', () => {
    const cache = new WeakValueCache<string, object>();
    const keep = [{}, {}];
    cache.set('a', keep[0] as object).set('b', keep[1] as object);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('refuses primitive values', () => {
    const cache = new WeakValueCache();
    let error: unknown;
    try {
      cache.set('a', 5 as never);
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidArgumentError(error)).toBe(true);
    expect((error as Error).message).toBe(
      '`value` must be an object (WeakValueCache holds values weakly), got 5',
    );
  });

  it('validates options', () => {
    expect(() => new WeakValueCache({ ttlMs: -1 })).toThrow(
      '`ttlMs` must be an integer ≥ 1 or Infinity, got -1',
    );
  });
});
