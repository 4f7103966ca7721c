import {
  createManualClock,
  isInvalidArgumentError,
  isInvalidOptionError,
} from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CacheStore,
  cached,
  cachedResult,
  cacheOf,
  errorHandled,
  performanceTracked,
  WeakValueCache,
} from '../src/index.js';
import { deferred } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

class Repo {
  calls = 0;
  gate = deferred<void>();
  open = true;

  @cachedResult({ ttlMs: 1_000, maxSize: 3 })
  async load(id: string): Promise<string> {
    this.calls++;
    if (!this.open) await this.gate.promise;
    return `value of ${id}`;
  }

  @cachedResult()
  square(n: number): number {
    this.calls++;
    return n * n;
  }

  @cachedResult()
  nothing(): undefined {
    this.calls++;
    return undefined;
  }

  @cachedResult()
  async flaky(id: string): Promise<string> {
    this.calls++;
    if (this.calls === 1) throw new Error(`first load of ${id} fails`);
    return id;
  }

  @cachedResult()
  explode(): number {
    this.calls++;
    throw new Error('no');
  }
}

describe('cachedResult', () => {
  it('runs the method once for 1,000 concurrent calls of one key', async () => {
    const repo = new Repo();
    repo.open = false;
    const calls = Array.from({ length: 1_000 }, () => repo.load('a'));
    expect(new Set(calls).size).toBe(1);
    repo.gate.resolve();
    const values = await Promise.all(calls);
    expect(repo.calls).toBe(1);
    expect(new Set(values)).toEqual(new Set(['value of a']));
  });

  it('serves later calls from the cache and keys by argument', async () => {
    const repo = new Repo();
    expect(await repo.load('a')).toBe('value of a');
    expect(await repo.load('a')).toBe('value of a');
    expect(await repo.load('b')).toBe('value of b');
    expect(repo.calls).toBe(2);
  });

  it('keeps synchronous methods synchronous, undefined results included', () => {
    const repo = new Repo();
    expect(repo.square(3)).toBe(9);
    expect(repo.square(3)).toBe(9);
    expect(repo.nothing()).toBeUndefined();
    expect(repo.nothing()).toBeUndefined();
    expect(repo.calls).toBe(2);
    expect(cacheOf(repo, 'nothing').has()).toBe(true);
  });

  it('never serves a rejection: the next call runs again', async () => {
    const repo = new Repo();
    await expect(repo.flaky('x')).rejects.toThrow('first load of x fails');
    expect(cacheOf(repo, 'flaky').size).toBe(0);
    expect(await repo.flaky('x')).toBe('x');
    expect(await repo.flaky('x')).toBe('x');
    expect(repo.calls).toBe(2);
  });

  it('caches nothing when the method throws', () => {
    const repo = new Repo();
    expect(() => repo.explode()).toThrow('no');
    expect(() => repo.explode()).toThrow('no');
    expect(repo.calls).toBe(2);
  });

  it('keeps a rejection with cacheRejections', async () => {
    let calls = 0;
    class Sticky {
      @cachedResult({ cacheRejections: true })
      async fail(): Promise<never> {
        calls++;
        throw new Error('down');
      }
    }
    const sticky = new Sticky();
    await expect(sticky.fail()).rejects.toThrow('down');
    await expect(sticky.fail()).rejects.toThrow('down');
    expect(calls).toBe(1);
  });

  it('expires results after ttlMs (fake timers)', async () => {
    vi.useFakeTimers();
    const repo = new Repo();
    await repo.load('a');
    vi.advanceTimersByTime(1_000);
    await repo.load('a');
    expect(repo.calls).toBe(1);
    vi.advanceTimersByTime(1);
    await repo.load('a');
    expect(repo.calls).toBe(2);
  });

  it('expires results on an injected clock', () => {
    const clock = createManualClock();
    let calls = 0;
    const twice = cached((n: number) => ++calls * 0 + n * 2, { ttlMs: 50, clock });
    twice(1);
    clock.advance(50);
    twice(1);
    expect(calls).toBe(1);
    clock.advance(1);
    twice(1);
    expect(calls).toBe(2);
  });

  it('evicts the least recently used result past maxSize', async () => {
    const repo = new Repo();
    for (const id of ['a', 'b', 'c']) await repo.load(id);
    await repo.load('a'); // a is now the most recently used
    await repo.load('d'); // evicts b
    expect(cacheOf(repo, 'load').size).toBe(3);
    expect(cacheOf(repo, 'load').has('b')).toBe(false);
    expect(cacheOf(repo, 'load').has('a')).toBe(true);
  });

  it('keeps one cache per instance', async () => {
    const first = new Repo();
    const second = new Repo();
    await first.load('a');
    await second.load('a');
    expect(first.calls).toBe(1);
    expect(second.calls).toBe(1);
    cacheOf(first, 'load').clear();
    expect(cacheOf(second, 'load').has('a')).toBe(true);
  });

  it('caches static methods on the class', () => {
    let calls = 0;
    // biome-ignore lint/complexity/noStaticOnlyClass: static methods are what this test decorates.
    class Config {
      @cachedResult()
      static read(name: string): string {
        calls++;
        return name.toUpperCase();
      }
    }
    expect(Config.read('x')).toBe('X');
    expect(Config.read('x')).toBe('X');
    expect(calls).toBe(1);
    expect(cacheOf(Config, 'read').invalidate('x')).toBe(true);
    expect(Config.read('x')).toBe('X');
    expect(calls).toBe(2);
  });

  it('invalidates one result, or clears them all, through cacheOf', async () => {
    const repo = new Repo();
    await repo.load('a');
    await repo.load('b');
    const handle = cacheOf(repo, 'load');
    expect(handle.invalidate('a')).toBe(true);
    expect(handle.invalidate('a')).toBe(false);
    await repo.load('a');
    expect(repo.calls).toBe(3);
    handle.clear();
    expect(handle.size).toBe(0);
  });

  it('reports an empty cache for an instance that never called the method', () => {
    const handle = cacheOf(new Repo(), 'load');
    expect(handle.size).toBe(0);
    expect(handle.has('a')).toBe(false);
    expect(handle.invalidate('a')).toBe(false);
    expect(() => handle.clear()).not.toThrow();
  });

  it('finds the cache under other decorators of this package', () => {
    class Stacked {
      calls = 0;
      @errorHandled()
      @performanceTracked()
      @cachedResult()
      value(n: number): number {
        this.calls++;
        return n;
      }
    }
    const stacked = new Stacked();
    stacked.value(1);
    stacked.value(1);
    expect(stacked.calls).toBe(1);
    expect(cacheOf(stacked, 'value').invalidate(1)).toBe(true);
  });

  it('refuses cacheOf on a method without @cachedResult', () => {
    class Plain {
      @performanceTracked()
      run(): number {
        return 1;
      }
    }
    const error = (() => {
      try {
        cacheOf(new Plain(), 'run');
      } catch (caught) {
        return caught;
      }
    })();
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(String(error)).toContain(
      '`method` must be the name of a method decorated with `@cachedResult`, got "run"',
    );
    expect(() => cacheOf(() => 1)).toThrow('`fn` must be a function made by `cached()`');
  });

  it('uses the key option, called with the instance as this', async () => {
    class Search {
      prefix = 'p';
      calls = 0;
      @cachedResult({
        key(this: Search, query: { text: string; page: number }) {
          return `${this.prefix}:${query.text}`;
        },
      })
      async find(query: { text: string; page: number }): Promise<number> {
        this.calls++;
        return query.page;
      }
    }
    const search = new Search();
    expect(await search.find({ text: 'a', page: 1 })).toBe(1);
    expect(await search.find({ text: 'a', page: 2 })).toBe(1);
    expect(search.calls).toBe(1);
    expect(cacheOf(search, 'find').has({ text: 'a', page: 9 })).toBe(true);
  });

  it('keys plain objects and arrays by value by default', () => {
    let calls = 0;
    const sum = cached((numbers: number[], options: { scale: number; offset?: number }) => {
      calls++;
      return numbers.reduce((a, b) => a + b, 0) * options.scale + (options.offset ?? 0);
    });
    expect(sum([1, 2], { scale: 2, offset: 1 })).toBe(7);
    expect(sum([1, 2], { offset: 1, scale: 2 })).toBe(7);
    expect(sum([2, 1], { scale: 2, offset: 1 })).toBe(7);
    expect(calls).toBe(2);
  });

  it('refuses arguments it cannot key by value, naming the argument', () => {
    const fn = cached((_a: number, _b: unknown) => 1);
    expect(() => fn(1, new Map())).toThrow(
      'cannot derive a cache key from argument 1 (an instance of Map): only primitives, arrays, Dates and plain objects are keyed by value; pass a `key` option to `cachedResult`',
    );
  });

  it('uses a store of your own, one per instance', async () => {
    const stores: Map<unknown, unknown>[] = [];
    const makeStore = (): CacheStore => {
      const map = new Map<unknown, unknown>();
      stores.push(map);
      return map;
    };
    class Big {
      @cachedResult({ store: makeStore })
      async blob(size: number): Promise<{ size: number }> {
        return { size };
      }
    }
    const a = new Big();
    const b = new Big();
    await a.blob(1);
    await a.blob(2);
    await b.blob(1);
    expect(stores.map((store) => store.size)).toEqual([2, 1]);
  });

  it('uses a WeakValueCache as its store', async () => {
    class Big {
      calls = 0;
      @cachedResult({ store: () => new WeakValueCache() })
      async blob(size: number): Promise<{ size: number }> {
        this.calls++;
        return { size };
      }
    }
    const big = new Big();
    const first = await big.blob(1);
    const second = await big.blob(1);
    expect(second).toBe(first);
    expect(big.calls).toBe(1);
  });

  it.each([
    [{ ttlMs: 0 }, '`ttlMs` must be an integer ≥ 1 or Infinity, got 0'],
    [{ ttlMs: 1.5 }, '`ttlMs` must be an integer ≥ 1 or Infinity, got 1.5'],
    [{ maxSize: 0 }, '`maxSize` must be an integer ≥ 1, got 0'],
    [{ cacheRejections: 'yes' }, '`cacheRejections` must be a boolean, got "yes" (a string)'],
    [{ key: 'id' }, '`key` must be a function, got "id" (a string)'],
    [{ store: new Map() }, '`store` must be a function, got an instance of Map'],
    [
      { store: () => new Map(), ttlMs: 5 },
      '`ttlMs` must be left out when `store` is given (configure the store instead), got 5',
    ],
  ])('validates options at once: %j', (options, message) => {
    let error: unknown;
    try {
      cachedResult(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidOptionError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
  });

  it('refuses a store factory that returns something else, at the first call', () => {
    const fn = cached(() => 1, { store: () => ({}) as CacheStore });
    expect(() => fn()).toThrow('`store` must be a function returning a CacheStore');
  });

  it('accepts Infinity as ttlMs', () => {
    vi.useFakeTimers();
    let calls = 0;
    const fn = cached(() => ++calls, { ttlMs: Infinity });
    fn();
    vi.advanceTimersByTime(1e9);
    fn();
    expect(calls).toBe(1);
  });
});

describe('cached (function form)', () => {
  it('keeps one cache for the function, whatever this is', () => {
    let calls = 0;
    const double = cached(function (this: unknown, n: number) {
      calls++;
      return n * 2;
    });
    expect(double.call({}, 2)).toBe(4);
    expect(double.call({}, 2)).toBe(4);
    expect(calls).toBe(1);
    expect(cacheOf(double).size).toBe(1);
    expect(cacheOf(double).invalidate(2)).toBe(true);
    expect(double.name).toBe('');
  });

  it('keeps the name and length of the function', () => {
    function lookup(host: string, port: number): string {
      return `${host}:${port}`;
    }
    const fast = cached(lookup);
    expect(fast.name).toBe('lookup');
    expect(fast.length).toBe(2);
  });

  it('refuses a non-function', () => {
    expect(() => cached(5 as never)).toThrow('`fn` must be a function, got 5');
  });
});
