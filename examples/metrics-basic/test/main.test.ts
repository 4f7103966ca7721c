import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('metrics-basic', () => {
  it('is the example of the @leanvibe/metrics README, verbatim', () => {
    expect(readmeExample('metrics', 'metrics-basic')).toBe(
      exampleFile('metrics-basic', 'src/main.ts'),
    );
  });

  it('runs a host whose metrics are served over HTTP, and prints the Epic 1 table', () => {
    const output = runExample('metrics-basic');
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
