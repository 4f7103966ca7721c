import {
  checkOptionsObject,
  checkString,
  type Epic1Figures,
  invalidArgument,
  type TaskResult,
} from '@leanvibe/core/contracts';
import { QuantileSketch, type QuantileSketchOptions } from './sketch.js';

/** Options of {@link PerformanceTracker}. */
export interface PerformanceTrackerOptions extends QuantileSketchOptions {
  /** The plugin tracked, shown in reports. @default 'plugin' */
  readonly pluginId?: string;
}

/** A tracker's figures at one moment; durations in milliseconds, memory in MB. */
export interface PerformanceStats {
  readonly pluginId: string;
  /** Tasks recorded. */
  readonly count: number;
  /** Tasks recorded as failed. */
  readonly failures: number;
  /** Mean task duration (exact), or `NaN` before the first task. */
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Estimated percentiles of task duration, within `relativeAccuracy`. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** The longest initialisation recorded. */
  readonly initMs: number | undefined;
  /** The given percentile of API responses (dispatch to result), when any was recorded. */
  readonly apiResponseP99Ms: number | undefined;
  /** The largest memory figure recorded. */
  readonly memoryPeakMb: number | undefined;
}

/** What {@link PerformanceTracker.record} may add about one task. */
export interface TaskSample {
  /** Whether the task succeeded. @default true */
  readonly success?: boolean;
  /** Memory used while it ran, in MB. */
  readonly memoryMb?: number;
}

/**
 * Performance figures of one plugin in constant memory: task count, failures, mean, and
 * p50/p95/p99 from a {@link QuantileSketch} (never an array of samples), initialisation time,
 * API response time, and memory peak. Feeds {@link epic1Report}.
 *
 * @example
 * ```ts
 * const tracker = new PerformanceTracker({ pluginId: 'resizer' });
 * tracker.recordInit(0.8);
 * for (const ms of [12, 15, 11, 40]) tracker.record(ms, { memoryMb: 3 });
 * tracker.stats().p95Ms; // ≈ 15: the sample at rank ⌊0.95 × (4 − 1)⌋
 * ```
 */
export class PerformanceTracker {
  readonly pluginId: string;
  readonly #tasks: QuantileSketch;
  readonly #sketchOptions: QuantileSketchOptions;
  #api: QuantileSketch | undefined;
  #failures = 0;
  #initMs: number | undefined;
  #memoryPeakMb: number | undefined;

  constructor(options: PerformanceTrackerOptions = {}) {
    checkOptionsObject('options', options);
    this.pluginId = checkString('pluginId', options.pluginId ?? 'plugin');
    this.#sketchOptions = {
      ...(options.relativeAccuracy === undefined
        ? {}
        : { relativeAccuracy: options.relativeAccuracy }),
      ...(options.maxBins === undefined ? {} : { maxBins: options.maxBins }),
    };
    this.#tasks = new QuantileSketch(this.#sketchOptions);
  }

  /** Records one task's duration in milliseconds. */
  record(durationMs: number, sample: TaskSample = {}): void {
    this.#tasks.record(durationMs);
    if (sample.success === false) this.#failures++;
    if (sample.memoryMb !== undefined) this.recordMemory(sample.memoryMb);
  }

  /** Records a task from its {@link TaskResult}: duration, outcome and memory. */
  recordResult(result: TaskResult): void {
    this.record(result.executionTimeMs, {
      success: result.success,
      ...(result.memoryUsedMb === undefined ? {} : { memoryMb: result.memoryUsedMb }),
    });
  }

  /** Records an initialisation's duration in milliseconds; the longest is kept. */
  recordInit(durationMs: number): void {
    checkMs('durationMs', durationMs);
    this.#initMs = Math.max(this.#initMs ?? 0, durationMs);
  }

  /** Records an API response time (dispatch to result) in milliseconds. */
  recordApiResponse(durationMs: number): void {
    checkMs('durationMs', durationMs);
    this.#api ??= new QuantileSketch(this.#sketchOptions);
    this.#api.record(durationMs);
  }

  /** Records a memory figure in MB; the largest is kept. */
  recordMemory(memoryMb: number): void {
    if (!Number.isFinite(memoryMb)) throw invalidArgument('memoryMb', 'a finite number', memoryMb);
    this.#memoryPeakMb = Math.max(this.#memoryPeakMb ?? memoryMb, memoryMb);
  }

  /** The estimated `q`-quantile (0..1) of task duration in milliseconds; `NaN` before any task. */
  quantile(q: number): number {
    return this.#tasks.quantile(q);
  }

  /** The current figures, frozen. */
  stats(): PerformanceStats {
    const tasks = this.#tasks;
    return Object.freeze({
      pluginId: this.pluginId,
      count: tasks.count,
      failures: this.#failures,
      meanMs: tasks.mean,
      minMs: tasks.min,
      maxMs: tasks.max,
      p50Ms: tasks.quantile(0.5),
      p95Ms: tasks.quantile(0.95),
      p99Ms: tasks.quantile(0.99),
      initMs: this.#initMs,
      apiResponseP99Ms: this.#api?.quantile(0.99),
      memoryPeakMb: this.#memoryPeakMb,
    });
  }

  /**
   * The Epic 1 figures: the longest init, the `quantile` (default p99) of task duration and of
   * API response time, and the memory peak. Unrecorded figures are left out (unmeasured).
   */
  epic1Figures(quantile = 0.99): Epic1Figures {
    const figures: { -readonly [K in keyof Epic1Figures]: number } = {};
    if (this.#initMs !== undefined) figures.initMs = this.#initMs;
    if (this.#api !== undefined) figures.apiResponseMs = this.#api.quantile(quantile);
    if (this.#tasks.count > 0) figures.taskExecutionMs = this.#tasks.quantile(quantile);
    if (this.#memoryPeakMb !== undefined) figures.memoryMb = this.#memoryPeakMb;
    return figures;
  }

  /** Forgets everything recorded. */
  reset(): void {
    this.#tasks.reset();
    this.#api = undefined;
    this.#failures = 0;
    this.#initMs = undefined;
    this.#memoryPeakMb = undefined;
  }
}

function checkMs(name: string, value: number): void {
  if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) {
    throw invalidArgument(name, 'a finite number ≥ 0', value);
  }
}
