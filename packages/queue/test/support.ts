import { setTimeout as sleep } from 'node:timers/promises';
import type { Labels, MetricsSink } from '@leanvibe/core/contracts';

let counter = 0;
/** A queue name of its own for each test, so tests never share jobs. */
export function uniqueName(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}`;
}

/** Waits until `check` holds (every 10 ms); the test's timeout bounds it. */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await sleep(10);
}

/** A sink that keeps every figure it is given. */
export function recordingSink(): MetricsSink & {
  readonly records: { kind: string; name: string; value: number; labels?: Labels }[];
} {
  const records: { kind: string; name: string; value: number; labels?: Labels }[] = [];
  const push =
    (kind: string) =>
    (name: string, value = 1, labels?: Labels): void => {
      records.push({ kind, name, value, ...(labels ? { labels } : {}) });
    };
  return { records, counter: push('counter'), gauge: push('gauge'), histogram: push('histogram') };
}
