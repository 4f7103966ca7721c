import { hash32 } from './random.js';

/** One generated record. */
export interface DataRecord {
  readonly id: number;
  readonly region: string;
  readonly sku: string;
  readonly quantity: number;
  readonly priceCents: number;
}

/** The regions records are spread over. */
export const REGIONS = [
  'eu-west',
  'eu-north',
  'us-east',
  'us-west',
  'ap-south',
  'ap-east',
] as const;

/** How many distinct SKUs exist: lookups repeat, so a cache pays off. */
export const SKU_COUNT = 500;

/**
 * The record with `id` under `seed`: a pure function of both, so any slice of the dataset can be
 * generated on its own and every run with one seed sees the same data.
 */
export function recordAt(seed: number, id: number): DataRecord {
  const h = hash32(seed, id);
  return {
    id,
    region: REGIONS[h % REGIONS.length]!,
    sku: `SKU-${String((h >>> 8) % SKU_COUNT).padStart(4, '0')}`,
    quantity: 1 + ((h >>> 20) % 20),
    priceCents: 100 + (hash32(h, id) % 99_900),
  };
}

/**
 * Generates records `first` to `first + count - 1` lazily: nothing is held in memory, so half a
 * million records cost no more heap than ten.
 */
export function* generateRecords(
  seed: number,
  first: number,
  count: number,
): Generator<DataRecord> {
  for (let id = first; id < first + count; id++) yield recordAt(seed, id);
}
