import {
  createManualClock,
  isInvalidOptionError,
  isPluginExecutionError,
  isPluginTimeoutError,
  isThrownValueError,
  type Logger,
  PluginTimeoutError,
  type Task,
  type TaskResult,
} from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { asyncPluginMethod, errorHandled, handled } from '../src/index.js';
import { recordingLogger } from './helpers.js';

const task = { id: 't-1', type: 'sum', params: { n: 2 } } as unknown as Task<{ n: number }>;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('errorHandled', () => {
  it('wraps an unknown error in PluginExecutionError with cause, logs it, and rethrows', async () => {
    const logger = recordingLogger();
    const cause = new Error('disk full');
    class Store {
      readonly pluginId = 'store';
      readonly logger: Logger = logger;
      @errorHandled()
      async save(_task: Task<{ n: number }>): Promise<void> {
        throw cause;
      }
    }
    const error = await rejection(new Store().save(task));
    expect(isPluginExecutionError(error)).toBe(true);
    expect((error as Error).message).toBe('Store.save failed: disk full');
    expect((error as Error).cause).toBe(cause);
    expect(error).toMatchObject({ pluginId: 'store', taskId: 't-1', code: 'PLUGIN_EXECUTION' });
    expect(logger.lines).toEqual([
      {
        level: 'error',
        fields: { err: error, method: 'Store.save' },
        message: 'Store.save failed',
      },
    ]);
  });

  it('passes a PluginError through unchanged', async () => {
    const timeout = new PluginTimeoutError('too slow', { timeoutMs: 5 });
    class Passing {
      @errorHandled({ logErrors: false })
      async run(): Promise<void> {
        throw timeout;
      }
    }
    expect(await rejection(new Passing().run())).toBe(timeout);
  });

  it('keeps synchronous methods synchronous and describes thrown non-errors', () => {
    class Sync {
      @errorHandled({ logErrors: false })
      parse(text: string): number {
        if (text === '') throw 'empty input';
        return Number(text);
      }
    }
    const sync = new Sync();
    expect(sync.parse('4')).toBe(4);
    let error: unknown;
    try {
      sync.parse('');
    } catch (caught) {
      error = caught;
    }
    expect(isPluginExecutionError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Sync.parse failed: A non-Error value was thrown: "empty input" (a string)',
    );
    expect(isThrownValueError((error as Error).cause)).toBe(true);
  });

  it('returns undefined with suppressErrors, after logging', async () => {
    const logger = recordingLogger();
    class Optional {
      @errorHandled({ suppressErrors: true, logger })
      async find(id: string): Promise<string | undefined> {
        throw new Error(`no ${id}`);
      }
      @errorHandled({ suppressErrors: true, logger })
      findSync(id: string): string | undefined {
        throw new Error(`no ${id}`);
      }
    }
    const optional = new Optional();
    await expect(optional.find('a')).resolves.toBeUndefined();
    expect(optional.findSync('b')).toBeUndefined();
    expect(logger.lines.map((line) => line.level)).toEqual(['error', 'error']);
  });

  it('turns a failure into a failed TaskResult with toResult', async () => {
    const clock = createManualClock();
    class Worker {
      readonly pluginId = 'worker';
      @errorHandled({ toResult: true, logErrors: false, clock })
      async handle(t: Task<{ n: number }>): Promise<TaskResult<number>> {
        clock.advance(7);
        throw new Error(`cannot sum ${t.params.n}`);
      }
      @errorHandled({ toResult: true, logErrors: false, clock })
      handleSync(t: Task<{ n: number }>): TaskResult<number> {
        return { success: true, pluginId: 'worker', taskId: t.id, data: 1, executionTimeMs: 0 };
      }
    }
    const result = await new Worker().handle(task);
    expect(result).toMatchObject({
      success: false,
      pluginId: 'worker',
      taskId: 't-1',
      executionTimeMs: 7,
    });
    expect(result.success === false && result.error.message).toBe(
      'Worker.handle failed: cannot sum 2',
    );
    expect(new Worker().handleSync(task).success).toBe(true);
  });

  it('names the class when the instance has no pluginId and the call no task', () => {
    class Anonymous {
      @errorHandled({ toResult: true, logErrors: false })
      run(): TaskResult {
        throw new Error('x');
      }
    }
    expect(new Anonymous().run()).toMatchObject({
      success: false,
      pluginId: 'Anonymous',
      taskId: '',
    });
  });

  it('uses the pluginId option over the instance', async () => {
    class Named {
      readonly pluginId = 'own';
      @errorHandled({ pluginId: 'given', logErrors: false })
      async run(): Promise<void> {
        throw new Error('x');
      }
    }
    expect(await rejection(new Named().run())).toMatchObject({ pluginId: 'given' });
  });

  it.each([
    [{ logErrors: 1 }, '`logErrors` must be a boolean, got 1'],
    [
      { suppressErrors: true, toResult: true },
      '`toResult` must be false when `suppressErrors` is set (choose one), got true',
    ],
    [{ pluginId: '' }, '`pluginId` must be a non-empty string, got "" (a string)'],
    [
      { logger: console.log },
      '`logger` must be a Logger (debug, info, warn, error, child), got a function log',
    ],
  ])('validates options at once: %j', (options, message) => {
    let error: unknown;
    try {
      errorHandled(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidOptionError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
  });
});

describe('stacking: @errorHandled outside @asyncPluginMethod', () => {
  it('turns the deadline into a failed TaskResult', async () => {
    const clock = createManualClock();
    const logger = recordingLogger();
    class Worker {
      readonly pluginId = 'worker';
      readonly logger = logger;
      @errorHandled({ toResult: true, clock })
      @asyncPluginMethod({ timeoutMs: 25, clock })
      async handle(t: Task): Promise<TaskResult<string>> {
        await new Promise<void>(() => {});
        return {
          success: true,
          pluginId: 'worker',
          taskId: t.id,
          data: 'never',
          executionTimeMs: 0,
        };
      }
    }
    const pending = new Worker().handle(task);
    await clock.advanceAsync(25);
    const result = await pending;
    expect(result.success).toBe(false);
    expect(result.success === false && isPluginTimeoutError(result.error)).toBe(true);
    expect(result.executionTimeMs).toBe(25);
    expect(logger.lines[0]?.message).toBe('Worker.handle failed');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('the other way round, the timeout escapes errorHandled', async () => {
    const clock = createManualClock();
    class Worker {
      @asyncPluginMethod({ timeoutMs: 25, clock })
      @errorHandled({ suppressErrors: true, logErrors: false })
      async handle(): Promise<string | undefined> {
        await new Promise<void>(() => {});
        return 'never';
      }
    }
    const pending = rejection(new Worker().handle());
    await clock.advanceAsync(25);
    expect(isPluginTimeoutError(await pending)).toBe(true);
  });
});

describe('handled (function form)', () => {
  it('rethrows wrapped errors by default', () => {
    const parse = handled(
      function parseJson(text: string): unknown {
        return JSON.parse(text);
      },
      { logErrors: false },
    );
    expect(parse('[1]')).toEqual([1]);
    expect(() => parse('{')).toThrow(/^parseJson failed: /);
  });

  it('returns undefined with suppressErrors', async () => {
    const load = handled(async (_id: string): Promise<number> => Promise.reject(new Error('x')), {
      suppressErrors: true,
      logErrors: false,
    });
    await expect(load('a')).resolves.toBeUndefined();
  });

  it('returns a failed TaskResult with toResult, naming the function', () => {
    const run = handled(
      function runTask(t: Task): TaskResult<number> {
        throw new Error(`bad ${t.id}`);
      },
      { toResult: true, logErrors: false },
    );
    expect(run(task)).toMatchObject({ success: false, pluginId: 'runTask', taskId: 't-1' });
    const anonymous = handled(
      (): TaskResult => {
        throw new Error('x');
      },
      { toResult: true, logErrors: false },
    );
    expect(anonymous()).toMatchObject({ pluginId: 'anonymous' });
  });

  it('refuses a non-function', () => {
    expect(() => handled(null as never)).toThrow('`fn` must be a function, got null');
  });
});
