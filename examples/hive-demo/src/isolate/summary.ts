import type { IngestFault } from '../cli-walls.js';

/** What the wall phase's hostile ingest task did, and whether the plugin served on. */
export interface WallSummary {
  readonly fault: IngestFault;
  /** The code the hostile task failed with (`PLUGIN_MEMORY` for `alloc`), `succeeded` if it did not fail. */
  readonly code: string;
  /** How long the hostile task took to fail, in milliseconds. */
  readonly durationMs: number;
  /** The ordinary ingest task sent right after it: `succeeded`, or its failure code. */
  readonly next: string;
  /** Records the ordinary task processed (each one a catalog lookup in the worker). */
  readonly nextRecords: number;
}

/** `report.json`'s `isolation`: the ingest plugin's wall, from `IsolatedPlugin.isolation`. */
export interface IsolationSummary {
  readonly plugin: string;
  /** The module each worker thread loads. */
  readonly module: string;
  readonly workers: number;
  /** Each worker's heap limit in MB; `null`: no limit beyond Node's own. */
  readonly memoryLimitMb: number | null;
  /** Where the limit came from: `--memory-limit-mb` (or its default), the manifest, or nowhere. */
  readonly memoryLimitFrom: 'option' | 'manifest' | 'none';
  /** The workers' state when the run ended (`ready`, `failed`...). */
  readonly state: string;
  /** Thread ids of the live workers. */
  readonly threadIds: readonly number[];
  /** Workers started again after a crash or a termination. */
  readonly restarts: number;
  readonly lastError?: { readonly code: string; readonly message: string };
  /** With `--ingest-fault`: the hostile task. */
  readonly wall?: WallSummary;
}
