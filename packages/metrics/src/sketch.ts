import {
  checkFiniteNumber,
  checkInteger,
  checkOptionsObject,
  invalidArgument,
} from '@leanvibe/core/contracts';

/** Options of {@link QuantileSketch}. */
export interface QuantileSketchOptions {
  /**
   * The relative error bound α of every quantile: the estimate is within `α × exact` of the
   * exact sample at that rank. @default 0.01
   */
  readonly relativeAccuracy?: number;
  /**
   * The most bins kept (8 bytes each). With α = 0.01, 2048 bins span values from 1 to
   * ~10¹⁷ times the smallest; past that span the lowest bins are merged, so low quantiles lose
   * accuracy first and high ones (p95, p99) keep it. @default 2048
   */
  readonly maxBins?: number;
}

const INITIAL_BINS = 128;

/**
 * A fixed-memory quantile estimator in the manner of DDSketch (Masson, Rim & Lee, VLDB 2019):
 * logarithmic bins of ratio γ = (1 + α) / (1 − α), so every estimate has relative error ≤ α,
 * in at most `maxBins` counters whatever the number of samples. Values must be ≥ 0 (zeros have
 * their own counter). Exact `count`, `sum`, `min` and `max` are kept alongside.
 *
 * @example
 * ```ts
 * const sketch = new QuantileSketch({ relativeAccuracy: 0.01 });
 * for (const ms of [3, 5, 8, 13, 21]) sketch.record(ms);
 * sketch.quantile(0.5); // ≈ 8 (within 1 %)
 * ```
 */
export class QuantileSketch {
  /** The relative error bound α. */
  readonly relativeAccuracy: number;
  /** The most bins kept. */
  readonly maxBins: number;
  readonly #multiplier: number;
  readonly #invLogGamma: number;
  readonly #logGamma: number;
  #bins: Float64Array | undefined;
  #spare: Float64Array | undefined;
  /** The bin index held by `#bins[0]`. */
  #offset = 0;
  #lo = 0;
  #hi = -1;
  #zeros = 0;
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  constructor(options: QuantileSketchOptions = {}) {
    checkOptionsObject('options', options);
    this.relativeAccuracy = checkFiniteNumber(
      'relativeAccuracy',
      options.relativeAccuracy ?? 0.01,
      {
        min: 0.0001,
        max: 0.5,
      },
    );
    this.maxBins = checkInteger('maxBins', options.maxBins ?? 2048, { min: 16, max: 1 << 16 });
    const gamma = (1 + this.relativeAccuracy) / (1 - this.relativeAccuracy);
    this.#logGamma = Math.log(gamma);
    this.#invLogGamma = 1 / this.#logGamma;
    this.#multiplier = 2 / (1 + gamma);
  }

  /** How many values were recorded. */
  get count(): number {
    return this.#count;
  }
  /** The exact sum of the recorded values. */
  get sum(): number {
    return this.#sum;
  }
  /** The exact smallest value, or `NaN` when empty. */
  get min(): number {
    return this.#count === 0 ? Number.NaN : this.#min;
  }
  /** The exact largest value, or `NaN` when empty. */
  get max(): number {
    return this.#count === 0 ? Number.NaN : this.#max;
  }
  /** The exact mean, or `NaN` when empty. */
  get mean(): number {
    return this.#count === 0 ? Number.NaN : this.#sum / this.#count;
  }
  /** Bins allocated (the memory held, 8 bytes each); never more than twice `maxBins`. */
  get allocatedBins(): number {
    return (this.#bins?.length ?? 0) + (this.#spare?.length ?? 0);
  }

  /** Records `value` (a finite number ≥ 0) `times` times (default once). */
  record(value: number, times = 1): void {
    if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) {
      throw invalidArgument('value', 'a finite number ≥ 0', value);
    }
    if (!(times > 0 && Number.isInteger(times))) {
      throw invalidArgument('times', 'an integer ≥ 1', times);
    }
    this.#count += times;
    this.#sum += value * times;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    if (value === 0) {
      this.#zeros += times;
      return;
    }
    let index = Math.ceil(Math.log(value) * this.#invLogGamma);
    let bins = this.#bins;
    if (bins === undefined || index < this.#offset || index >= this.#offset + bins.length) {
      index = this.#makeRoom(index);
      bins = this.#bins as Float64Array;
    }
    if (this.#hi < this.#lo) {
      this.#lo = index;
      this.#hi = index;
    } else if (index < this.#lo) this.#lo = index;
    else if (index > this.#hi) this.#hi = index;
    bins[index - this.#offset] = (bins[index - this.#offset] as number) + times;
  }

  /**
   * The estimated `q`-quantile (0 ≤ q ≤ 1) using the lower rank ⌊q·(count−1)⌋, within
   * `relativeAccuracy` of the exact sample at that rank and clamped to [min, max]; `NaN` when
   * empty.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw invalidArgument('q', 'a number between 0 and 1', q);
    if (this.#count === 0) return Number.NaN;
    const rank = Math.floor(q * (this.#count - 1));
    let seen = this.#zeros;
    if (seen > rank) return 0;
    const bins = this.#bins as Float64Array;
    for (let index = this.#lo; index <= this.#hi; index++) {
      seen += bins[index - this.#offset] as number;
      if (seen > rank) {
        const estimate = Math.exp(index * this.#logGamma) * this.#multiplier;
        return Math.min(Math.max(estimate, this.#min), this.#max);
      }
    }
    return this.#max;
  }

  /** Forgets every sample; the bins stay allocated. */
  reset(): void {
    this.#bins?.fill(0);
    this.#lo = 0;
    this.#hi = -1;
    this.#zeros = 0;
    this.#count = 0;
    this.#sum = 0;
    this.#min = Number.POSITIVE_INFINITY;
    this.#max = Number.NEGATIVE_INFINITY;
  }

  /**
   * Moves (or grows) the window of bins so `index` fits; past `maxBins` of span, the lowest
   * bins fold into the lowest kept one. Returns the index to count `index`'s value under.
   */
  #makeRoom(index: number): number {
    const empty = this.#hi < this.#lo;
    let lo = empty ? index : Math.min(this.#lo, index);
    const hi = empty ? index : Math.max(this.#hi, index);
    if (hi - lo + 1 > this.maxBins) lo = hi - this.maxBins + 1;
    const span = hi - lo + 1;
    const old = this.#bins;
    let size = old?.length ?? Math.min(INITIAL_BINS, this.maxBins);
    while (size < span) size = Math.min(size * 2, this.maxBins);
    let next: Float64Array;
    if (old !== undefined && size === old.length) {
      this.#spare ??= new Float64Array(size);
      next = this.#spare;
    } else {
      next = new Float64Array(size);
    }
    const offset = lo - Math.floor((size - span) / 2);
    if (old !== undefined && !empty) {
      for (let i = this.#lo; i <= this.#hi; i++) {
        const count = old[i - this.#offset] as number;
        const at = Math.max(i, lo) - offset;
        if (count !== 0) next[at] = (next[at] as number) + count;
      }
    }
    if (old !== undefined && size === old.length) {
      old.fill(0);
      this.#spare = old;
    } else {
      this.#spare = undefined;
    }
    this.#bins = next;
    this.#offset = offset;
    if (!empty) {
      this.#lo = Math.max(this.#lo, lo);
      this.#hi = Math.max(this.#hi, hi);
    }
    return Math.max(index, lo);
  }
}
