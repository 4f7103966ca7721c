import {
  checkEpic1,
  PluginExecutionError,
  PluginTimeoutError,
  type TaskResult,
} from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import '../src/vitest/index.js';
import { MockMonitoring, toSucceed } from '../src/index.js';

const ok: TaskResult = {
  success: true,
  pluginId: 'p',
  taskId: 't',
  data: { sum: 3 },
  executionTimeMs: 1,
};
const failed: TaskResult = {
  success: false,
  pluginId: 'p',
  taskId: 't',
  error: new PluginExecutionError('boom', { pluginId: 'p', taskId: 't' }),
  executionTimeMs: 1,
};

describe('matchers', () => {
  it('toSucceed passes a success and explains a failure', () => {
    expect(ok).toSucceed();
    expect(failed).not.toSucceed();
    expect(() => expect(failed).toSucceed()).toThrow(
      'expected the task to succeed, but it failed with PLUGIN_EXECUTION: boom (plugin "p", task "t")',
    );
    expect(() => expect(ok).not.toSucceed()).toThrow(
      'expected the task not to succeed, but it succeeded with {"sum":3} (plugin "p", task "t")',
    );
    expect(() => expect(42).toSucceed()).toThrow('toSucceed: expected a TaskResult, got 42');
  });

  it('toFailWith checks the code of a failed result or an error', () => {
    expect(failed).toFailWith('PLUGIN_EXECUTION');
    expect(new PluginTimeoutError('slow', { timeoutMs: 5 })).toFailWith('PLUGIN_TIMEOUT');
    expect(() => expect(ok).toFailWith('PLUGIN_TIMEOUT')).toThrow(
      'expected the task to fail with PLUGIN_TIMEOUT, but it succeeded with {"sum":3} (plugin "p", task "t")',
    );
    expect(() => expect(failed).toFailWith('PLUGIN_TIMEOUT')).toThrow(
      'expected the task to fail with PLUGIN_TIMEOUT, but it failed with PLUGIN_EXECUTION: boom (plugin "p", task "t")',
    );
    expect(() => expect(failed).not.toFailWith('PLUGIN_EXECUTION')).toThrow(
      'expected the task not to fail with PLUGIN_EXECUTION, but it did: PLUGIN_EXECUTION: boom',
    );
    expect(() => expect(new PluginTimeoutError('slow', { timeoutMs: 5 })).toFailWith('X')).toThrow(
      'expected the error to have code X, but it is PLUGIN_TIMEOUT: slow',
    );
    expect(() => expect('nope').toFailWith('X')).toThrow(
      'toFailWith: expected a TaskResult, got "nope"',
    );
  });

  it('toMeetEpic1 reads reports, figures and reports carrying epic1', () => {
    expect(checkEpic1({ initMs: 1 })).toMeetEpic1();
    expect({ taskExecutionMs: 10, memoryMb: 4 }).toMeetEpic1();
    expect({ epic1: checkEpic1({ apiResponseMs: 2 }) }).toMeetEpic1();
    expect(() => expect({ taskExecutionMs: 2500, initMs: 1 }).toMeetEpic1()).toThrow(
      'expected the Epic 1 budgets to be met, but taskExecutionMs measured 2500 ms (budget < 2000 ms)',
    );
    expect(() => expect(checkEpic1({})).toMeetEpic1()).toThrow(
      'expected the Epic 1 budgets to be met, but no figure was measured',
    );
    expect(() => expect({ initMs: 1 }).not.toMeetEpic1()).toThrow(
      'expected the Epic 1 budgets not to be met, but they are: initMs measured 1 ms (budget < 10 ms)',
    );
    expect(() => expect({ other: 1 }).toMeetEpic1()).toThrow(
      /toMeetEpic1: expected an Epic 1 report/,
    );
  });

  it('toHaveRecordedMetric finds a metric by name and labels', () => {
    const monitoring = new MockMonitoring();
    expect(() => expect(monitoring).toHaveRecordedMetric('tasks_total')).toThrow(
      'expected a metric "tasks_total", but no metric was recorded',
    );
    monitoring.counter('tasks_total', 1, { type: 'max' });
    monitoring.histogram('task_duration_seconds', 0.2);
    expect(monitoring).toHaveRecordedMetric('tasks_total');
    expect(monitoring).toHaveRecordedMetric('tasks_total', { type: 'max' });
    expect(() => expect(monitoring).toHaveRecordedMetric('tasks_total', { type: 'sum' })).toThrow(
      'expected a metric "tasks_total" with labels {"type":"sum"}, but recorded: tasks_total{type="max"}, task_duration_seconds',
    );
    expect(() => expect(monitoring).not.toHaveRecordedMetric('tasks_total')).toThrow(
      'expected no metric "tasks_total", but one was recorded',
    );
    expect(() => expect({}).toHaveRecordedMetric('x')).toThrow(/expected a MockMonitoring/);
  });

  it('are plain functions usable outside vitest', () => {
    expect(toSucceed.call({ isNot: false }, ok).pass).toBe(true);
  });
});
