import { type Clock, invalidArgument, type Labels, type Logger } from '@leanvibe/core/contracts';
import { checkLabelName, escapeLabelValue, OVERFLOW_LABEL } from './names.js';
import type { MetricType } from './types.js';

/** What a registry shares with its metrics. */
export interface FamilyContext {
  readonly maxSeriesPerMetric: number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly defaultLabels: Labels;
}

const EMPTY: Labels = Object.freeze({});
const OVERFLOW: Labels = Object.freeze({ [OVERFLOW_LABEL]: 'true' });

/** One label set's state. Histogram series hold non-cumulative bucket counts. */
export class Series {
  value = 0;
  sum = 0;
  count = 0;
  readonly counts: Float64Array | undefined;
  /** The label text for the exposition format (`a="x",b="y"`), default labels included; built on first export. */
  text: string | undefined;
  /** Default labels merged with the series' own; built on first collection. */
  merged: Labels | undefined;

  constructor(
    /** The series' own labels (only non-empty values). */
    readonly labels: Labels,
    bucketCount: number,
  ) {
    this.counts = bucketCount > 0 ? new Float64Array(bucketCount + 1) : undefined;
  }
}

/** Builds the exposition label text of `labels` (no braces). */
export function labelText(labels: Labels): string {
  let text = '';
  for (const name in labels) {
    text += `${text === '' ? '' : ','}${name}="${escapeLabelValue(labels[name] as string)}"`;
  }
  return text;
}

/**
 * The series of one metric, keyed by label values, with the cardinality cap: past
 * `maxSeriesPerMetric` label sets, new ones fold into a single `overflow="true"` series and a
 * warning is logged once.
 */
export abstract class Family {
  abstract readonly type: MetricType;
  readonly #series = new Map<string, Series>();
  #unlabelled: Series | undefined;
  #overflow: Series | undefined;
  #warned = false;
  /** The label names, in key order. Fixed when declared; grows with use otherwise. */
  readonly labelNames: string[];
  readonly fixedLabels: boolean;
  readonly #reserved: readonly string[];

