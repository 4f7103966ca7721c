import { invalidArgument } from '@leanvibe/core/contracts';

/**
 * Metric names valid in both Prometheus (`[a-zA-Z_:][a-zA-Z0-9_:]*`) and OpenTelemetry
 * (`[A-Za-z][A-Za-z0-9_./-]{0,254}`): their intersection, so the OTel → Prometheus path renames
 * nothing.
 */
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_]{0,254}$/;
/** Prometheus label names; `__` is reserved for Prometheus itself. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The label that marks the series every over-the-cap label set folds into. */
export const OVERFLOW_LABEL = 'overflow';

/** Throws an `InvalidArgumentError` unless `name` is valid in both ecosystems. */
export function checkMetricName(argument: string, name: unknown): string {
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
    throw invalidArgument(
      argument,
      'a metric name of letters, digits and underscores starting with a letter (at most 255 characters)',
      name,
    );
  }
  return name;
}

/** Throws an `InvalidArgumentError` unless `name` may be used as a label name on `metric`. */
export function checkLabelName(
  argument: string,
  name: unknown,
  reserved: readonly string[],
): string {
  if (typeof name !== 'string' || !LABEL_NAME.test(name) || name.startsWith('__')) {
    throw invalidArgument(
      argument,
      'a label name of letters, digits and underscores, not starting with a digit or "__"',
      name,
    );
  }
  if (reserved.includes(name)) {
    throw invalidArgument(argument, `a label name other than ${reserved.join(', ')}`, name);
  }
  return name;
}

/** Escapes a label value for the text exposition format: backslash, double quote, newline. */
export function escapeLabelValue(value: string): string {
  // Most values need nothing; test before allocating.
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text for the text exposition format: backslash and newline. */
export function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Formats a sample value as Prometheus expects (`+Inf`, `-Inf`, `NaN`). */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
