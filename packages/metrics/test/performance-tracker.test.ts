import { fc, test } from '@fast-check/vitest';
import { PluginTimeoutError, type TaskResult } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { epic1Report, PerformanceTracker } from '../src/index.js';

describe('PerformanceTracker', () => {
  it('tracks count, failures, mean, percentiles, init and memory peak', () => {
    const tracker = new PerformanceTracker({ pluginId: 'resizer' });
    tracker.recordInit(0.8);
    tracker.recordInit(0.5);
    for (let ms = 1; ms <= 100; ms++)
      tracker.record(ms, { success: ms % 10 !== 0, memoryMb: ms / 10 });
    tracker.recordMemory(3);
    const stats = tracker.stats();
    expect(stats.pluginId).toBe('resizer');
    expect(stats.count).toBe(100);
    expect(stats.failures).toBe(10);
    expect(stats.meanMs).toBe(50.5);
    expect(stats.minMs).toBe(1);
    expect(stats.maxMs).toBe(100);
    expect(stats.p50Ms).toBeCloseTo(50, -0.5);
    expect(Math.abs(stats.p95Ms - 95) / 95).toBeLessThanOrEqual(0.01);
    expect(Math.abs(stats.p99Ms - 99) / 99).toBeLessThanOrEqual(0.01);
    expect(stats.initMs).toBe(0.8);
    expect(stats.memoryPeakMb).toBe(10);
    expect(stats.apiResponseP99Ms).toBeUndefined();
    expect(Object.isFrozen(stats)).toBe(true);
  });

  it('records task results', () => {
    const tracker = new PerformanceTracker();
    const ok: TaskResult = {
      success: true,
      pluginId: 'p',
      taskId: '1',
      data: 1,
      executionTimeMs: 4,
      memoryUsedMb: 2,
    };
    const failed: TaskResult = {
      success: false,
      pluginId: 'p',
      taskId: '2',
      error: new PluginTimeoutError('slow', { timeoutMs: 5 }),
      executionTimeMs: 5,
    };
    tracker.recordResult(ok);
    tracker.recordResult(failed);
    expect(tracker.stats()).toMatchObject({ count: 2, failures: 1, memoryPeakMb: 2, maxMs: 5 });
  });

  test.prop([
    fc.array(fc.double({ min: 0.001, max: 5000, noNaN: true }), { minLength: 1, maxLength: 400 }),
  ])('its quantiles are within 1 % of the exact ones', (samples) => {
    const tracker = new PerformanceTracker();
    for (const ms of samples) tracker.record(ms);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const truth = sorted[Math.floor(q * (sorted.length - 1))] as number;
      expect(Math.abs(tracker.quantile(q) - truth)).toBeLessThanOrEqual(0.01 * truth + 1e-12);
    }
  });

  it('gives Epic 1 figures only for what was measured', () => {
    const tracker = new PerformanceTracker({ relativeAccuracy: 0.001 });
    expect(tracker.epic1Figures()).toEqual({});
    tracker.record(1500);
    tracker.recordApiResponse(3);
    expect(tracker.epic1Figures()).toEqual({
      taskExecutionMs: expect.closeTo(1500, 0),
      apiResponseMs: expect.closeTo(3, 1),
    });
    tracker.reset();
    expect(tracker.stats().count).toBe(0);
    expect(tracker.epic1Figures()).toEqual({});
  });

  it.each([
    [() => new PerformanceTracker({ pluginId: '' }), '`pluginId` must be a non-empty string'],
    [() => new PerformanceTracker({ relativeAccuracy: 2 }), '`relativeAccuracy`'],
    [() => new PerformanceTracker().record(-1), '`value` must be a finite number ≥ 0, got -1'],
    [
      () => new PerformanceTracker().recordInit(Number.NaN),
      '`durationMs` must be a finite number ≥ 0',
    ],
    [() => new PerformanceTracker().recordApiResponse(-2), '`durationMs`'],
    [() => new PerformanceTracker().recordMemory(Infinity), '`memoryMb` must be a finite number'],
  ])('rejects bad input: %#', (act, message) => {
    expect(act).toThrow(message);
  });
});

