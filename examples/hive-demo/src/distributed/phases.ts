import type { TaskRequest, TaskResult } from '@leanvibe/core/contracts';
import type { TaskHandle, TaskQueue } from '@leanvibe/queue';
import type { FetchSummary } from '../phases/fetch.js';
import { METADATA_URL } from '../phases/fetch.js';
import type { IngestSummary } from '../phases/ingest.js';
import { countBy, failureCode } from '../phases/outcome.js';
import type { FetchOutcome } from '../plugins/fetch.js';
import type { IngestBatch } from '../plugins/ingest.js';
import type { Ledger } from './ledger.js';

/** How a phase waits for its results. */
export interface WaitOptions {
  readonly signal: AbortSignal;
  /** Give up on the rest when no result arrived for this long (they count as lost). */
  readonly idleMs: number;
  /** Workers still running; none left means nothing more can arrive. */
  readonly alive: () => number;
  /** Called after each result, with the number settled so far. */
  readonly onSettled: (settled: number) => void;
}

/** A phase's jobs as they ended: a result each, or none for a job that was lost. */
export interface Settled {
  readonly results: ReadonlyMap<string, TaskResult>;
  /** Jobs whose result never came (the queue lost them, or the run gave up waiting). */
  readonly lost: readonly string[];
}

/**
 * Submits `requests` in one round trip and waits for every result. Ctrl-C (the signal) cancels
 * the jobs not yet settled: those still waiting are removed, those running are aborted on their
 * worker, and each then settles as a cancelled failure.
 */
export async function runJobs(
  queue: TaskQueue,
  requests: readonly TaskRequest[],
  options: WaitOptions,
): Promise<Settled> {
  if (requests.length === 0) return { results: new Map(), lost: [] };
  // The task's id is the job's too: one job per task, whatever happens to its worker.
  const handles = await queue.submitMany(
    requests.map((request) => ({
      request,
      ...(request.id === undefined ? {} : { options: { idempotencyKey: request.id } }),
    })),
  );
  return settle(handles, options);
}

/** Waits for the results of `handles`, by job id (the task's id when it has one). */
async function settle(handles: readonly TaskHandle[], options: WaitOptions): Promise<Settled> {
  const { signal, idleMs, alive, onSettled } = options;
  const results = new Map<string, TaskResult>();
  const gone = new Set<string>();
  let last = performance.now();
  let wake: (() => void) | undefined;
  for (const handle of handles) {
    handle.result().then(
      (result) => {
        results.set(handle.id, result);
        last = performance.now();
        onSettled(results.size);
        wake?.();
      },
      () => {
        // The job is gone from Redis, or the producer closed: no result will come.
        gone.add(handle.id);
        wake?.();
      },
    );
  }
  let cancelled = false;
  while (results.size + gone.size < handles.length) {
    if (signal.aborted && !cancelled) {
      cancelled = true;
      await Promise.all(
        handles.filter((h) => !results.has(h.id)).map((h) => h.cancel().catch(() => false)),
      );
      last = performance.now();
    }
    if (alive() === 0 || performance.now() - last > idleMs) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 200);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }
  const lost = handles.filter((h) => !results.has(h.id)).map((h) => h.id);
  return { results, lost };
}

/** The ingest phase through the queue: every batch at once, spread over the workers. */
export async function runIngestJobs(
  queue: TaskQueue,
  ledger: Ledger,
  options: { readonly seed: number; readonly records: number; readonly batchSize?: number },
  wait: WaitOptions,
): Promise<{ summary: IngestSummary; settled: Settled; submitted: number }> {
  const { seed, records } = options;
  const batchSize = options.batchSize ?? 50_000;
  const started = performance.now();
  const requests: TaskRequest[] = [];
  for (let first = 1; first <= records; first += batchSize) {
    const count = Math.min(batchSize, records - first + 1);
    requests.push({ id: `ingest-${first}`, type: 'ingest.batch', params: { seed, first, count } });
  }
  const settled = await runJobs(queue, requests, wait);
  const revenue = new Map<string, number>();
  const heap: number[] = [];
  let done = 0;
  let batches = 0;
  let failedBatches = 0;
  let chunks = 0;
  let checksum = 0;
  let stored = 0;
  for (const request of requests) {
    const id = request.id!;
    const result = settled.results.get(id) as TaskResult<IngestBatch> | undefined;
    if (result === undefined) continue;
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
    if (ledger.wasStored(id)) stored++;
    const mb = ledger.heapAfterGcMb.get(id);
    if (mb !== undefined) heap.push(mb);
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
    durationMs: Math.round(durationMs * 10) / 10,
    recordsPerSecond: Math.round(done / Math.max(durationMs / 1000, 1e-3)),
    heapAfterGcMb: heap,
    // The worst worker's heap after its last batch: each process holds one chunk at a time.
    finalHeapAfterGcMb: heap.length === 0 ? 0 : Math.max(...heap),
  };
  return { summary, settled, submitted: requests.length };
}

/** The fetch phase through the queue: every fetch at once, then the metadata request. */
export async function runFetchJobs(
  queue: TaskQueue,
  ledger: Ledger,
  options: { readonly baseUrl: string; readonly tasks: number },
  wait: WaitOptions,
): Promise<{ summary: FetchSummary; settled: Settled; submitted: number }> {
  const { baseUrl, tasks } = options;
  const started = performance.now();
  const requests: TaskRequest[] = Array.from({ length: tasks }, (_, i) => ({
    id: `fetch-${i + 1}`,
    type: 'fetch.get',
    params: { url: `${baseUrl}/items/${i + 1}` },
  }));
  const fetches = await runJobs(queue, requests, wait);
  // After the others, as in the embedded run: the SSRF guard must refuse it on whichever worker
  // takes it (submitted with them, it could meet an open circuit first).
  const metadataRequests: TaskRequest[] = wait.signal.aborted
    ? []
    : [{ id: 'fetch-metadata', type: 'fetch.get', params: { url: METADATA_URL } }];
  const last = await runJobs(queue, metadataRequests, {
    ...wait,
    onSettled: (n) => wait.onSettled(fetches.results.size + n),
  });
  const settled: Settled = {
    results: new Map([...fetches.results, ...last.results]),
    lost: [...fetches.lost, ...last.lost],
  };
  const results = requests.flatMap((r) => {
    const result = settled.results.get(r.id!) as TaskResult<FetchOutcome> | undefined;
    return result === undefined ? [] : [{ id: r.id!, result }];
  });
  const succeeded = results.filter(({ result }) => result.success);
  const metadata = settled.results.get('fetch-metadata');
  const summary: FetchSummary = {
    tasks,
    succeeded: succeeded.length,
    failures: countBy(
      results.map(({ result }) => result),
      failureCode,
    ),
    attempts: countBy(succeeded, ({ result }) =>
      result.success ? String(result.data.attempts) : undefined,
    ),
    stored: succeeded.filter(({ id }) => ledger.wasStored(id)).length,
    metadataRequest:
      metadata === undefined
        ? metadataRequests.length === 0
          ? 'not sent'
          : 'lost'
        : metadata.success
          ? 'allowed'
          : (failureCode(metadata) ?? 'failed'),
    durationMs: Math.round(performance.now() - started),
  };
  return { summary, settled, submitted: requests.length + metadataRequests.length };
}
