import { describe, expect, it } from 'vitest';
import { checkEpic1, EPIC1, type Epic1Budget } from '../src/contracts/index.js';

const budgets = Object.keys(EPIC1) as Epic1Budget[];

describe('checkEpic1', () => {
  it('has the guide’s budgets', () => {
    expect(EPIC1).toEqual({ initMs: 10, apiResponseMs: 50, taskExecutionMs: 2000, memoryMb: 80 });
    expect(Object.isFrozen(EPIC1)).toBe(true);
  });

  it.each(budgets)('%s passes below its budget, fails at and above it', (budget) => {
    const limit = EPIC1[budget];
    const verdict = (value: number) =>
      checkEpic1({ [budget]: value }).checks.find((c) => c.budget === budget)!.verdict;
    expect(verdict(limit - 0.001)).toBe('pass');
    expect(verdict(0)).toBe('pass');
    expect(verdict(limit)).toBe('fail');
    expect(verdict(limit + 1)).toBe('fail');
    expect(verdict(Number.NaN)).toBe('fail');
    expect(checkEpic1({ [budget]: limit - 1 }).passed).toBe(true);
    expect(checkEpic1({ [budget]: limit }).passed).toBe(false);
  });

  it('reports unmeasured budgets as such, and passes nothing when nothing was measured', () => {
    const report = checkEpic1({});
    expect(report.passed).toBe(false);
    expect(report.checks.every((c) => c.verdict === 'unmeasured')).toBe(true);
  });

  it('reports each budget with its limit, figure and unit', () => {
    const report = checkEpic1({
      initMs: 0.5,
      apiResponseMs: 3,
      taskExecutionMs: 2500,
      memoryMb: 30,
    });
    expect(report.passed).toBe(false);
    expect(report.checks).toEqual([
      { budget: 'initMs', limit: 10, measured: 0.5, unit: 'ms', verdict: 'pass' },
      { budget: 'apiResponseMs', limit: 50, measured: 3, unit: 'ms', verdict: 'pass' },
      { budget: 'taskExecutionMs', limit: 2000, measured: 2500, unit: 'ms', verdict: 'fail' },
      { budget: 'memoryMb', limit: 80, measured: 30, unit: 'MB', verdict: 'pass' },
    ]);
  });
});
