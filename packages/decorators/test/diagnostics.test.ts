import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AsyncCacheStore,
  type CacheDiagnosticsMessage,
  cachedResult,
  DECORATORS_DIAGNOSTICS_CHANNELS,
} from '../src/index.js';

const seen: CacheDiagnosticsMessage[] = [];
const listener = (message: unknown) => seen.push(message as CacheDiagnosticsMessage);

afterEach(() => {
  unsubscribe(DECORATORS_DIAGNOSTICS_CHANNELS.cache, listener);
  seen.length = 0;
  expect(channel(DECORATORS_DIAGNOSTICS_CHANNELS.cache).hasSubscribers).toBe(false);
});

function asyncStore(): AsyncCacheStore {
  const entries = new Map<string, unknown>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
    delete: async (key) => entries.delete(key),
  };
}

describe('diagnostics channels', () => {
  it('are named under leanvibe:decorators:', () => {
    expect(DECORATORS_DIAGNOSTICS_CHANNELS).toEqual({ cache: 'leanvibe:decorators:cache' });
    expect(Object.isFrozen(DECORATORS_DIAGNOSTICS_CHANNELS)).toBe(true);
  });

  it('report each hit and miss of a memory cache, and nothing without a subscriber', () => {
    class Prices {
      @cachedResult()
      of(sku: string) {
        return sku.length;
      }
    }
    const prices = new Prices();
    prices.of('a');
    expect(seen).toEqual([]);
    subscribe(DECORATORS_DIAGNOSTICS_CHANNELS.cache, listener);
    prices.of('a');
    prices.of('bb');
    expect(seen).toEqual([
      { method: 'of', outcome: 'hit', store: 'memory' },
      { method: 'of', outcome: 'miss', store: 'memory' },
    ]);
  });

  it('report each hit and miss of an async store, a call in flight counting as a hit', async () => {
    subscribe(DECORATORS_DIAGNOSTICS_CHANNELS.cache, listener);
    class Users {
      @cachedResult({ asyncStore: asyncStore() })
      async byId(id: string) {
        return { id };
      }
    }
    const users = new Users();
    await Promise.all([users.byId('u1'), users.byId('u1')]);
    await users.byId('u1');
    expect(seen).toEqual([
      { method: 'byId', outcome: 'hit', store: 'async' },
      { method: 'byId', outcome: 'miss', store: 'async' },
      { method: 'byId', outcome: 'hit', store: 'async' },
    ]);
  });
});
