import {
  checkEpic1,
  createManualClock,
  isPluginTimeoutError,
  PluginTimeoutError,
  toError,
} from '@leanvibe/core/contracts';

// Errors carry a code, keep their cause, and are recognised by guards, not `instanceof`.
const error = new PluginTimeoutError('fetch took too long', {
  pluginId: 'fetcher',
  timeoutMs: 250,
  operation: 'fetch',
  cause: toError('socket hang up'),
});
console.log(error.code, isPluginTimeoutError(error), JSON.stringify(error.toJSON().cause));

// A manual clock drives anything that takes a Clock, deterministically.
const clock = createManualClock();
clock.setTimeout(() => console.log(`timer fired at ${clock.now()} ms`), 100);
clock.advance(100);

// Epic 1 budgets: a figure passes when it is below its budget.
const report = checkEpic1({ initMs: 0.4, apiResponseMs: 3, memoryMb: 42 });
for (const check of report.checks) {
  console.log(
    `${check.budget.padEnd(16)} ${String(check.measured ?? '-').padStart(5)} ${check.verdict}`,
  );
}
console.log(report.passed ? 'Epic 1: pass' : 'Epic 1: fail');
