import type { Waterfall, WaterfallRow } from '../trace/summary.js';

const LABEL = 46;
const BAR = 24;
const MAX_ROWS = 40;

const fixed = (ms: number): string => `${ms.toFixed(1)} ms`;

function column(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/**
 * A row's bar on the task's time scale: a span as a block from its offset for its duration, an
 * event as one mark at its time, followed by a line over a retry's delay.
 */
function bar(row: WaterfallRow, totalMs: number): string {
  const scale = totalMs > 0 ? BAR / totalMs : 0;
  const from = Math.min(BAR - 1, Math.max(0, Math.floor(row.offsetMs * scale)));
  const until = (ms: number) =>
    Math.min(BAR, Math.max(from + 1, Math.round((row.offsetMs + ms) * scale)));
  if (row.kind === 'event') {
    const wait = until(row.waitMs ?? 0) - from - 1;
    return `${' '.repeat(from)}◆${'─'.repeat(wait)}`;
  }
  return `${' '.repeat(from)}${'█'.repeat(until(row.durationMs) - from)}`;
}

/**
 * A task's span and what happened under it, one row each, indented by depth, with its offset
 * from the task's start, its duration, and a bar on the task's time scale: 94 columns wide.
 */
export function renderWaterfall(w: Waterfall): string {
  const total = w.durationMs;
  const scale = `0 ms${fixed(total).padStart(BAR - 4)}`;
  const lines = [
    `  task ${w.taskId}, trace ${w.traceId}`,
    `  ${column('span / event', LABEL)} ${'offset'.padStart(9)} ${'duration'.padStart(9)}  ${scale}`,
  ];
  for (const row of w.rows.slice(0, MAX_ROWS)) {
    const label = `${'  '.repeat(row.depth)}${row.label}`;
    const duration = row.kind === 'event' ? '' : fixed(row.durationMs);
    lines.push(
      `  ${column(label, LABEL)} ${fixed(row.offsetMs).padStart(9)} ${duration.padStart(9)}  ${bar(row, total)}`,
    );
  }
  if (w.rows.length > MAX_ROWS) lines.push(`  … ${w.rows.length - MAX_ROWS} more rows in the file`);
  return lines.join('\n');
}
