import type { CheckReport } from '@leanvibe/testing';

const round = (ms: unknown): string =>
  typeof ms === 'number' ? `${Math.round(ms * 100) / 100} ms` : String(ms);

function firstProblem(errors: readonly string[]): string {
  const [first = 'failed'] = errors;
  return errors.length > 1 ? `${first} (and ${errors.length - 1} more)` : first;
}

/**
 * One line for a person: the first problem of a failed check (and how many more), or what a
 * passed check measured.
 */
export function summarize(report: CheckReport): string {
  if (report.status === 'failed') return firstProblem(report.errors);
  const m = report.metrics;
  switch (report.check) {
    case 'initialization':
      return `initialised in ${round(m.initMs)} of clock time (Epic 1: < 10 ms)`;
    case 'taskExecution':
      return `a task succeeded in ${round(m.executionMs)}`;
    case 'paramsValidation':
      return `${m.valid} valid params accepted, ${m.invalid} invalid ones rejected with PLUGIN_VALIDATION`;
    case 'errorHandling':
      return 'a failing task resolved with a PluginError naming its plugin and task';
    case 'cancellation':
      return m.settledBeforeAbort === true
        ? 'the task finished before it could be cancelled: give a slow task to check cancellation'
        : `settled ${round(m.settledAfterAbortMs)} after its signal aborted (allowed: ${round(m.withinMs)})`;
    case 'concurrency':
      return `${m.tasks} tasks at once, each with the result it gives alone`;
    case 'performance':
      return `${m.iterations} tasks: p50 ${round(m.p50Ms)}, p95 ${round(m.p95Ms)}, max ${round(m.maxMs)}`;
    case 'memory':
      return `${m.retainedBytesPerTask} bytes retained per task over ${m.iterations} tasks`;
    case 'cleanup':
      return 'cleanup() is idempotent and left nothing open';
    default:
      return 'passed';
  }
}
