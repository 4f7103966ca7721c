/**
 * The Epic 1 budgets of the LeanVibe Agent Hive. Each is a strict upper bound: a figure equal to
 * its budget fails.
 */
export const EPIC1 = Object.freeze({
  /** Plugin initialisation, in milliseconds. */
  initMs: 10,
  /** API response (dispatch to result), in milliseconds. */
  apiResponseMs: 50,
  /** Task execution, in milliseconds. */
  taskExecutionMs: 2000,
  /** Memory (heap used after GC), in MB. */
  memoryMb: 80,
} as const);

/** Which Epic 1 budget a figure belongs to. */
export type Epic1Budget = keyof typeof EPIC1;

/** Measured figures to judge; a missing figure is reported as unmeasured, not as a pass. */
export type Epic1Figures = { readonly [K in Epic1Budget]?: number };

/** The verdict on one budget. */
export interface Epic1Check {
  readonly budget: Epic1Budget;
  /** The budget's limit, in `unit`. */
  readonly limit: number;
  /** The measured figure, or `undefined` when not measured. */
  readonly measured: number | undefined;
  readonly unit: 'ms' | 'MB';
  /** `pass` when measured < limit, `fail` when measured ≥ limit (or not a finite number). */
  readonly verdict: 'pass' | 'fail' | 'unmeasured';
}

/** The verdict on every budget. */
export interface Epic1Report {
  /** True when no measured figure failed and at least one was measured. */
  readonly passed: boolean;
  readonly checks: readonly Epic1Check[];
}

const UNITS: Readonly<Record<Epic1Budget, 'ms' | 'MB'>> = {
  initMs: 'ms',
  apiResponseMs: 'ms',
  taskExecutionMs: 'ms',
  memoryMb: 'MB',
};

/**
 * Judges measured figures against {@link EPIC1}.
 *
 * @example
 * ```ts
 * const report = checkEpic1({ initMs: 0.4, apiResponseMs: 2, memoryMb: 31 });
 * report.passed; // true; taskExecutionMs is reported as 'unmeasured'
 * ```
 */
export function checkEpic1(figures: Epic1Figures): Epic1Report {
  const checks = (Object.keys(EPIC1) as Epic1Budget[]).map((budget): Epic1Check => {
    const limit = EPIC1[budget];
    const measured = figures[budget];
    const verdict =
      measured === undefined
        ? 'unmeasured'
        : Number.isFinite(measured) && measured < limit
          ? 'pass'
          : 'fail';
    return Object.freeze({ budget, limit, measured, unit: UNITS[budget], verdict });
  });
  const passed =
    checks.some((check) => check.verdict === 'pass') &&
    checks.every((check) => check.verdict !== 'fail');
  return Object.freeze({ passed, checks: Object.freeze(checks) });
}
