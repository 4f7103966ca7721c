import { createRandom } from './random.js';

/** One generated record. */
export interface DataRecord {
  readonly id: number;
  readonly region: string;
  readonly sku: string;
  readonly quantity: number;
  readonly priceCents: number;
}

const REGIONS = ['eu-west', 'eu-north', 'us-east', 'us-west', 'ap-south', 'ap-east'] as const;

/** How many distinct SKUs exist: lookups repeat, so a cache pays off. */
export const SKU_COUNT = 500;

/**
 * Generates `count` records lazily from `seed`: nothing is held in memory, so half a million
 * records cost no more heap than ten.
 */
export function* generateRecords(count: number, seed: number): Generator<DataRecord> {
  const random = createRandom(seed);
  for (let id = 1; id <= count; id++) {
    yield {
      id,
      region: REGIONS[random.int(REGIONS.length)]!,
      sku: `SKU-${String(random.int(SKU_COUNT)).padStart(4, '0')}`,
      quantity: 1 + random.int(20),
      priceCents: 100 + random.int(99_900),
    };
  }
}
