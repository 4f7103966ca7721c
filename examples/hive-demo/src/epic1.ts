import type { PluginHost } from '@leanvibe/core';
import {
  type Epic1Summary,
  epic1Report,
  type HostInstrumentation,
  PerformanceTracker,
} from '@leanvibe/metrics';

/**
 * API response time as the design measures it, dispatch to result of a light request: `probes`
 * store queries through the host (permission check, params validation, a pooled SQLite
 * connection), one after another. Returns their p99 in milliseconds.
 */
export async function probeApiResponse(host: PluginHost, probes = 200): Promise<number> {
  const tracker = new PerformanceTracker({ pluginId: 'api-probe' });
  for (let i = 0; i < probes; i++) {
    const started = performance.now();
    await host.execute({ type: 'store', params: { op: 'count' } });
    tracker.recordApiResponse(performance.now() - started);
  }
  return tracker.stats().apiResponseP99Ms ?? Number.NaN;
}

/** The hive's figures against the Epic 1 budgets. */
export interface HiveFigures {
  /** p99 of the API probe. */
  readonly apiResponseMs: number;
  /** `heapUsed` after a full GC at the end of the ingest. */
  readonly memoryMb: number | undefined;
}

/**
 * Judges the whole hive: the slowest plugin initialisation and the largest per-plugin p99 task
 * time (from the host's instrumentation), the API probe, and the heap after the ingest.
 */
export function hiveEpic1(
  instrumentation: HostInstrumentation,
  figures: HiveFigures,
): Epic1Summary {
  const stats = [...instrumentation.trackers().values()].map((tracker) => tracker.stats());
  const inits = stats.flatMap((s) => (s.initMs === undefined ? [] : [s.initMs]));
  const p99s = stats.filter((s) => s.count > 0).map((s) => s.p99Ms);
  return epic1Report({
    ...(inits.length > 0 ? { initMs: Math.max(...inits) } : {}),
    ...(p99s.length > 0 ? { taskExecutionMs: Math.max(...p99s) } : {}),
    ...(Number.isFinite(figures.apiResponseMs) ? { apiResponseMs: figures.apiResponseMs } : {}),
    ...(figures.memoryMb === undefined ? {} : { memoryMb: figures.memoryMb }),
  });
}
