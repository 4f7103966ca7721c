import type { Task, TaskResult } from '@leanvibe/core';
import { type IngestBatch, IngestPlugin } from '../plugins/ingest.js';

/**
 * The module `--isolate --ingest-fault KIND` loads in each worker thread: the ingest plugin,
 * except that a task whose params carry `fault` misbehaves before the plugin sees it — `alloc`
 * allocates until the worker's heap limit stops it, `spin` never yields. Every other task is the
 * plugin's own. Only the demo's wall phase sends such a task.
 */
export default class FaultyIngestPlugin extends IngestPlugin {
  override execute(task: Task<unknown>): Promise<TaskResult<IngestBatch>> {
    const fault = (task.params as { fault?: unknown } | undefined)?.fault;
    if (fault === 'alloc') hoard();
    if (fault === 'spin') spin();
    return super.execute(task);
  }
}

/** Keeps every array it makes: the heap grows 8 MB a round until V8 stops the worker. */
function hoard(): never {
  const kept: number[][] = [];
  for (;;) kept.push(new Array<number>(1_000_000).fill(kept.length));
}

/** A loop that never yields: no abort, timer or message reaches this thread again. */
function spin(): never {
  let turns = 0;
  for (;;) turns = (turns + 1) | 0;
}
