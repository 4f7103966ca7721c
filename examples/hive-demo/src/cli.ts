import { parseArgs } from 'node:util';

/** The demo's settings. */
export interface DemoOptions {
  /** Fetch tasks to run against the flaky service. */
  readonly tasks: number;
  /** Share of the flaky service's requests that misbehave, in 0..1. */
  readonly failureRate: number;
  /** Seeds the dataset and the service's faults. */
  readonly seed: number;
  /** Records the ingest plugin processes. */
  readonly records: number;
  /** Print the final report as JSON instead of tables. */
  readonly json: boolean;
  /** Where report.json is written. */
  readonly reportPath: string;
  readonly help: boolean;
}

export const USAGE = `LeanVibe hive demo: an embedded host running ingest, fetch, vault and store plugins.

Usage: pnpm demo [options]   (or, once built: node --expose-gc dist/main.js [options])

Options:
  --tasks N          fetch tasks against the flaky service (default 120)
  --failure-rate R   share of the service's requests that fail, hang or are slow, 0..1 (default 0.3)
  --seed S           seeds the dataset and the service's faults (default 42)
  --records N        records for the ingest plugin (default 500000)
  --report PATH      where to write the JSON report (default report.json, in the directory
                     pnpm was started from)
  --json             print the final report as JSON
  --help             show this help
`;

/** Thrown for a bad command line; the message says which option and why. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function number(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  expected: string,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name} must be ${expected}, got "${raw}"`);
  }
  return value;
}

/** Parses the command line; throws {@link UsageError} naming a bad option. */
export function parseOptions(argv: readonly string[]): DemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      // `pnpm demo -- --tasks 5` hands the separator on; it means nothing more here.
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: {
        tasks: { type: 'string' },
        'failure-rate': { type: 'string' },
        seed: { type: 'string' },
        records: { type: 'string' },
        report: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const str = (key: string): string | undefined => values[key] as string | undefined;
  const isInt = (n: number) => Number.isInteger(n) && n >= 0;
  return {
    tasks: number('tasks', str('tasks'), 120, isInt, 'an integer ≥ 0'),
    failureRate: number(
      'failure-rate',
      str('failure-rate'),
      0.3,
      (n) => n >= 0 && n <= 1,
      'a number between 0 and 1',
    ),
    seed: number('seed', str('seed'), 42, Number.isInteger, 'an integer'),
    records: number('records', str('records'), 500_000, isInt, 'an integer ≥ 0'),
    reportPath: str('report') ?? 'report.json',
    json: values.json === true,
    help: values.help === true,
  };
}
