import { parseArgs } from 'node:util';
import { number, UsageError } from './cli-checks.js';
import { type IsolateSettings, isolateSettings, tracePath } from './cli-walls.js';

export { UsageError } from './cli-checks.js';

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
  /** Worker processes of the distributed mode; absent: the embedded demo. */
  readonly workers?: number;
  /** The Redis server of the distributed mode; absent: a private `redis-server` is started. */
  readonly redisUrl?: string;
  /** SIGKILL one worker once this many tasks have finished (distributed mode, 2 workers or more). */
  readonly killWorkerAfter?: number;
  /** `--isolate`: the ingest plugin runs in worker threads; absent: in process. */
  readonly isolate?: IsolateSettings;
  /** `--trace FILE`: where every span of the run is written as OTLP JSON; absent: no tracing. */
  readonly tracePath?: string;
}

export const USAGE = `LeanVibe hive demo: an embedded host running ingest, fetch, vault and store plugins,
or, with --workers, the same plugins in worker processes fed through a Redis queue.

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

Distributed mode:
  --workers N        run the ingest and fetch tasks in N worker processes (1..16) through a
                     queue on Redis; they share one circuit breaker state
  --redis URL        the Redis server to use (redis://HOST:PORT); by default a private
                     redis-server is started on a random port (it must be on PATH)
  --kill-worker-after N
                     SIGKILL one worker after N finished tasks; the others take over its jobs
                     (needs --workers 2 or more)

Walls and traces (embedded hive only):
  --isolate          run the ingest plugin in a worker thread with a heap limit
                     (@leanvibe/isolate); the report shows the limit, state and restarts
  --memory-limit-mb N
                     each isolated worker's heap limit, 32..4096 (default 128; needs --isolate)
  --isolate-workers N
                     worker threads for the ingest plugin, 1..8 (default 1; needs --isolate)
  --ingest-fault KIND
                     one extra ingest task that hits the wall: alloc (allocates past the heap
                     limit) or spin (never yields; cancelled after 1 s); needs --isolate
  --trace FILE       trace every task with OpenTelemetry and write the spans to FILE as OTLP
                     JSON; the summary shows a waterfall of the slowest fetch task
`;

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
        workers: { type: 'string' },
        redis: { type: 'string' },
        'kill-worker-after': { type: 'string' },
        isolate: { type: 'boolean', default: false },
        'isolate-workers': { type: 'string' },
        'memory-limit-mb': { type: 'string' },
        'ingest-fault': { type: 'string' },
        trace: { type: 'string' },
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
  const distributed = distributedOptions(str);
  const isolate = isolateSettings(values.isolate === true, str, distributed.workers);
  const trace = tracePath(str, distributed.workers);
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
    ...distributed,
    ...(isolate === undefined ? {} : { isolate }),
    ...(trace === undefined ? {} : { tracePath: trace }),
  };
}

type DistributedOptions = Pick<DemoOptions, 'workers' | 'redisUrl' | 'killWorkerAfter'>;

/** The options of the distributed mode, each present only when given. */
function distributedOptions(str: (key: string) => string | undefined): DistributedOptions {
  const raw = str('workers');
  const workers =
    raw === undefined
      ? undefined
      : number(
          'workers',
          raw,
          0,
          (n) => Number.isInteger(n) && n >= 1 && n <= 16,
          'an integer from 1 to 16',
        );
  const redisUrl = str('redis');
  if (redisUrl !== undefined) {
    if (workers === undefined) throw new UsageError('--redis needs --workers');
    if (!/^rediss?:\/\/\S+$/.test(redisUrl)) {
      throw new UsageError(`--redis must be a redis:// or rediss:// URL, got "${redisUrl}"`);
    }
  }
  const rawKill = str('kill-worker-after');
  let killWorkerAfter: number | undefined;
  if (rawKill !== undefined) {
    killWorkerAfter = number(
      'kill-worker-after',
      rawKill,
      0,
      (n) => Number.isInteger(n) && n >= 1,
      'an integer ≥ 1',
    );
    if (workers === undefined || workers < 2) {
      throw new UsageError('--kill-worker-after needs --workers 2 or more');
    }
  }
  return {
    ...(workers === undefined ? {} : { workers }),
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...(killWorkerAfter === undefined ? {} : { killWorkerAfter }),
  };
}
