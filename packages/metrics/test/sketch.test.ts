import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../src/index.js';

/** The exact lower-rank quantile the sketch estimates: sorted[⌊q·(n−1)⌋]. */
function exact(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

/** The stated bound, with room for floating-point rounding at bin edges. */
const within = (estimate: number, truth: number, alpha: number) =>
  Math.abs(estimate - truth) <= alpha * truth + 1e-12;

describe('QuantileSketch', () => {
  test.prop(
    [
      fc.array(
        fc.oneof(
          fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
          fc.integer({ min: 0, max: 5000 }),
          fc.constantFrom(0, 1, 2, 2, 2),
        ),
        { minLength: 1, maxLength: 3000 },
      ),
      fc.constantFrom(0.01, 0.02, 0.05),
    ],
    { numRuns: 150 },
  )('keeps p50/p95/p99 within the relative accuracy of the exact values', (values, alpha) => {
    const sketch = new QuantileSketch({ relativeAccuracy: alpha });
    for (const value of values) sketch.record(value);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.5, 0.95, 0.99, 1]) {
      const truth = exact(sorted, q);
      const estimate = sketch.quantile(q);
      expect(within(estimate, truth, alpha), `q=${q} truth=${truth} estimate=${estimate}`).toBe(
        true,
      );
    }
    expect(sketch.count).toBe(values.length);
    expect(sketch.min).toBe(sorted[0]);
    expect(sketch.max).toBe(sorted.at(-1));
  });

  test.prop([
    fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 500 }),
  ])('agrees with a sketch fed the same values with counts', (values) => {
    const one = new QuantileSketch();
    const batched = new QuantileSketch();
    for (const value of values) {
      one.record(value);
      one.record(value);
      batched.record(value, 2);
    }
    for (const q of [0.5, 0.95, 0.99]) expect(batched.quantile(q)).toBe(one.quantile(q));
    expect(batched.sum).toBeCloseTo(one.sum);
  });

  it('holds constant memory from a thousand to ten million samples', () => {
    const sketch = new QuantileSketch({ relativeAccuracy: 0.01, maxBins: 2048 });
    // A deterministic stream, uniform over 1 .. 100 001 ms (xorshift32: cheap, so ten million
    // individual records stay fast).
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return 1 + (state >>> 0) / 42_949.67296;
    };
    const footprints: number[] = [];
    for (const target of [1_000, 100_000, 1_000_000, 10_000_000]) {
      while (sketch.count < target) sketch.record(next());
      footprints.push(sketch.allocatedBins);
    }
    expect(sketch.count).toBe(10_000_000);
    expect(new Set(footprints).size).toBe(1);
    expect(footprints[0]).toBeLessThanOrEqual(2 * sketch.maxBins);
    // Still accurate at ten million: uniform p50 ≈ 50 001 ms, p99 ≈ 99 001 ms.
    expect(within(sketch.quantile(0.5), 50_001, 0.015)).toBe(true);
    expect(within(sketch.quantile(0.99), 99_001, 0.015)).toBe(true);
  });

  it('never holds more than twice maxBins, merging the lowest bins past its span', () => {
    const sketch = new QuantileSketch({ relativeAccuracy: 0.01, maxBins: 64 });
    // 64 bins of ratio ~1.02 span ~3.6×; feed 12 orders of magnitude.
    for (let e = -6; e <= 6; e += 0.001) sketch.record(10 ** e);
    expect(sketch.allocatedBins).toBeLessThanOrEqual(128);
    // High quantiles keep their accuracy; the lowest fold upwards.
    const sorted: number[] = [];
    for (let e = -6; e <= 6; e += 0.001) sorted.push(10 ** e);
    expect(within(sketch.quantile(0.99), exact(sorted, 0.99), 0.01)).toBe(true);
    expect(within(sketch.quantile(1), exact(sorted, 1), 0.01)).toBe(true);
    expect(sketch.quantile(0)).toBeGreaterThan(exact(sorted, 0));
  });

  it('reports NaN when empty, exact count/sum/min/max/mean, and resets', () => {
    const sketch = new QuantileSketch();
    expect(sketch.quantile(0.5)).toBeNaN();
    expect(sketch.min).toBeNaN();
    expect(sketch.max).toBeNaN();
    expect(sketch.mean).toBeNaN();
    expect(sketch.allocatedBins).toBe(0);
    for (const v of [0, 0, 4, 6]) sketch.record(v);
    expect([sketch.count, sketch.sum, sketch.min, sketch.max, sketch.mean]).toEqual([
      4, 10, 0, 6, 2.5,
    ]);
    expect(sketch.quantile(0.25)).toBe(0);
    sketch.reset();
    expect(sketch.count).toBe(0);
    expect(sketch.quantile(0.5)).toBeNaN();
    sketch.record(3);
    expect(sketch.quantile(0.5)).toBeCloseTo(3, 1);
  });

  it.each([
    [
      () => new QuantileSketch({ relativeAccuracy: 0 }),
      '`relativeAccuracy` must be a finite number between 0.0001 and 0.5, got 0',
    ],
    [
      () => new QuantileSketch({ maxBins: 8 }),
      '`maxBins` must be an integer between 16 and 65536, got 8',
    ],
    [() => new QuantileSketch().record(-1), '`value` must be a finite number ≥ 0, got -1'],
    [() => new QuantileSketch().record(Number.NaN), '`value` must be a finite number ≥ 0, got NaN'],
    [() => new QuantileSketch().record(1, 1.5), '`times` must be an integer ≥ 1, got 1.5'],
    [() => new QuantileSketch().quantile(1.5), '`q` must be a number between 0 and 1, got 1.5'],
  ])('rejects bad input: %#', (act, message) => {
    expect(act).toThrow(message);
  });
});
