import {
  createManualClock,
  isInvalidOptionError,
  isPluginMemoryError,
  type PluginMemoryError,
} from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PERFORMANCE_METRICS, performanceTracked, tracked } from '../src/index.js';
import { recordingLogger, recordingMetrics } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function heapSequence(...values: number[]): void {
  let index = 0;
  const real = process.memoryUsage();
  vi.spyOn(process, 'memoryUsage').mockImplementation(
    () => ({ ...real, heapUsed: values[index++] ?? 0 }) as NodeJS.MemoryUsage,
  );
}

const MB = 1024 * 1024;

describe('performanceTracked', () => {
  it('records the duration of each call into the instance metrics, in seconds', async () => {
    const clock = createManualClock();
    const metrics = recordingMetrics();
    class Indexer {
      readonly metrics = metrics;
      @performanceTracked({ clock })
      async index(n: number): Promise<number> {
        clock.advance(250);
        return n;
      }
      @performanceTracked({ clock })
      fail(): number {
        clock.advance(5);
        throw new Error('x');
      }
    }
    const indexer = new Indexer();
    await expect(indexer.index(3)).resolves.toBe(3);
    expect(() => indexer.fail()).toThrow('x');
    expect(metrics.records).toEqual([
      {
        kind: 'histogram',
        name: PERFORMANCE_METRICS.duration,
        value: 0.25,
        labels: { method: 'Indexer.index', outcome: 'success' },
      },
      {
        kind: 'histogram',
        name: PERFORMANCE_METRICS.duration,
        value: 0.005,
        labels: { method: 'Indexer.fail', outcome: 'error' },
      },
    ]);
  });

  it('measures nothing when there is no sink, no slowMs and no memory tracking', () => {
    const clock = createManualClock();
    const now = vi.spyOn(clock, 'now');
    class Unobserved {
      @performanceTracked({ clock })
      run(): number {
        return 1;
      }
    }
    expect(new Unobserved().run()).toBe(1);
    expect(now).not.toHaveBeenCalled();
  });

  it('keeps a synchronous method synchronous', () => {
    class Sync {
      @performanceTracked()
      double(n: number): number {
        return n * 2;
      }
    }
    expect(new Sync().double(2)).toBe(4);
  });

  it('records a rejection as an error and passes it on', async () => {
    const metrics = recordingMetrics();
    class Rejecting {
      @performanceTracked({ metrics, name: 'custom' })
      async run(): Promise<void> {
        throw new Error('rejected');
      }
    }
    await expect(new Rejecting().run()).rejects.toThrow('rejected');
    expect(metrics.records[0]?.labels).toEqual({ method: 'custom', outcome: 'error' });
  });

  it('labels subclass instances with their own class', () => {
    const metrics = recordingMetrics();
    class Base {
      @performanceTracked({ metrics })
      run(): void {}
    }
    class Derived extends Base {}
    new Base().run();
    new Derived().run();
    new Base().run();
    expect(metrics.records.map((record) => record.labels?.method)).toEqual([
      'Base.run',
      'Derived.run',
      'Base.run',
    ]);
  });

  it('warns and counts a call slower than slowMs', async () => {
    const clock = createManualClock();
    const metrics = recordingMetrics();
    const logger = recordingLogger();
    class Slow {
      readonly metrics = metrics;
      readonly logger = logger;
      @performanceTracked({ slowMs: 100, clock })
      async run(ms: number): Promise<void> {
        clock.advance(ms);
      }
    }
    await new Slow().run(100);
    expect(logger.lines).toEqual([]);
    await new Slow().run(101);
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        fields: { method: 'Slow.run', durationMs: 101, slowMs: 100 },
        message: 'Slow.run took 101.0 ms (slow above 100 ms)',
      },
    ]);
    expect(metrics.records.filter((record) => record.name === PERFORMANCE_METRICS.slow)).toEqual([
      { kind: 'counter', name: PERFORMANCE_METRICS.slow, value: 1, labels: { method: 'Slow.run' } },
    ]);
  });

  it('records the heap delta when asked', () => {
    heapSequence(10 * MB, 12 * MB);
    const metrics = recordingMetrics();
    class Heavy {
      @performanceTracked({ trackMemory: true, metrics })
      run(): void {}
    }
    new Heavy().run();
    expect(metrics.records[1]).toEqual({
      kind: 'histogram',
      name: PERFORMANCE_METRICS.heapDelta,
      value: 2 * MB,
      labels: { method: 'Heavy.run' },
    });
  });

  it('warns above memoryLimitMb without enforcing it', async () => {
    heapSequence(0, 60 * MB);
    const logger = recordingLogger();
    class Heavy {
      @performanceTracked({ memoryLimitMb: 50, logger })
      async run(): Promise<string> {
        return 'done';
      }
    }
    await expect(new Heavy().run()).resolves.toBe('done');
    expect(logger.lines[0]?.message).toBe(
      'Heavy.run grew the heap by 60.0 MB, over its 50 MB limit',
    );
  });

  it('fails with PluginMemoryError above memoryLimitMb under enforceMemoryLimit', async () => {
    heapSequence(0, 60 * MB, 0, 40 * MB);
    class Heavy {
      readonly pluginId = 'heavy';
      @performanceTracked({ memoryLimitMb: 50, enforceMemoryLimit: true })
      async run(): Promise<string> {
        return 'done';
      }
    }
    const error = (await new Heavy().run().catch((caught: unknown) => caught)) as PluginMemoryError;
    expect(isPluginMemoryError(error)).toBe(true);
    expect(error).toMatchObject({ limitMb: 50, usedMb: 60, pluginId: 'heavy' });
    await expect(new Heavy().run()).resolves.toBe('done');
  });

  it('keeps the method own error when it both fails and exceeds the limit', () => {
    heapSequence(0, 60 * MB);
    class Heavy {
      @performanceTracked({ memoryLimitMb: 50, enforceMemoryLimit: true })
      run(): void {
        throw new Error('own');
      }
    }
    expect(() => new Heavy().run()).toThrow('own');
  });

  it.each([
    [{ memoryLimitMb: -1 }, '`memoryLimitMb` must be a finite number ≥ 0, got -1'],
    [
      { enforceMemoryLimit: true },
      '`memoryLimitMb` must be a finite number ≥ 0 when `enforceMemoryLimit` is set, got undefined',
    ],
    [{ slowMs: Infinity }, '`slowMs` must be a finite number ≥ 0, got Infinity'],
    [{ trackMemory: 'no' }, '`trackMemory` must be a boolean, got "no" (a string)'],
    [{ name: '' }, '`name` must be a non-empty string, got "" (a string)'],
    [{ metrics: {} }, '`metrics` must be a MetricsSink (counter, gauge, histogram), got an object'],
  ])('validates options at once: %j', (options, message) => {
    let error: unknown;
    try {
      performanceTracked(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidOptionError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
  });
});

describe('tracked (function form)', () => {
  it('measures a function under its own name and keeps its type', () => {
    const metrics = recordingMetrics();
    const parse = tracked(
      function parseNumber(text: string): number {
        return Number(text);
      },
      { metrics },
    );
    expect(parse('2')).toBe(2);
    expect(parse.name).toBe('parseNumber');
    expect(metrics.records[0]?.labels).toEqual({ method: 'parseNumber', outcome: 'success' });
  });

  it('refuses a non-function', () => {
    expect(() => tracked({} as never)).toThrow('`fn` must be a function, got an object');
  });
});
