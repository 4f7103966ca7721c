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

/** One level of the series tree: label value → the next level, or the series at the last. */
type SeriesTree = Map<string, SeriesTree | Series>;

function* leaves(node: SeriesTree, depth: number): IterableIterator<Series> {
  for (const child of node.values()) {
    if (depth <= 1) yield child as Series;
    else yield* leaves(child as SeriesTree, depth - 1);
  }
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
  /**
   * Series in a tree of maps, one level per label name, keyed by the value ('' when unset):
   * lookups hash the caller's label strings (whose hashes V8 caches) and build no key string.
   */
  readonly #root: SeriesTree = new Map();
  #size = 0;
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
    return this.#resolve(labels, true) as Series;
  }

  /** The series for `labels`; created (or the overflow series) when `create`, else maybe undefined. */
  #resolve(labels: Labels | undefined, create: boolean): Series | undefined {
    if (labels === undefined) return this.#unlabelled ?? this.#createUnlabelled();
    const names = this.labelNames;
    let node: SeriesTree | Series | undefined = this.#root;
    let defined = 0;
    let set = 0;
    for (let i = 0; i < names.length; i++) {
      let value = labels[names[i] as string];
      if (value === undefined) value = '';
      else {
        defined++;
        if (typeof value !== 'string') this.#badValue(names[i] as string, value);
        if (value !== '') set++;
      }
      if (node !== undefined) node = (node as SeriesTree).get(value);
    }
    let given = 0;
    for (const _ in labels) given++;
    // More keys than matched: an unknown label name (or keys whose value is undefined).
    if (given !== defined && this.#unknownLabels(labels)) return this.#resolve(labels, create);
    if (set === 0)
      return create ? (this.#unlabelled ?? this.#createUnlabelled()) : this.#unlabelled;
    if (node !== undefined || !create) return node as Series | undefined;
    return this.#create(labels);
  }

  /** Removes the series for `labels`; true when it existed. */
  remove(labels: Labels): boolean {
    const series = this.#resolve(labels, false);
    if (series === undefined) return false;
    if (series === this.#unlabelled) {
      this.#unlabelled = undefined;
      return true;
    }
    const path: [SeriesTree, string][] = [];
    let node = this.#root;
    for (const name of this.labelNames) {
      const value = series.labels[name] ?? '';
      path.push([node, value]);
      node = node.get(value) as SeriesTree;
    }
    // Delete the leaf, then every map the deletion left empty.
    for (let i = path.length - 1; i >= 0; i--) {
      const [map, value] = path[i] as [SeriesTree, string];
      map.delete(value);
      if (map.size > 0) break;
    }
    this.#size--;
    return true;
  }

  #create(labels: Labels): Series {
    if (this.#size >= this.ctx.maxSeriesPerMetric) return this.#overflowSeries();
    const own: Record<string, string> = {};
    const names = this.labelNames;
    let node = this.#root;
    for (let i = 0; i < names.length - 1; i++) {
      const value = labels[names[i] as string] ?? '';
      if (value !== '') own[names[i] as string] = value;
      let next = node.get(value) as SeriesTree | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const last = names[names.length - 1] as string;
    const value = labels[last] ?? '';
    if (value !== '') own[last] = value;
    const created = new Series(Object.freeze(own), this.bucketCount);
    node.set(value, created);
    this.#size++;
    return created;
  }

  /** Drops every series (the next write starts from zero). */
  reset(): void {
    this.#root.clear();
    this.#size = 0;
    this.#unlabelled = undefined;
    this.#overflow = undefined;
  }

  /** Every live series: unlabelled first, then by creation, then the overflow series. */
  *allSeries(): IterableIterator<Series> {
    if (this.#unlabelled !== undefined) yield this.#unlabelled;
    yield* leaves(this.#root, this.labelNames.length);
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
      this.#size === 0 &&
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

  /** Adds a label name to an open metric: every existing series gains an unset value for it. */
  #rekey(name: string): void {
    const depth = this.labelNames.length;
    this.labelNames.push(name);
    if (depth === 0) return;
    const deepen = (node: SeriesTree, level: number): void => {
      for (const [value, child] of node) {
        if (level === depth - 1) node.set(value, new Map([['', child as Series]]));
        else deepen(child as SeriesTree, level + 1);
      }
    };
    deepen(this.#root, 0);
  }

  #badValue(name: string, value: unknown): never {
    throw invalidArgument(`labels.${name}`, 'a string', value);
  }
}
