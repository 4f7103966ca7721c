import type { TaskRequest } from '@leanvibe/core/contracts';
import type { StoreRow } from '../phases/store.js';

/**
 * The row a task's result is stored as: its key is the task's own (`batch-<first>`,
 * `items/<n>`, as the embedded run writes them), so whichever worker runs a task, however often,
 * the store (`INSERT OR REPLACE` on kind and key) holds one row for it.
 */
export function rowFor(request: TaskRequest, data: unknown): StoreRow | undefined {
  const params = request.params as { first?: number; url?: string } | undefined;
  if (request.type === 'ingest.batch' && typeof params?.first === 'number') {
    return { kind: 'ingest', key: `batch-${params.first}`, value: JSON.stringify(data) };
  }
  if (request.type === 'fetch.get' && typeof params?.url === 'string') {
    return {
      kind: 'fetch',
      key: new URL(params.url).pathname.slice(1),
      value: JSON.stringify(data),
    };
  }
  return undefined;
}
