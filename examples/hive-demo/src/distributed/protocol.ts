import type { PoolStats } from '@leanvibe/pool';

/**
 * The messages the main process and its workers exchange over the IPC channel of
 * `child_process.fork`. Everything the report says about the workers arrives this way.
 */

/** A worker's catalog cache: lookups, and those that missed. */
export interface CatalogFigures {
  readonly lookups: number;
  readonly misses: number;
}

/** What a worker needs to build its host and serve the queues. */
export interface WorkerConfig {
  /** 1-based: how the report and the live view name the worker. */
  readonly index: number;
  readonly redisUrl: string;
  /** The key prefix of both queues. */
  readonly prefix: string;
  /** The queues of the ingest and the fetch tasks. */
  readonly queues: { readonly ingest: string; readonly fetch: string };
  /** The prefix of the shared circuit state's keys. */
  readonly breakerPrefix: string;
  readonly seed: number;
  /** The SQLite file every worker writes its results to. */
  readonly databaseFile: string;
  /** The vault's root (the workers run no vault task; the plugin needs one). */
  readonly vaultRoot: string;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  /** Fetch jobs a worker runs at once (the fetch plugin's concurrency). */
  readonly fetchConcurrency: number;
}

/** Main to worker. */
export type ToWorker =
  | { readonly type: 'start'; readonly config: WorkerConfig }
  /** Stop taking jobs, finish those in flight, close everything and exit. */
  | { readonly type: 'close' };

/** A plugin lifecycle message of the worker's host, relayed to the main process's channels. */
export interface RelayedLifecycle {
  readonly channel: 'init' | 'execute';
  readonly pluginId: string;
  readonly phase: 'start' | 'end';
  readonly taskId?: string;
  readonly taskType?: string;
  readonly durationMs?: number;
  readonly result?: {
    readonly success: boolean;
    readonly pluginId: string;
    readonly taskId: string;
    readonly executionTimeMs: number;
    readonly memoryUsedMb?: number;
    readonly error?: { readonly code: string; readonly message: string };
  };
  readonly error?: { readonly message: string };
}

/** Worker to main. */
export type FromWorker =
  | {
      readonly type: 'ready';
      readonly pid: number;
      /** How long its host took to start, in ms. */
      readonly startMs: number;
    }
  /** A log line of the worker's host, already formatted. */
  | { readonly type: 'log'; readonly line: string }
  /** A job's task began on this worker (sent before it runs: a kill cannot hide it). */
  | { readonly type: 'started'; readonly id: string }
  /** A job's task ended on this worker. */
  | {
      readonly type: 'finished';
      readonly id: string;
      readonly success: boolean;
      /** Its result was written to the store. */
      readonly stored: boolean;
      /** For an ingest batch: `heapUsed` after a full GC once it ended, in MB. */
      readonly heapAfterGcMb?: number;
      /** For an ingest batch: the worker's catalog cache so far. */
      readonly catalog?: CatalogFigures;
    }
  /** The worker's fetch circuit changed state at `at` (`Date.now()`). */
  | {
      readonly type: 'breaker';
      readonly from: string;
      readonly to: string;
      readonly remote: boolean;
      readonly at: number;
    }
  | ({ readonly type: 'lifecycle' } & RelayedLifecycle)
  /** The worker's own figures, once its queues are closed and before its host is. */
  | {
      readonly type: 'figures';
      readonly catalog: CatalogFigures;
      readonly pool: PoolStats | undefined;
    }
  /** Everything is closed; the worker exits next. */
  | { readonly type: 'closed' };
