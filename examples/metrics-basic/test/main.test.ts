import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('metrics-basic', () => {
  it('is the example of the @leanvibe/metrics README, verbatim', () => {
    const readme = read('../../../packages/metrics/README.md');
    const block = /<!-- example: metrics-basic -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(read('../src/main.ts'));
  });

  it('serves its metrics over HTTP and prints the Epic 1 table', () => {
    const output = execFileSync(process.execPath, ['dist/main.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toContain('text/plain; version=0.0.4; charset=utf-8');
    expect(output).toContain(
      'leanvibe_plugin_tasks_total{service="thumbnailer",plugin="resizer",outcome="success"} 180',
    );
    expect(output).toContain(
      'leanvibe_plugin_tasks_total{service="thumbnailer",plugin="resizer",outcome="failure"} 20',
    );
    expect(output).toContain(
      'leanvibe_plugin_task_duration_seconds_count{service="thumbnailer",plugin="resizer"} 200',
    );
    expect(output).toMatch(/^taskExecutionMs\s+< 2000 ms\s+\d+\.\d+ ms\s+pass$/m);
    expect(output).toMatch(/^initMs\s+< 10 ms\s+-\s+unmeasured$/m);
    expect(output).toMatch(/^Epic 1 \(p99\): pass$/m);
  });
});
