import type { IsolationSummary } from '../isolate/summary.js';
import type { TraceSummary } from '../trace/summary.js';
import { renderWaterfall } from './waterfall.js';

/** The `--isolate` section: the ingest plugin's wall and what happened at it. */
export function renderIsolation(i: IsolationSummary): string {
  const limit =
    i.memoryLimitMb === null
      ? 'no heap limit beyond Node’s own'
      : `heap limit ${i.memoryLimitMb} MB each (${i.memoryLimitFrom === 'manifest' ? 'from the manifest' : 'option'})`;
  const lines = [
    `isolation: plugin ${i.plugin} in ${i.workers} worker thread(s), ${limit}`,
    `  module          ${i.module}`,
    `  workers         ${i.state}, thread ids ${i.threadIds.join(', ') || 'none'}, restarts ${i.restarts}`,
  ];
  if (i.lastError !== undefined) {
    lines.push(`  last error      ${i.lastError.code}: ${i.lastError.message}`);
  }
  if (i.wall !== undefined) {
    const { wall } = i;
    lines.push(
      `  hostile task    ${wall.fault}: ${wall.code} after ${wall.durationMs} ms; the next ingest task ${wall.next}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The `--trace` section: the file and the slowest fetch task's waterfall. */
export function renderTrace(t: TraceSummary): string {
  const lines = [
    `trace: ${t.spans} spans (${t.taskSpans} tasks, ${t.traces} traces) written to ${t.file} as OTLP JSON`,
  ];
  if (t.droppedEvents > 0) {
    lines.push(
      `  ${t.droppedEvents.toLocaleString('en-US')} events past the SDK's limit of 128 per span were not kept`,
    );
  }
  if (t.slowestFetch === undefined) lines.push('  no fetch task ran');
  else {
    const w = t.slowestFetch;
    lines.push(
      `slowest fetch task: ${w.name}, ${w.durationMs.toFixed(1)} ms, ${w.outcome}`,
      renderWaterfall(w),
    );
  }
  return `${lines.join('\n')}\n`;
}
