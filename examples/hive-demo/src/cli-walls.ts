import { number, UsageError } from './cli-checks.js';

/** What a fault injected into one isolated ingest task does. */
export type IngestFault = 'alloc' | 'spin';

/** `--isolate` and its settings. */
export interface IsolateSettings {
  /** Worker threads running the ingest plugin. */
  readonly workers: number;
  /** Each worker's heap limit, in MB. */
  readonly memoryLimitMb: number;
  /** One extra ingest task that allocates past the heap limit or spins without yielding. */
  readonly fault?: IngestFault;
}

/** The heap limit of an isolated ingest worker when `--memory-limit-mb` is not given. */
export const DEFAULT_ISOLATE_MEMORY_MB = 128;

const FAULTS: readonly IngestFault[] = ['alloc', 'spin'];

type Read = (key: string) => string | undefined;

/** `--isolate` with its options; each of those needs `--isolate`. */
export function isolateSettings(
  isolate: boolean,
  str: Read,
  workers: number | undefined,
): IsolateSettings | undefined {
  const given = ['isolate-workers', 'memory-limit-mb', 'ingest-fault'].find(
    (key) => str(key) !== undefined,
  );
  if (!isolate) {
    if (given !== undefined) throw new UsageError(`--${given} needs --isolate`);
    return undefined;
  }
  if (workers !== undefined) {
    throw new UsageError(
      '--isolate runs the embedded hive; it cannot be combined with --workers (the worker processes run ingest in process)',
    );
  }
  const fault = str('ingest-fault');
  if (fault !== undefined && !FAULTS.includes(fault as IngestFault)) {
    throw new UsageError(`--ingest-fault must be one of ${FAULTS.join(', ')}, got "${fault}"`);
  }
  return {
    workers: number(
      'isolate-workers',
      str('isolate-workers'),
      1,
      (n) => Number.isInteger(n) && n >= 1 && n <= 8,
      'an integer from 1 to 8',
    ),
    memoryLimitMb: number(
      'memory-limit-mb',
      str('memory-limit-mb'),
      DEFAULT_ISOLATE_MEMORY_MB,
      (n) => Number.isInteger(n) && n >= 32 && n <= 4096,
      'an integer from 32 to 4096',
    ),
    ...(fault === undefined ? {} : { fault: fault as IngestFault }),
  };
}

/** `--trace FILE`: the file, refused empty and with `--workers`. */
export function tracePath(str: Read, workers: number | undefined): string | undefined {
  const path = str('trace');
  if (path === undefined) return undefined;
  if (path.trim() === '') throw new UsageError('--trace needs a file to write the spans to');
  if (workers !== undefined) {
    throw new UsageError(
      "--trace traces the embedded hive; it cannot be combined with --workers (the worker processes' spans are not collected)",
    );
  }
  return path;
}