describe('epic1Report', () => {
  it('judges a tracker against the budgets and prints a table', () => {
    const tracker = new PerformanceTracker({ pluginId: 'a' });
    tracker.recordInit(0.42);
    tracker.recordApiResponse(2);
    for (let i = 0; i < 100; i++) tracker.record(20);
    tracker.recordMemory(31.5);
    const report = epic1Report(tracker);
    expect(report.passed).toBe(true);
    expect(report.quantile).toBe(0.99);
    expect(report.checks.map((c) => c.verdict)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(report.toTable()).toBe(
      [
        'budget               limit  measured  verdict',
        'initMs             < 10 ms   0.42 ms  pass',
        'apiResponseMs      < 50 ms   2.00 ms  pass',
        'taskExecutionMs  < 2000 ms   20.0 ms  pass',
        'memoryMb           < 80 MB   31.5 MB  pass',
        'Epic 1 (p99): pass',
      ].join('\n'),
    );
    expect(String(report)).toBe(report.toTable());
    expect(JSON.parse(JSON.stringify(report))).toEqual({
      passed: true,
      quantile: 0.99,
      checks: [
        { budget: 'initMs', limit: 10, measured: 0.42, unit: 'ms', verdict: 'pass' },
        { budget: 'apiResponseMs', limit: 50, measured: 2, unit: 'ms', verdict: 'pass' },
        { budget: 'taskExecutionMs', limit: 2000, measured: 20, unit: 'ms', verdict: 'pass' },
        { budget: 'memoryMb', limit: 80, measured: 31.5, unit: 'MB', verdict: 'pass' },
      ],
    });
  });

  it('takes the worst figure across trackers, at the chosen percentile', () => {
    const fast = new PerformanceTracker({ pluginId: 'fast' });
    const slow = new PerformanceTracker({ pluginId: 'slow' });
    for (let i = 1; i <= 100; i++) {
      fast.record(i);
      slow.record(i * 30);
    }
    fast.recordInit(12);
    slow.recordInit(1);
    const report = epic1Report([fast, slow], { quantile: 0.5 });
    expect(report.figures.initMs).toBe(12);
    expect(report.figures.taskExecutionMs).toBeCloseTo(1500, -2);
    expect(report.passed).toBe(false);
    expect(report.checks.find((c) => c.budget === 'initMs')?.verdict).toBe('fail');
    expect(report.toTable()).toMatch(/Epic 1 \(p50\): fail$/);
  });

  it('judges plain figures, with a memory override, and fails figures at their budget', () => {
    const report = epic1Report({ taskExecutionMs: 2000, memoryMb: 3 }, { memoryMb: 79.9 });
    expect(report.figures).toEqual({ taskExecutionMs: 2000, memoryMb: 79.9 });
    expect(report.checks.map((c) => c.verdict)).toEqual([
      'unmeasured',
      'unmeasured',
      'fail',
      'pass',
    ]);
    expect(report.toTable()).toContain('apiResponseMs      < 50 ms         -  unmeasured');
  });

  it.each([
    [
      () => epic1Report(5 as never),
      '`source` must be a PerformanceTracker, an array of them, or figures',
    ],
    [() => epic1Report([{}] as never), '`source[0]` must be a PerformanceTracker'],
    [
      () => epic1Report({}, { quantile: 2 }),
      '`quantile` must be a finite number between 0 and 1, got 2',
    ],
    [() => epic1Report({}, { memoryMb: -1 }), '`memoryMb` must be a finite number ≥ 0, got -1'],
  ])('rejects bad input: %#', (act, message) => {
    expect(act).toThrow(message);
  });
});
