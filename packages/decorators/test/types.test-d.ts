import type { Policy, Task, TaskResult } from '@leanvibe/core/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import {
  asyncPluginMethod,
  type CacheHandle,
  cached,
  cachedResult,
  cacheOf,
  errorHandled,
  handled,
  performanceTracked,
  tracked,
  withPolicy,
  withTimeout,
} from '../src/index.js';

declare const policy: Policy;

class Service {
  @performanceTracked()
  @cachedResult()
  async load(id: string, page: number): Promise<{ id: string; page: number }> {
    return { id, page };
  }

  @performanceTracked()
  count(items: readonly string[]): number {
    return items.length;
  }

  @errorHandled()
  @withPolicy(policy)
  @asyncPluginMethod({ timeoutMs: 1_000 })
  async fetch(url: URL): Promise<string> {
    return url.href;
  }

  @errorHandled({ suppressErrors: true })
  async find(id: string): Promise<string | undefined> {
    return id;
  }

  @errorHandled({ suppressErrors: true })
  findSync(id: string): string | undefined {
    return id;
  }

  @errorHandled({ toResult: true })
  async handle(task: Task<{ n: number }>): Promise<TaskResult<number>> {
    return {
      success: true,
      pluginId: 'p',
      taskId: task.id,
      data: task.params.n,
      executionTimeMs: 0,
    };
  }

  @cachedResult({ key: (id: string) => id })
  async byId(id: string): Promise<number> {
    return id.length;
  }
}

describe('decorated methods keep their types', () => {
  it('keeps parameters and results', () => {
    expectTypeOf<Service['load']>().parameters.toEqualTypeOf<[id: string, page: number]>();
    expectTypeOf<Service['load']>().returns.toEqualTypeOf<Promise<{ id: string; page: number }>>();
    expectTypeOf<Service['count']>().toEqualTypeOf<(items: readonly string[]) => number>();
    expectTypeOf<Service['fetch']>().toEqualTypeOf<(url: URL) => Promise<string>>();
    expectTypeOf<Service['find']>().returns.toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf<Service['handle']>().returns.toEqualTypeOf<Promise<TaskResult<number>>>();
  });

  it('types cacheOf by the method parameters', () => {
    const service = new Service();
    expectTypeOf(cacheOf(service, 'load')).toEqualTypeOf<CacheHandle<[id: string, page: number]>>();
    // @ts-expect-error `page` is missing
    cacheOf(service, 'load').invalidate('a');
    // @ts-expect-error not a method
    cacheOf({ value: 1 }, 'value');
  });
});

describe('refusals', () => {
  it('refuses suppressErrors on a method whose result excludes undefined', () => {
    class Refused {
      // @ts-expect-error suppressErrors would make this return undefined
      @errorHandled({ suppressErrors: true })
      async value(): Promise<number> {
        return 1;
      }

      // @ts-expect-error the same for a synchronous method
      @errorHandled({ suppressErrors: true })
      valueSync(): number {
        return 1;
      }
    }
    expectTypeOf<Refused>().toBeObject();
  });

  it('refuses toResult on a method that does not return a TaskResult', () => {
    class Refused {
      // @ts-expect-error toResult needs a TaskResult
      @errorHandled({ toResult: true })
      async value(): Promise<number> {
        return 1;
      }
    }
    expectTypeOf<Refused>().toBeObject();
  });

  it('refuses asyncPluginMethod and withPolicy on synchronous methods', () => {
    class Refused {
      // @ts-expect-error a deadline needs a promise
      @asyncPluginMethod({ timeoutMs: 5 })
      value(): number {
        return 1;
      }

      // @ts-expect-error a policy always returns a promise
      @withPolicy(policy)
      other(): number {
        return 1;
      }
    }
    expectTypeOf<Refused>().toBeObject();
  });

  it('refuses a cache key whose parameters do not fit the method', () => {
    class Refused {
      // @ts-expect-error the key takes a number, the method a string
      @cachedResult({ key: (n: number) => n })
      async value(id: string): Promise<string> {
        return id;
      }
    }
    expectTypeOf<Refused>().toBeObject();
  });
});

describe('function forms', () => {
  it('keep or state their types', () => {
    const parse = (text: string, radix: number): number => Number.parseInt(text, radix);
    expectTypeOf(tracked(parse)).toEqualTypeOf(parse);
    expectTypeOf(cached(parse)).toEqualTypeOf(parse);
    expectTypeOf(withTimeout(parse)).toEqualTypeOf<
      (text: string, radix: number) => Promise<number>
    >();
    expectTypeOf(withPolicy(policy)(parse)).toEqualTypeOf<
      (text: string, radix: number) => Promise<number>
    >();
    expectTypeOf(handled(parse)).toEqualTypeOf<(text: string, radix: number) => number>();
    expectTypeOf(handled(parse, { suppressErrors: true })).toEqualTypeOf<
      (text: string, radix: number) => number | undefined
    >();
    const load = async (id: string): Promise<number> => id.length;
    expectTypeOf(handled(load, { suppressErrors: true })).toEqualTypeOf<
      (id: string) => Promise<number | undefined>
    >();
    expectTypeOf(cacheOf(load)).toEqualTypeOf<CacheHandle<[id: string]>>();
    // @ts-expect-error toResult needs a TaskResult
    handled(load, { toResult: true });
  });
});
