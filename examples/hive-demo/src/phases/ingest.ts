import type { PluginHost } from '@leanvibe/core';
import { heapUsedAfterGcMb } from '../gc.js';
import type { IngestBatch } from '../plugins/ingest.js';
import type { Progress } from '../ui/progress.js';
import { storeRows } from './store.js';

/** Settings of the ingest phase. */
export interface IngestPhaseOptions {
  readonly seed: number;
  readonly records: number;
  /** Records per task. @default 50000 */
  readonly batchSize?: number;
  readonly signal: AbortSignal;
  readonly progress: Progress;
}

/** What the ingest phase did (as far as it got, when interrupted). */
export interface IngestSummary {
  readonly records: number;
  readonly batches: number;
  readonly failedBatches: number;
  readonly chunks: number;
  /** Batch summaries written to the store. */
  readonly stored: number;
  /** Fingerprint of every record processed: equal seeds give equal checksums. */
  readonly checksum: number;
  readonly revenueCents: Readonly<Record<string, number>>;
  readonly durationMs: number;
  readonly recordsPerSecond: number;
  /** `heapUsed` after a full GC at the end of each batch, in MB: flat means nothing is retained. */
  readonly heapAfterGcMb: readonly number[];
  /** `heapUsed` after a full GC at the end of the ingest, in MB. */
  readonly finalHeapAfterGcMb: number;
}

/**
 * Runs the dataset through the ingest plugin as a sequence of `ingest.batch` tasks, driving the
 * progress display from the tasks' status events.
 */
export async function runIngestPhase(
  host: PluginHost,
  options: IngestPhaseOptions,
): Promise<IngestSummary> {
  const { seed, records, signal, progress } = options;
  const batchSize = options.batchSize ?? 50_000;
  const started = performance.now();
  const revenue = new Map<string, number>();
  const heap: number[] = [];
  let done = 0;
  let current = 0;
  let batches = 0;
  let failedBatches = 0;
  let chunks = 0;
  let checksum = 0;
  let stored = 0;
  const unsubscribe = host.onTaskStatus((event) => {
    if (event.type === 'ingest.batch' && event.progress !== undefined) {
      progress.update(done + Math.round(event.progress * current));
    }
  });
  try {
    progress.update(0);
    for (let first = 1; first <= records && !signal.aborted; first += batchSize) {
      current = Math.min(batchSize, records - first + 1);
      const result = await host.execute<IngestBatch>({
        type: 'ingest.batch',
        params: { seed, first, count: current },
        signal,
      });
      if (!result.success) {
        failedBatches++;
        continue;
      }
      batches++;
      done += result.data.records;
      chunks += result.data.chunks;
      checksum = (checksum + result.data.checksum) >>> 0;
      for (const [region, cents] of Object.entries(result.data.revenueCents)) {
        revenue.set(region, (revenue.get(region) ?? 0) + cents);
      }
      const row = {
        kind: 'ingest',
        key: `batch-${first}`,
        value: JSON.stringify(result.data),
      } as const;
      if (await storeRows(host, [row], signal)) stored++;
      heap.push(round(heapUsedAfterGcMb()));
    }
  } finally {
    unsubscribe();
  }
  const durationMs = performance.now() - started;
  const summary: IngestSummary = {
    records: done,
    batches,
    failedBatches,
    chunks,
    stored,
    checksum,
    revenueCents: Object.fromEntries(revenue),
    durationMs: round(durationMs),
    recordsPerSecond: Math.round(done / Math.max(durationMs / 1000, 1e-3)),
    heapAfterGcMb: heap,
    finalHeapAfterGcMb: round(heapUsedAfterGcMb()),
  };
  progress.done(
    `${done.toLocaleString('en-US')} records in ${batches} batches, ${(durationMs / 1000).toFixed(1)} s ` +
      `(${summary.recordsPerSecond.toLocaleString('en-US')} records/s); heap after GC ${summary.finalHeapAfterGcMb} MB`,
  );
  return summary;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
