import { describe, expect, it, vi } from 'vitest';
import { type AsyncCacheStore, cached, cachedResult } from '../src/index.js';

function memoryAsyncStore(): AsyncCacheStore & { entries: Map<string, [unknown, unknown]> } {
  const entries = new Map<string, [unknown, unknown]>();
  return {
    entries,
    get: async (key) => entries.get(key)?.[0],
    set: async (key, value, ttlMs) => {
      entries.set(key, [value, ttlMs]);
    },
    delete: async (key) => entries.delete(key),
  };
}

describe('cachedResult with an asyncStore', () => {
  it('shares one call among concurrent callers and serves later calls from the store', async () => {
    const store = memoryAsyncStore();
    const load = vi.fn(async (id: string) => ({ id }));
    class Users {
      @cachedResult({ asyncStore: store, ttlMs: 5_000 })
      byId(id: string) {
        return load(id);
      }
    }
    const users = new Users();
    const [a, b] = await Promise.all([users.byId('u1'), users.byId('u1')]);
    expect(a).toEqual({ id: 'u1' });
    expect(b).toBe(a);
    expect(load).toHaveBeenCalledTimes(1);
    expect(store.entries.get('byId:u1')).toEqual([{ id: 'u1' }, 5_000]);
    expect(await new Users().byId('u1')).toEqual({ id: 'u1' });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never stores a rejection, nor undefined, and keys numbers apart from strings', async () => {
    const store = memoryAsyncStore();
    let fail = true;
    const fn = cached(
      async (n: number | string) => {
        if (fail) throw new Error('down');
        return n === 0 ? undefined : `v${n}`;
      },
      { asyncStore: store },
    );
    await expect(fn(1)).rejects.toThrow('down');
    expect(store.entries.size).toBe(0);
    fail = false;
    expect(await fn(1)).toBe('v1');
    expect(await fn('1')).toBe('v1');
    expect(await fn(0)).toBeUndefined();
    expect([...store.entries.keys()].sort()).toEqual(['anonymous:1', 'anonymous:number:1']);
    expect(store.entries.get('anonymous:number:1')?.[1]).toBeUndefined();
  });

  it('reads a failing get as a miss and rejects on a failing set unless onStoreError is given', async () => {
    const refusal = new Error('cannot keep it');
    const store: AsyncCacheStore = {
      get: () => Promise.reject(new Error('no store')),
      set: () => Promise.reject(refusal),
      delete: async () => true,
    };
    const strict = cached(async () => 'v', { asyncStore: store });
    await expect(strict()).rejects.toBe(refusal);
    const errors: unknown[] = [];
    const lenient = cached(async () => 'v', {
      asyncStore: store,
      onStoreError: (error) => errors.push(error),
    });
    expect(await lenient()).toBe('v');
    expect(errors).toHaveLength(2);
    const objectKey = cached(async (_o: object) => 'v', { asyncStore: store, key: (o) => o });
    await expect(objectKey({})).rejects.toThrow('`key` must be a string, number, boolean or null');
  });

  it('refuses options that do not apply and a malformed store', () => {
    const store = memoryAsyncStore();
    expect(() => cached(async () => 1, { asyncStore: store, maxSize: 3 })).toThrow(
      '`maxSize` must be left out when `asyncStore` is given',
    );
    expect(() => cached(async () => 1, { asyncStore: {} as never })).toThrow(
      '`asyncStore` must be an AsyncCacheStore',
    );
  });
});
