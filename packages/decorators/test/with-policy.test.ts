import {
  createManualClock,
  isInvalidArgumentError,
  isPluginTimeoutError,
  PluginTimeoutError,
  type Policy,
  type PolicyContext,
} from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { asyncPluginMethod, currentSignal, withPolicy } from '../src/index.js';

/** A small retry policy: up to `attempts` attempts, each with its own signal. */
function retryPolicy(attempts: number, log: PolicyContext[] = []): Policy {
  return {
    async execute<T>(
      fn: (context: PolicyContext) => T | Promise<T>,
      options?: { signal?: AbortSignal },
    ): Promise<T> {
      let lastError: unknown;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const controller = new AbortController();
        options?.signal?.addEventListener('abort', () => controller.abort(options.signal?.reason));
        const context = { signal: controller.signal, attempt };
        log.push(context);
        try {
          return await fn(context);
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    },
  };
}

describe('withPolicy', () => {
  it('runs a method through the policy, retrying it', async () => {
    const contexts: PolicyContext[] = [];
    class Client {
      calls = 0;
      @withPolicy(retryPolicy(3, contexts))
      async get(path: string): Promise<string> {
        this.calls++;
        if (this.calls < 3) throw new Error(`attempt ${this.calls} failed`);
        return `got ${path}`;
      }
    }
    const client = new Client();
    await expect(client.get('/x')).resolves.toBe('got /x');
    expect(client.calls).toBe(3);
    expect(contexts.map((context) => context.attempt)).toEqual([1, 2, 3]);
  });

  it('rethrows the last error unwrapped', async () => {
    class Client {
      @withPolicy(retryPolicy(2))
      async get(): Promise<string> {
        throw new Error('always');
      }
    }
    await expect(new Client().get()).rejects.toThrow('always');
  });

  it('exposes the attempt signal as currentSignal()', async () => {
    const contexts: PolicyContext[] = [];
    const seen: AbortSignal[] = [];
    class Client {
      @withPolicy(retryPolicy(1, contexts))
      async get(): Promise<void> {
        await Promise.resolve();
        seen.push(currentSignal());
      }
    }
    await new Client().get();
    expect(seen[0]).toBe(contexts[0]?.signal);
  });

  it('hands an enclosing deadline to the policy as its signal', async () => {
    const clock = createManualClock();
    const contexts: PolicyContext[] = [];
    class Client {
      @asyncPluginMethod({ timeoutMs: 30, clock })
      @withPolicy(retryPolicy(1, contexts))
      async get(): Promise<void> {
        await new Promise<void>(() => {});
      }
    }
    const pending = new Client().get().catch((error: unknown) => error);
    await clock.advanceAsync(30);
    const error = await pending;
    expect(isPluginTimeoutError(error)).toBe(true);
    expect(contexts[0]?.signal.aborted).toBe(true);
    expect(contexts[0]?.signal.reason).toBe(error);
  });

  it('with @withPolicy outside @asyncPluginMethod, each attempt gets its own deadline', async () => {
    const clock = createManualClock();
    class Client {
      calls = 0;
      @withPolicy(retryPolicy(2))
      @asyncPluginMethod({ timeoutMs: 30, clock })
      async get(): Promise<string> {
        this.calls++;
        if (this.calls === 1) await new Promise<void>(() => {});
        return 'second attempt';
      }
    }
    const client = new Client();
    const pending = client.get();
    await clock.advanceAsync(30);
    await expect(pending).resolves.toBe('second attempt');
    expect(client.calls).toBe(2);
  });

  it('is a function form when called with a function', async () => {
    const policy = retryPolicy(2);
    let calls = 0;
    const flaky = withPolicy(policy)(async function doubleLater(n: number): Promise<number> {
      calls++;
      if (calls === 1) throw new PluginTimeoutError('slow', { timeoutMs: 1 });
      return n * 2;
    });
    expect(flaky.name).toBe('doubleLater');
    await expect(flaky(2)).resolves.toBe(4);
    const sync = withPolicy(policy)((a: string) => a.toUpperCase());
    await expect(sync('a')).resolves.toBe('A');
  });

  it('refuses something that is not a policy', () => {
    let error: unknown;
    try {
      withPolicy({} as Policy);
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidArgumentError(error)).toBe(true);
    expect((error as Error).message).toBe(
      '`policy` must be a Policy (an object with execute(fn, options)), got an object',
    );
  });
});
