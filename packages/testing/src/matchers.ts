import {
  checkEpic1,
  type Epic1Figures,
  type Epic1Report,
  isLeanVibeError,
  type Labels,
} from '@leanvibe/core/contracts';
import { labelsMatch, type RecordedMetric } from './mock-monitoring.js';

/** What a matcher returns (vitest's and jest's `SyncExpectationResult`). */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** The part of vitest's matcher state the matchers read. */
export interface MatcherContext {
  readonly isNot: boolean;
}

function resultLike(value: unknown): value is {
  success: boolean;
  pluginId?: unknown;
  taskId?: unknown;
  data?: unknown;
  error?: unknown;
} {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean'
  );
}

function preview(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return String(value);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === 'string' ? code : error.name}: ${error.message}`;
  }
  return preview(error);
}

function who(result: { pluginId?: unknown; taskId?: unknown }): string {
  return `(plugin ${preview(result.pluginId)}, task ${preview(result.taskId)})`;
}

function notAResult(name: string, received: unknown): MatcherResult {
  return {
    pass: false,
    message: () => `${name}: expected a TaskResult, got ${preview(received)}`,
  };
}

/**
 * Passes when `received` is a successful TaskResult. The failure message names the error:
 * `expected the task to succeed, but it failed with PLUGIN_EXECUTION: boom (plugin "p", task "t")`.
 */
export function toSucceed(this: MatcherContext, received: unknown): MatcherResult {
  if (!resultLike(received)) return notAResult('toSucceed', received);
  if (received.success) {
    return {
      pass: true,
      message: () =>
        `expected the task not to succeed, but it succeeded with ${preview(received.data)} ${who(received)}`,
    };
  }
  return {
    pass: false,
    message: () =>
      `expected the task to succeed, but it failed with ${errorText(received.error)} ${who(received)}`,
  };
}

/**
 * Passes when `received` is a failed TaskResult whose error has `code`, or a LeanVibe error
 * with that code: `expected the task to fail with PLUGIN_TIMEOUT, but it succeeded with {"sum":3}`.
 */
export function toFailWith(this: MatcherContext, received: unknown, code: string): MatcherResult {
  if (isLeanVibeError(received)) {
    const pass = received.code === code;
    return {
      pass,
      message: () =>
        pass
          ? `expected the error not to have code ${code}, but it does: ${errorText(received)}`
          : `expected the error to have code ${code}, but it is ${errorText(received)}`,
    };
  }
  if (!resultLike(received)) return notAResult('toFailWith', received);
  if (received.success) {
    return {
      pass: false,
      message: () =>
        `expected the task to fail with ${code}, but it succeeded with ${preview(received.data)} ${who(received)}`,
    };
  }
  const actual = (received.error as { code?: unknown } | undefined)?.code;
  const pass = actual === code;
  return {
    pass,
    message: () =>
      pass
        ? `expected the task not to fail with ${code}, but it did: ${errorText(received.error)} ${who(received)}`
        : `expected the task to fail with ${code}, but it failed with ${errorText(received.error)} ${who(received)}`,
  };
}

function epic1Of(received: unknown): Epic1Report | undefined {
  if (typeof received !== 'object' || received === null) return undefined;
  const candidate = received as { epic1?: unknown; checks?: unknown; passed?: unknown };
  if (typeof candidate.epic1 === 'object' && candidate.epic1 !== null)
    return epic1Of(candidate.epic1);
  if (Array.isArray(candidate.checks) && typeof candidate.passed === 'boolean') {
    return candidate as Epic1Report;
  }
  const keys = Object.keys(received);
  const budgets = ['initMs', 'apiResponseMs', 'taskExecutionMs', 'memoryMb'];
  if (keys.length > 0 && keys.every((key) => budgets.includes(key))) {
    return checkEpic1(received as Epic1Figures);
  }
  return undefined;
}

/**
 * Passes when an Epic 1 report (or figures, or a check report carrying `epic1`) meets every
 * measured budget: `expected the Epic 1 budgets to be met, but taskExecutionMs measured 2500 ms (budget < 2000 ms)`.
 */
export function toMeetEpic1(this: MatcherContext, received: unknown): MatcherResult {
  const report = epic1Of(received);
  if (report === undefined) {
    return {
      pass: false,
      message: () =>
        `toMeetEpic1: expected an Epic 1 report, Epic 1 figures or a report with \`epic1\`, got ${preview(received)}`,
    };
  }
  const failing = report.checks.filter((check) => check.verdict === 'fail');
  const measured = report.checks.filter((check) => check.verdict !== 'unmeasured');
  const list = (checks: typeof failing): string =>
    checks
      .map((c) => `${c.budget} measured ${c.measured} ${c.unit} (budget < ${c.limit} ${c.unit})`)
      .join(', ');
  return {
    pass: report.passed,
    message: () =>
      report.passed
        ? `expected the Epic 1 budgets not to be met, but they are: ${list(measured)}`
        : failing.length === 0
          ? 'expected the Epic 1 budgets to be met, but no figure was measured'
          : `expected the Epic 1 budgets to be met, but ${list(failing)}`,
  };
}

/**
 * Passes when a recorder (a `MockMonitoring`, or anything with `getLoggedMetrics()`) recorded a
 * metric named `name` carrying every one of `labels`:
 * `expected a metric "tasks_total" with labels {"type":"sum"}, but recorded: tasks_total{type="max"}`.
 */
export function toHaveRecordedMetric(
  this: MatcherContext,
  received: unknown,
  name: string,
  labels?: Labels,
): MatcherResult {
  const getter = (received as { getLoggedMetrics?: unknown } | null)?.getLoggedMetrics;
  if (typeof getter !== 'function') {
    return {
      pass: false,
      message: () =>
        `toHaveRecordedMetric: expected a MockMonitoring (something with getLoggedMetrics()), got ${preview(received)}`,
    };
  }
  const all = (getter as () => readonly RecordedMetric[]).call(received);
  const pass = all.some((metric) => metric.name === name && labelsMatch(metric.labels, labels));
  const wanted = `a metric ${JSON.stringify(name)}${labels === undefined ? '' : ` with labels ${JSON.stringify(labels)}`}`;
  const seen = [...new Set(all.map(formatMetric))];
  return {
    pass,
    message: () =>
      pass
        ? `expected no ${wanted.slice(2)}, but one was recorded`
        : `expected ${wanted}, but ${seen.length === 0 ? 'no metric was recorded' : `recorded: ${seen.join(', ')}`}`,
  };
}

function formatMetric(metric: RecordedMetric): string {
  const labels = Object.entries(metric.labels).map(
    ([key, value]) => `${key}=${JSON.stringify(value)}`,
  );
  return labels.length === 0 ? metric.name : `${metric.name}{${labels.join(',')}}`;
}

/** Every matcher, for `expect.extend(leanvibeMatchers)` in runners other than vitest. */
export const leanvibeMatchers = Object.freeze({
  toSucceed,
  toFailWith,
  toMeetEpic1,
  toHaveRecordedMetric,
});
