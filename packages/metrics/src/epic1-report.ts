import {
  checkEpic1,
  checkFiniteNumber,
  checkOptionsObject,
  EPIC1,
  type Epic1Budget,
  type Epic1Check,
  type Epic1Figures,
  type Epic1Report,
  invalidArgument,
} from '@leanvibe/core/contracts';
import { PerformanceTracker } from './performance-tracker.js';

/** Options of {@link epic1Report}. */
export interface Epic1ReportOptions {
  /** Which percentile of task and API durations is judged. @default 0.99 */
  readonly quantile?: number;
  /** A memory figure in MB that overrides the trackers' peak (e.g. heap used after GC). */
  readonly memoryMb?: number;
}

/** The JSON form of an {@link Epic1Summary}. */
export interface Epic1SummaryJSON {
  readonly passed: boolean;
  readonly quantile: number;
  readonly checks: readonly Epic1Check[];
}

/** An Epic 1 report that prints itself as a table ({@link Epic1Summary.toTable}) or as JSON. */
export interface Epic1Summary extends Epic1Report {
  /** The figures judged. */
  readonly figures: Epic1Figures;
  /** The percentile judged for durations. */
  readonly quantile: number;
  /** A fixed-width table: budget, limit, measured, verdict, and a last line with the verdict. */
  toTable(): string;
  /** The same as {@link Epic1Summary.toTable}. */
  toString(): string;
  /** `{ passed, quantile, checks }`, for `JSON.stringify`. */
  toJSON(): Epic1SummaryJSON;
}

const BUDGETS = Object.keys(EPIC1) as Epic1Budget[];

function format(value: number | undefined, unit: string): string {
  if (value === undefined) return '-';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * Judges tracked figures against the Epic 1 budgets with the contracts' `checkEpic1` (init
 * 10 ms, API response 50 ms, task 2 s, memory 80 MB; a figure must be strictly below its
 * budget). Given several trackers, each figure is the worst of them.
 *
 * @example
 * ```ts
 * const report = epic1Report(tracker);
 * console.log(report.toTable());
 * console.log(JSON.stringify(report));
 * ```
 */
export function epic1Report(
  source: PerformanceTracker | readonly PerformanceTracker[] | Epic1Figures,
  options: Epic1ReportOptions = {},
): Epic1Summary {
  checkOptionsObject('options', options);
  const quantile = checkFiniteNumber('quantile', options.quantile ?? 0.99, { min: 0, max: 1 });
  const figures: { -readonly [K in Epic1Budget]?: number } = {};
  if (source instanceof PerformanceTracker || Array.isArray(source)) {
    const trackers = (Array.isArray(source) ? source : [source]) as readonly PerformanceTracker[];
    for (const [i, tracker] of trackers.entries()) {
      if (!(tracker instanceof PerformanceTracker)) {
        throw invalidArgument(`source[${i}]`, 'a PerformanceTracker', tracker);
      }
      const own = tracker.epic1Figures(quantile);
      for (const budget of BUDGETS) {
        const value = own[budget];
        if (value !== undefined) figures[budget] = Math.max(figures[budget] ?? value, value);
      }
    }
  } else if (typeof source === 'object' && source !== null) {
    for (const budget of BUDGETS) {
      const value = (source as Epic1Figures)[budget];
      if (value !== undefined) figures[budget] = value;
    }
  } else {
    throw invalidArgument('source', 'a PerformanceTracker, an array of them, or figures', source);
  }
  if (options.memoryMb !== undefined) {
    figures.memoryMb = checkFiniteNumber('memoryMb', options.memoryMb, { min: 0 });
  }
  const frozen = Object.freeze(figures);
  const report = checkEpic1(frozen);
  const toTable = (): string => {
    const rows = report.checks.map((check) => [
      check.budget,
      `< ${check.limit} ${check.unit}`,
      format(check.measured, check.unit),
      check.verdict,
    ]);
    const header = ['budget', 'limit', 'measured', 'verdict'];
    const widths = header.map((title, i) =>
      Math.max(title.length, ...rows.map((row) => (row[i] as string).length)),
    );
    const line = (cells: string[]) =>
      cells
        .map((cell, i) =>
          i === 0 || i === 3
            ? cell.padEnd(widths[i] as number)
            : cell.padStart(widths[i] as number),
        )
        .join('  ')
        .trimEnd();
    const verdict = report.passed ? 'pass' : 'fail';
    return [
      line(header),
      ...rows.map(line),
      `Epic 1 (p${Math.round(quantile * 1000) / 10}): ${verdict}`,
    ].join('\n');
  };
  return Object.freeze({
    passed: report.passed,
    checks: report.checks,
    figures: frozen,
    quantile,
    toTable,
    toString: toTable,
    toJSON: () => ({ passed: report.passed, quantile, checks: report.checks }),
  });
}
