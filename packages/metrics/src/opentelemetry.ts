import { checkFunction, invalidArgument, type Labels } from '@leanvibe/core/contracts';
import type { AnyFamily, HistogramFamily, ObservationMirror } from './instruments.js';

/** Attributes as this bridge reports them: the series' labels. */
export type OtelAttributes = Labels;

/** An OpenTelemetry observable instrument, opaque here. */
export interface OtelObservable {
  addCallback(callback: never): void;
}

/** Options passed when creating an instrument (the API's `MetricOptions`). */
export interface OtelInstrumentOptions {
  description?: string;
  unit?: string;
  advice?: { explicitBucketBoundaries?: number[] };
}

/** A synchronous OpenTelemetry histogram. */
export interface OtelHistogram {
  record(value: number, attributes?: OtelAttributes): void;
}

/** What a batch observable callback receives. */
export interface OtelBatchObservableResult {
  observe(observable: OtelObservable, value: number, attributes?: OtelAttributes): void;
}

/**
 * The part of an OpenTelemetry `Meter` (`@opentelemetry/api` 1.x) the bridge uses; a `Meter`
 * from `metrics.getMeter(...)` or an SDK `MeterProvider` fits as it is. Typed structurally so
 * this package's types never name `@opentelemetry/api`'s.
 */
export interface OtelMeter {
  createHistogram(name: string, options?: OtelInstrumentOptions): OtelHistogram;
  createObservableCounter(name: string, options?: OtelInstrumentOptions): OtelObservable;
  createObservableUpDownCounter(name: string, options?: OtelInstrumentOptions): OtelObservable;
  createObservableGauge(name: string, options?: OtelInstrumentOptions): OtelObservable;
  addBatchObservableCallback(
    callback: (result: OtelBatchObservableResult) => void,
    observables: OtelObservable[],
  ): void;
  removeBatchObservableCallback(
    callback: (result: OtelBatchObservableResult) => void,
    observables: OtelObservable[],
  ): void;
}

/** A running bridge; `close()` stops mirroring. */
export interface OpenTelemetryBridge extends Disposable {
  /** Stops mirroring: removes the observable callback and the histogram mirrors. Safe twice. */
  close(): void;
}

/** The registry's internals the bridge reads. */
export interface RegistryView {
  families(): Iterable<AnyFamily>;
  runCollectors(): void;
  onFamily(listener: (family: AnyFamily) => void): () => void;
}

/** UCUM units for the base units this SDK uses; anything else becomes an annotation. */
const UCUM: Readonly<Record<string, string>> = {
  seconds: 's',
  milliseconds: 'ms',
  bytes: 'By',
  ratio: '1',
};

function options(family: AnyFamily): OtelInstrumentOptions {
  const result: OtelInstrumentOptions = { description: family.help };
  if (family.unit !== undefined) result.unit = UCUM[family.unit] ?? `{${family.unit}}`;
  if (family.type === 'histogram') {
    result.advice = { explicitBucketBoundaries: [...family.buckets] };
  }
  return result;
}

/**
 * Mirrors every instrument of a registry, present and future, onto an OpenTelemetry meter:
 * counters, up-down counters and gauges as observable instruments read at collection time
 * (one batch callback, which runs the registry's collectors first), histograms as OTel
 * histograms with the same bucket bounds, fed each observation from the moment the bridge is
 * attached. Names, units and labels (as attributes) are kept, so an OTel → Prometheus pipeline
 * shows the same series.
 */
export function toOpenTelemetry(registry: RegistryView, meter: OtelMeter): OpenTelemetryBridge {
  if (typeof meter !== 'object' || meter === null) {
    throw invalidArgument('meter', 'an OpenTelemetry Meter', meter);
  }
  checkFunction('meter.createObservableCounter', meter.createObservableCounter);
  checkFunction('meter.addBatchObservableCallback', meter.addBatchObservableCallback);
  const observed: { family: AnyFamily; observable: OtelObservable }[] = [];
  let observables: OtelObservable[] = [];
  const mirrored: { family: HistogramFamily; mirror: ObservationMirror }[] = [];
  let closed = false;

  const callback = (result: OtelBatchObservableResult): void => {
    registry.runCollectors();
    for (const { family, observable } of observed) {
      for (const series of family.reportedSeries()) {
        result.observe(observable, series.value, family.merged(series));
      }
    }
  };

  const add = (family: AnyFamily): void => {
    if (family.type === 'histogram') {
      const histogram = meter.createHistogram(family.name, options(family));
      const mirror: ObservationMirror = (value, from, series) => {
        histogram.record(value, from.merged(series));
      };
      family.mirrors = [...(family.mirrors ?? []), mirror];
      mirrored.push({ family, mirror });
      return;
    }
    const create =
      family.type === 'counter'
        ? meter.createObservableCounter
        : family.type === 'upDownCounter'
          ? meter.createObservableUpDownCounter
          : meter.createObservableGauge;
    const observable = create.call(meter, family.name, options(family));
    observed.push({ family, observable });
    if (observables.length > 0) meter.removeBatchObservableCallback(callback, observables);
    observables = observed.map((entry) => entry.observable);
    meter.addBatchObservableCallback(callback, observables);
  };

  for (const family of registry.families()) add(family);
  const stopListening = registry.onFamily(add);

  const close = (): void => {
    if (closed) return;
    closed = true;
    stopListening();
    if (observables.length > 0) meter.removeBatchObservableCallback(callback, observables);
    for (const { family, mirror } of mirrored) {
      const rest = (family.mirrors ?? []).filter((m) => m !== mirror);
      family.mirrors = rest.length === 0 ? undefined : rest;
    }
  };
  return { close, [Symbol.dispose]: close };
}
