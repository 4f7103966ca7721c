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

  it('runs a host whose metrics are served over HTTP, and prints the Epic 1 table', () => {
    const output = execFileSync(process.execPath, ['dist/main.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toContain('text/plain; version=0.0.4; charset=utf-8');
    expect(output).toContain(
      'leanvibe_plugin_tasks_total{service="thumbnailer",plugin="resizer",outcome="success"} 18',
    );
    expect(output).toContain(
      'leanvibe_plugin_tasks_total{service="thumbnailer",plugin="resizer",outcome="failure",error_code="PLUGIN_EXECUTION"} 2',
    );
    // Σ (10·i)² for i in 1..19 without 10: 100 × (2470 − 100)
    expect(output).toContain('resizer_pixels_total{service="thumbnailer"} 237000');
    expect(output).toMatch(/^leanvibe_process_heap_used_bytes\{service="thumbnailer"\} [1-9]\d*$/m);
    // Verdicts on wall time depend on the machine; the table must show each figure measured.
    expect(output).toMatch(/^initMs\s+< 10 ms\s+\d+\.\d+ ms\s+(pass|fail)$/m);
    expect(output).toMatch(/^apiResponseMs\s+< 50 ms\s+\d+\.\d+ ms\s+(pass|fail)$/m);
    expect(output).toMatch(/^taskExecutionMs\s+< 2000 ms\s+\d+\.\d+ ms\s+pass$/m);
    expect(output).toMatch(/^memoryMb\s+< 80 MB\s+\d+(\.\d+)? MB\s+pass$/m);
    expect(output).toMatch(/^Epic 1 \(p99\): (pass|fail)$/m);
  });
});
