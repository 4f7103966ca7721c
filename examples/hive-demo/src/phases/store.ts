import type { PluginHost } from '@leanvibe/core';
import type { StoreOutcome } from '../plugins/store.js';

/** One row for the store plugin. */
export interface StoreRow {
  readonly kind: 'ingest' | 'fetch';
  readonly key: string;
  readonly value: string;
}

/** Writes rows through the store plugin; true when they were written. */
export async function storeRows(
  host: PluginHost,
  rows: readonly StoreRow[],
  signal: AbortSignal,
): Promise<boolean> {
  if (rows.length === 0) return true;
  const result = await host.execute<StoreOutcome>({
    type: 'store',
    params: { op: 'put', rows },
    signal,
  });
  return result.success;
}

/** Rows in the store by kind, read back from the database. */
export async function storedCounts(host: PluginHost): Promise<Readonly<Record<string, number>>> {
  const result = await host.execute<StoreOutcome>({ type: 'store', params: { op: 'count' } });
  return result.success && 'counts' in result.data ? result.data.counts : {};
}