  constructor(
    readonly ctx: FamilyContext,
    /** The full name, prefix included. */
    readonly name: string,
    /** The name callers use (without the prefix). */
    readonly shortName: string,
    readonly help: string,
    readonly unit: string | undefined,
    labelNames: readonly string[] | undefined,
    reserved: readonly string[],
    protected readonly bucketCount: number,
  ) {
    this.#reserved = [...reserved, OVERFLOW_LABEL, ...Object.keys(ctx.defaultLabels)];
    this.fixedLabels = labelNames !== undefined;
    this.labelNames = [];
    for (const [i, label] of (labelNames ?? []).entries()) {
      checkLabelName(`labelNames[${i}]`, label, this.#reserved);
      if (this.labelNames.includes(label)) {
        throw invalidArgument(`labelNames[${i}]`, 'a label name not already listed', label);
      }
      this.labelNames.push(label);
    }
  }

  /** The series for `labels`, created on first use (or the overflow series past the cap). */
  series(labels: Labels | undefined): Series {
    const key = labels === undefined ? '' : this.#key(labels);
    if (key === '') return this.#unlabelled ?? this.#createUnlabelled();
    const found = this.#series.get(key);
    if (found !== undefined) return found;
    if (this.#series.size >= this.ctx.maxSeriesPerMetric) return this.#overflowSeries();
    const own: Record<string, string> = {};
    for (const name of this.labelNames) {
      const value = (labels as Labels)[name];
      if (value !== undefined && value !== '') own[name] = value;
    }
    const created = new Series(Object.freeze(own), this.bucketCount);
    this.#series.set(key, created);
    return created;
  }

  /** Removes the series for `labels`; true when it existed. */
  remove(labels: Labels): boolean {
    const key = this.#key(labels);
    if (key !== '') return this.#series.delete(key);
    const existed = this.#unlabelled !== undefined;
    this.#unlabelled = undefined;
    return existed;
  }

  /**
   * The map key of `labels`: each declared name in order, `len:value` when set and `,` when
   * not (unambiguous whatever the values hold); `''` when no label is set.
   */
  #key(labels: Labels): string {
    const names = this.labelNames;
    let key = '';
    let defined = 0;
    let set = 0;
    for (let i = 0; i < names.length; i++) {
      const value = labels[names[i] as string];
      if (value === undefined) {
        key += ',';
        continue;
      }
      defined++;
      if (typeof value !== 'string') this.#badValue(names[i] as string, value);
      if (value.length === 0) {
        key += ',';
      } else {
        set++;
        key += `${value.length}:${value}`;
      }
    }
    let given = 0;
    for (const _ in labels) given++;
    // More keys than matched: an unknown label name (or keys whose value is undefined).
    if (given !== defined && this.#unknownLabels(labels)) return this.#key(labels);
    return set === 0 ? '' : key;
  }

  /** Drops every series (the next write starts from zero). */
  reset(): void {
    this.#series.clear();
    this.#unlabelled = undefined;
    this.#overflow = undefined;
  }

  /** Every live series: unlabelled first, then by creation, then the overflow series. */
  *allSeries(): IterableIterator<Series> {
    if (this.#unlabelled !== undefined) yield this.#unlabelled;
    yield* this.#series.values();
    if (this.#overflow !== undefined) yield this.#overflow;
  }

  /**
   * The series to report: a counter or histogram with no label names reports a zero series
   * before its first write (as Prometheus clients do), so a counter that never fired is still
   * visible. A gauge never does: zero is not a known value of it.
   */
  reportedSeries(): IterableIterator<Series> {
    if (
      this.type !== 'gauge' &&
      this.labelNames.length === 0 &&
      this.#unlabelled === undefined &&
      this.#series.size === 0 &&
      this.#overflow === undefined
    ) {
      this.#createUnlabelled();
    }
    return this.allSeries();
  }

  /** The labels of `series`, default labels included. */
  merged(series: Series): Labels {
    if (series.merged === undefined) {
      const defaults = this.ctx.defaultLabels;
      series.merged =
        Object.keys(defaults).length === 0
          ? series.labels
          : Object.freeze({ ...defaults, ...series.labels });
    }
    return series.merged;
  }

  /** The exposition label text of `series` (no braces), default labels included. */
  text(series: Series): string {
    if (series.text === undefined) series.text = labelText(this.merged(series));
    return series.text;
  }

  #createUnlabelled(): Series {
    this.#unlabelled = new Series(EMPTY, this.bucketCount);
    return this.#unlabelled;
  }

  #overflowSeries(): Series {
    if (!this.#warned) {
      this.#warned = true;
      this.ctx.logger.warn(
        { metric: this.name, maxSeriesPerMetric: this.ctx.maxSeriesPerMetric },
        `metric ${this.name} reached ${this.ctx.maxSeriesPerMetric} series; new label sets are folded into its overflow="true" series`,
      );
    }
    if (this.#overflow === undefined) this.#overflow = new Series(OVERFLOW, this.bucketCount);
    return this.#overflow;
  }

  /** Learns or rejects label names not in `labelNames`; true when names were learned. */
  #unknownLabels(labels: Labels): boolean {
    let learned = false;
    for (const name in labels) {
      if (labels[name] === undefined || this.labelNames.includes(name)) continue;
      if (this.fixedLabels) {
        throw invalidArgument(
          'labels',
          `label names declared for ${this.name} (${this.labelNames.join(', ') || 'none'})`,
          name,
        );
      }
      checkLabelName('labels', name, this.#reserved);
      this.#rekey(name);
      learned = true;
    }
    return learned;
  }

  /** Adds a label name to an open metric; existing keys gain an empty slot for it. */
  #rekey(name: string): void {
    this.labelNames.push(name);
    const entries = [...this.#series];
    this.#series.clear();
    for (const [key, series] of entries) this.#series.set(`${key},`, series);
  }

  #badValue(name: string, value: unknown): never {
    throw invalidArgument(`labels.${name}`, 'a string', value);
  }
}
