import { PluginBase, processInChunks, type Task, type TaskScope } from '@leanvibe/core';
import { performanceTracked } from '@leanvibe/decorators';
import { z } from 'zod';
import { type DataRecord, generateRecords, REGIONS } from '../dataset.js';
import { hash32 } from '../random.js';
import { Catalog } from './catalog.js';

const Params = z.object({
  seed: z.number().int(),
  /** The first record's id (1-based). */
  first: z.number().int().min(1),
  count: z.number().int().min(0).max(1_000_000),
  chunkSize: z.number().int().min(1).max(100_000).default(5_000),
});

/** Params of an `ingest.batch` task. */
export type IngestParams = z.output<typeof Params>;

/** What one batch adds up to. */
export interface IngestBatch {
  readonly records: number;
  readonly chunks: number;
  /** Revenue including tax, in cents, by region. */
  readonly revenueCents: Readonly<Record<string, number>>;
  /** An order-independent fingerprint of the records: equal for equal data. */
  readonly checksum: number;
}

interface Totals {
  checksum: number;
  readonly revenue: Map<string, number>;
}

/**
 * Processes a slice of the generated dataset a chunk at a time with `processInChunks`, looking
 * every record's SKU up in a cached catalog and adding revenue by region. It holds one chunk at
 * a time, so memory stays flat however many records go through; progress is reported through
 * the task's status after each chunk.
 */
export class IngestPlugin extends PluginBase<IngestParams, IngestBatch> {
  /** The catalog every record is checked against; its counters give the cache hit rate. */
  readonly catalog = new Catalog();

  constructor() {
    super({
      name: 'ingest',
      version: '1.0.0',
      type: 'data_processing',
      taskTypes: ['ingest.batch'],
      sdk: '^0.1.0',
      params: Params,
      limits: { maxExecutionTimeMs: 30_000, concurrency: 1, maxQueue: 100 },
    });
  }

  protected override onInitialize(): void {
    this.catalog.metrics = this.metrics;
  }

  async handleTask(
    task: Task<IngestParams>,
    scope: TaskScope<IngestParams, IngestBatch>,
  ): Promise<IngestBatch> {
    const { seed, first, count, chunkSize } = task.params;
    const totals: Totals = { checksum: 0, revenue: new Map(REGIONS.map((region) => [region, 0])) };
    const { processed, chunks } = await processInChunks(
      generateRecords(seed, first, count),
      {
        chunkSize,
        signal: scope.signal,
        onProgress: ({ processed }) =>
          task.updateStatus('running', { progress: count === 0 ? 1 : processed / count }),
      },
      (chunk) => this.processChunk(chunk, totals),
    );
    return {
      records: processed,
      chunks,
      revenueCents: Object.fromEntries(totals.revenue),
      checksum: totals.checksum,
    };
  }

  @performanceTracked({ name: 'IngestPlugin.processChunk' })
  processChunk(chunk: readonly DataRecord[], totals: Totals): void {
    for (const record of chunk) {
      const { taxBasisPoints } = this.catalog.info(record.sku);
      const net = record.priceCents * record.quantity;
      const gross = net + Math.round((net * taxBasisPoints) / 10_000);
      totals.revenue.set(record.region, totals.revenue.get(record.region)! + gross);
      totals.checksum = (totals.checksum + hash32(record.id, gross)) >>> 0;
    }
  }
}
