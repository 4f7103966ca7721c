import type { PluginCheckResult } from './run-checks.js';

/** Options of {@link formatCheckTable}. */
export interface FormatOptions {
  /** Colour the status column with ANSI escapes. @default false */
  readonly color?: boolean;
}

const MARKS = { passed: '✓', failed: '✗', skipped: '-' } as const;
const COLORS = { passed: 32, failed: 31, skipped: 33 } as const;

/**
 * Whether to colour output, by the common conventions: `NO_COLOR` (set, not empty) turns colour
 * off, `FORCE_COLOR` (set, not empty or `0`) turns it on, and otherwise a terminal gets colour and a pipe
 * or a file does not.
 */
export function shouldColor(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return isTTY === true;
}

/**
 * The result of `checkPlugin` as a table a person reads at a glance: one row per check with
 * its mark, name, status and one-line summary, then a verdict line.
 *
 * @example
 * ```ts
 * console.log(formatCheckTable(await checkPlugin(plugin), { color: process.stdout.isTTY }));
 * ```
 */
export function formatCheckTable(result: PluginCheckResult, options: FormatOptions = {}): string {
  const paint = (status: keyof typeof COLORS, text: string): string =>
    options.color === true ? `\u001b[${COLORS[status]}m${text}\u001b[39m` : text;
  const width = Math.max(...result.checks.map((c) => c.check.length), 'check'.length);
  const lines = [`plugin ${result.pluginId}`, '', `  ${'check'.padEnd(width)}  status   detail`];
  for (const c of result.checks) {
    const status = paint(c.status, `${MARKS[c.status]} ${c.status.padEnd(8)}`);
    lines.push(`  ${c.check.padEnd(width)}  ${status}${c.summary}`);
  }
  const failed = result.checks.filter((c) => c.status === 'failed').length;
  const skipped = result.checks.filter((c) => c.status === 'skipped').length;
  const passed = result.checks.length - failed - skipped;
  lines.push(
    '',
    failed === 0
      ? paint('passed', `${passed} of ${result.checks.length} checks passed`)
      : paint(
          'failed',
          `${failed} of ${result.checks.length} checks failed${skipped > 0 ? `, ${skipped} skipped` : ''}`,
        ),
  );
  return `${lines.join('\n')}\n`;
}
