import { EPIC1 } from '@leanvibe/core/contracts';
import type { PoolStats } from '@leanvibe/pool';
import type { BreakerFollow } from './distributed/follow.js';
import type { Decision, Fault } from './flaky-server.js';
import type { IsolationSummary } from './isolate/summary.js';
import type { FetchSummary } from './phases/fetch.js';
import type { IngestSummary } from './phases/ingest.js';
import type { VaultSummary } from './phases/vault.js';
import type { BreakerTransition } from './plugins/fetch.js';
import type { TraceSummary } from './trace/summary.js';

/** Tasks that ended one way, for one plugin. */
export interface TaskCount {
  readonly plugin: string;
  readonly outcome: string;
  /** Why it failed (`-` for successes). */
  readonly code: string;
  readonly count: number;
}

/** Task durations of one plugin, in milliseconds. */
export interface LatencyRow {
  readonly plugin: string;
  readonly tasks: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/** What `report.json` holds. */
export interface DemoReport {
  readonly demo: 'hive-demo';
  readonly options: {
    readonly seed: number;
    readonly records: number;
    readonly tasks: number;
    readonly failureRate: number;
  };
  readonly startedAt: string;
  /** Wall time of the run, from start to the report. */
  readonly durationMs: number;
  readonly interrupted: boolean;
  readonly completed: readonly string[];
  readonly metricsUrl: string;
  /** `heapUsed` after a full GC at the end of the ingest, against the Epic 1 budget. */
  readonly memory?: {
    readonly heapUsedAfterGcMb: number;
    readonly budgetMb: number;
    readonly withinBudget: boolean;
  };
  readonly ingest?: IngestSummary;
  readonly fetch?: FetchSummary;
  readonly vault?: VaultSummary;
  readonly breaker: {
    readonly state: string;
    readonly opened: number;
    /** The circuit closed again after its last opening. */
    readonly recovered: boolean;
    readonly transitions: readonly BreakerTransition[];
  };
  readonly cache: {
    readonly lookups: number;
    readonly hits: number;
    readonly misses: number;
    readonly hitRate: number;
  };
  readonly store: {
    readonly rows: Readonly<Record<string, number>>;
    readonly pool: PoolStats | undefined;
  };
  /** The flaky service's decisions, in request order: the same seed gives the same list. */
  readonly server: {
    readonly requests: number;
    readonly faults: Readonly<Record<Fault, number>>;
    readonly decisions: readonly Fault[];
  };
  readonly tasks: readonly TaskCount[];
  readonly latency: readonly LatencyRow[];
  readonly epic1: { readonly passed: boolean; readonly table: string; readonly checks: unknown };
  /** Only with `--workers`: how the tasks went through the queue and the workers. */
  readonly distributed?: DistributedSummary;
  /** Only with `--isolate`: the ingest plugin's wall (worker threads, heap limit, restarts). */
  readonly isolation?: IsolationSummary;
  /** Only with `--trace FILE`: what was written, and the slowest fetch task's waterfall. */
  readonly trace?: TraceSummary;
}

/** One worker process of a distributed run. */
export interface WorkerSummary {
  readonly index: number;
  readonly pid: number | undefined;
  /** Tasks it finished (a task it ran twice counts once). */
  readonly completed: number;
  /** The demo sent it SIGKILL (`--kill-worker-after`). */
  readonly killed: boolean;
  /** With `killed`: tasks finished fleet-wide when it was killed. */
  readonly killedAfter?: number;
  /** It exited before the end of the run without being killed. */
  readonly crashed: boolean;
}

/** The distributed run: the queue's account of every task, the workers, the shared breaker. */
export interface DistributedSummary {
  readonly workers: number;
  /** The Redis server: `private` (started by the demo) or the `--redis` URL given. */
  readonly redis: string;
  readonly killWorkerAfter: number | null;
  /** Jobs submitted through the queue (ingest batches, fetches, the metadata request). */
  readonly submitted: number;
  /** Jobs whose task succeeded. */
  readonly completed: number;
  /** Jobs whose task failed (after the fetch plugin's own retries). */
  readonly failed: number;
  /** `submitted − completed − failed`: jobs whose result never came. Must be 0. */
  readonly lost: number;
  /** Tasks started more than once (BullMQ delivers at least once: a killed worker's jobs run again). */
  readonly executedTwice: number;
  readonly executedTwiceIds: readonly string[];
  readonly perWorker: readonly WorkerSummary[];
  /** How fast the other workers' breakers followed an open (the shared Redis circuit state). */
  readonly breaker: BreakerFollow;
}

/** Counts faults by kind. */
export function faultCounts(decisions: readonly Decision[]): Record<Fault, number> {
  const counts: Record<Fault, number> = { ok: 0, fail: 0, slow: 0, hang: 0 };
  for (const { fault } of decisions) counts[fault]++;
  return counts;
}

/** The breaker's story: how often it opened and whether it recovered. */
export function breakerSummary(
  state: string,
  transitions: readonly BreakerTransition[],
): DemoReport['breaker'] {
  const opened = transitions.filter((t) => t.to === 'open').length;
  const lastOpen = transitions.findLastIndex((t) => t.to === 'open');
  const recovered = lastOpen >= 0 && transitions.slice(lastOpen).some((t) => t.to === 'closed');
  return { state, opened, recovered, transitions };
}

/** The memory figure against the Epic 1 budget. */
export function memoryFigure(heapUsedAfterGcMb: number): NonNullable<DemoReport['memory']> {
  return {
    heapUsedAfterGcMb,
    budgetMb: EPIC1.memoryMb,
    withinBudget: heapUsedAfterGcMb < EPIC1.memoryMb,
  };
}
