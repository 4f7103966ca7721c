import type { TaskResult } from '@leanvibe/core/contracts';

/**
 * The code that says why a task failed: the host wraps a plugin's own errors in
 * `PLUGIN_EXECUTION`, so the code of the error inside is the more telling one.
 */
export function failureCode(result: TaskResult): string | undefined {
  if (result.success) return undefined;
  const { error } = result;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return error.code === 'PLUGIN_EXECUTION' && typeof cause?.code === 'string'
    ? cause.code
    : error.code;
}

/** Counts of things by name, in first-seen order. */
export function countBy<T>(
  items: Iterable<T>,
  key: (item: T) => string | undefined,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const name = key(item);
    if (name !== undefined) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
