import type { MetricsSink } from '@leanvibe/core/contracts';
import { cachedResult, performanceTracked } from '@leanvibe/decorators';
import { hash32 } from '../random.js';

/** What the catalog knows about a SKU. */
export interface SkuInfo {
  readonly category: 'hardware' | 'software' | 'service';
  /** Tax in basis points (1/100 of a percent). */
  readonly taxBasisPoints: number;
}

const CATEGORIES = ['hardware', 'software', 'service'] as const;

/** Work a real catalog lookup would cost (a remote call, a parse): rounds of hashing. */
const LOOKUP_ROUNDS = 2_000;

/**
 * The product catalog the ingest plugin consults for every record. Lookups are expensive and
 * repeat (few SKUs, many records), so they are cached per instance; only misses reach the
 * measured lookup.
 */
export class Catalog {
  /** Read by `@performanceTracked`: where each miss's duration is recorded. */
  metrics: MetricsSink | undefined;
  #lookups = 0;
  #misses = 0;

  /** Calls of {@link Catalog.info}, hits and misses together. */
  get lookups(): number {
    return this.#lookups;
  }

  /** Lookups that missed the cache and did the work. */
  get misses(): number {
    return this.#misses;
  }

  /** The SKU's catalog entry. */
  info(sku: string): SkuInfo {
    this.#lookups++;
    return this.lookup(sku);
  }

  // Above @performanceTracked, so cache hits are not measured as work.
  @cachedResult({ ttlMs: 600_000, maxSize: 1_000 })
  @performanceTracked({ name: 'Catalog.lookup' })
  lookup(sku: string): SkuInfo {
    this.#misses++;
    let h = 0;
    for (let round = 0; round < LOOKUP_ROUNDS; round++)
      h = hash32(h, sku.charCodeAt(round % sku.length) + round);
    return { category: CATEGORIES[h % CATEGORIES.length]!, taxBasisPoints: 500 + (h % 1_600) };
  }
}
