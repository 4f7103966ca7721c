import {
  createManualClock,
  isInvalidOptionError,
  isPluginTimeoutError,
  type PluginTimeoutError,
} from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asyncPluginMethod, currentSignal, withTimeout } from '../src/index.js';
import { deferred } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('asyncPluginMethod', () => {
  it('rejects with PluginTimeoutError naming the method and budget, even if the method ignores the signal', async () => {
    vi.useFakeTimers();
    class Slow {
      readonly pluginId = 'slow-plugin';
      @asyncPluginMethod({ timeoutMs: 100 })
      async wait(): Promise<string> {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return 'late';
      }
    }
    const call = rejection(new Slow().wait());
    await vi.advanceTimersByTimeAsync(100);
    const error = (await call) as PluginTimeoutError;
    expect(isPluginTimeoutError(error)).toBe(true);
    expect(error.message).toBe('Slow.wait timed out after 100 ms');
    expect(error.timeoutMs).toBe(100);
    expect(error.operation).toBe('Slow.wait');
    expect(error.pluginId).toBe('slow-plugin');
    await vi.runAllTimersAsync();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts currentSignal() at the deadline with the timeout error as reason', async () => {
    const clock = createManualClock();
    const seen: AbortSignal[] = [];
    class Fetcher {
      @asyncPluginMethod({ timeoutMs: 50, clock })
      async fetch(): Promise<never> {
        const signal = currentSignal();
        seen.push(signal);
        return new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        });
      }
    }
    const call = rejection(new Fetcher().fetch());
    await clock.advanceAsync(50);
    const error = await call;
    expect(isPluginTimeoutError(error)).toBe(true);
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBe(error);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('resolves with the value and clears its timer when the method is in time', async () => {
    const clock = createManualClock();
    class Quick {
      @asyncPluginMethod({ timeoutMs: 50, clock })
      async value(n: number): Promise<number> {
        return n + 1;
      }
    }
    await expect(new Quick().value(1)).resolves.toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('passes the method own rejection through and clears its timer', async () => {
    const clock = createManualClock();
    class Broken {
      @asyncPluginMethod({ timeoutMs: 50, clock })
      async fail(): Promise<never> {
        throw new Error('broken');
      }
      @asyncPluginMethod({ timeoutMs: 50, clock })
      syncFail(): Promise<never> {
        throw new Error('thrown synchronously');
      }
    }
    await expect(new Broken().fail()).rejects.toThrow('broken');
    await expect(new Broken().syncFail()).rejects.toThrow('thrown synchronously');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('gives a signal that is not aborted while in time', async () => {
    class Reader {
      @asyncPluginMethod({ timeoutMs: 1_000 })
      async read(): Promise<boolean> {
        await Promise.resolve();
        return currentSignal().aborted;
      }
    }
    await expect(new Reader().read()).resolves.toBe(false);
  });

  it('never rejects twice: a late rejection after the deadline is swallowed', async () => {
    const clock = createManualClock();
    const gate = deferred<void>();
    class Late {
      @asyncPluginMethod({ timeoutMs: 10, clock })
      async run(): Promise<void> {
        await gate.promise;
        throw new Error('too late');
      }
    }
    const call = rejection(new Late().run());
    await clock.advanceAsync(10);
    expect(isPluginTimeoutError(await call)).toBe(true);
    gate.resolve();
    await clock.flush();
  });

  it('links a nested method signal to its caller', async () => {
    const clock = createManualClock();
    let inner: AbortSignal | undefined;
    class Nested {
      @asyncPluginMethod({ timeoutMs: 100, clock })
      async outer(): Promise<void> {
        await this.inner();
      }
      @asyncPluginMethod({ timeoutMs: 1_000, clock })
      async inner(): Promise<void> {
        inner = currentSignal();
        await new Promise<void>(() => {});
      }
    }
    const call = rejection(new Nested().outer());
    await clock.advanceAsync(100);
    const error = await call;
    expect((error as PluginTimeoutError).operation).toBe('Nested.outer');
    expect(inner?.aborted).toBe(true);
    expect(inner?.reason).toBe(error);
    await clock.advanceAsync(900);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('gives a signal that never aborts outside decorated methods', () => {
    expect(currentSignal().aborted).toBe(false);
    expect(currentSignal()).toBe(currentSignal());
  });

  it('aborts a signal first read after the deadline', async () => {
    const clock = createManualClock();
    const gate = deferred<void>();
    let read: AbortSignal | undefined;
    class Lazy {
      @asyncPluginMethod({ timeoutMs: 10, clock })
      async run(): Promise<void> {
        await gate.promise;
        read = currentSignal();
      }
    }
    const call = rejection(new Lazy().run());
    await clock.advanceAsync(10);
    await call;
    gate.resolve();
    await clock.flush();
    expect(read?.aborted).toBe(true);
    expect(isPluginTimeoutError(read?.reason)).toBe(true);
  });

  it.each([
    [{ timeoutMs: 0 }, '`timeoutMs` must be a finite number between 1 and 2147483647, got 0'],
    [
      { timeoutMs: 2 ** 31 },
      '`timeoutMs` must be a finite number between 1 and 2147483647, got 2147483648',
    ],
    [
      { timeoutMs: Number.NaN },
      '`timeoutMs` must be a finite number between 1 and 2147483647, got NaN',
    ],
    [{ clock: {} }, '`clock` must be a Clock (now, setTimeout, clearTimeout), got an object'],
  ])('validates options at once: %j', (options, message) => {
    let error: unknown;
    try {
      asyncPluginMethod(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidOptionError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
  });

  it('defaults to a 30 s budget', async () => {
    vi.useFakeTimers();
    class Default {
      @asyncPluginMethod()
      async wait(): Promise<void> {
        await new Promise<void>(() => {});
      }
    }
    const call = rejection(new Default().wait());
    await vi.advanceTimersByTimeAsync(29_999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(((await call) as PluginTimeoutError).timeoutMs).toBe(30_000);
  });
});

describe('withTimeout (function form)', () => {
  it('gives a function a deadline and a signal', async () => {
    const clock = createManualClock();
    const load = withTimeout(
      async function loadUser(id: string): Promise<string> {
        const signal = currentSignal();
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
        return id;
      },
      { timeoutMs: 20, clock },
    );
    expect(load.name).toBe('loadUser');
    const call = rejection(load('x'));
    await clock.advanceAsync(20);
    const error = (await call) as PluginTimeoutError;
    expect(error.message).toBe('loadUser timed out after 20 ms');
  });

  it('turns a synchronous function into an asynchronous one', async () => {
    const add = withTimeout((a: number, b: number) => a + b, { timeoutMs: 10 });
    await expect(add(1, 2)).resolves.toBe(3);
  });

  it('refuses a non-function', () => {
    expect(() => withTimeout('x' as never)).toThrow('`fn` must be a function, got "x" (a string)');
  });
});
