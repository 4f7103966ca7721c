import type { AnyFamily } from './instruments.js';
import { escapeHelp, formatValue } from './names.js';

/** The content type of the Prometheus text exposition format this package writes. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const TYPES = {
  counter: 'counter',
  upDownCounter: 'gauge',
  gauge: 'gauge',
  histogram: 'histogram',
} as const;

/**
 * Renders families in the Prometheus text exposition format 0.0.4: `# HELP` and `# TYPE` lines,
 * escaped label values, and `_bucket` (cumulative, ending in `le="+Inf"`), `_sum` and `_count`
 * for histograms. Label text is built once per series and cached.
 */
export function serialize(families: Iterable<AnyFamily>): string {
  let out = '';
  for (const family of families) {
    const name = family.name;
    out += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${TYPES[family.type]}\n`;
    if (family.type !== 'histogram') {
      for (const series of family.reportedSeries()) {
        const labels = family.text(series);
        out += `${name}${labels === '' ? '' : `{${labels}}`} ${formatValue(series.value)}\n`;
      }
      continue;
    }
    const bounds = family.buckets.map(formatValue);
    for (const series of family.reportedSeries()) {
      const labels = family.text(series);
      const prefix = `${name}_bucket{${labels === '' ? '' : `${labels},`}le="`;
      const counts = series.counts as Float64Array;
      let cumulative = 0;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += counts[i] as number;
        out += `${prefix}${bounds[i]}"} ${cumulative}\n`;
      }
      out += `${prefix}+Inf"} ${series.count}\n`;
      const braces = labels === '' ? '' : `{${labels}}`;
      out += `${name}_sum${braces} ${formatValue(series.sum)}\n${name}_count${braces} ${series.count}\n`;
    }
  }
  return out;
}
