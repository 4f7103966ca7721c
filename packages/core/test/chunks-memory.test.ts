import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('processInChunks memory', () => {
  it('holds one chunk at a time over 1,000,000 items (heap after GC stays bounded)', () => {
    // A child process with --expose-gc, over the built entry: the figure is the heap growth
    // after GC while the generator is mid-way, against what a collected array would hold.
    const script = `
      const { processInChunks } = await import('@leanvibe/core');
      function* items() { for (let i = 0; i < 1_000_000; i++) yield { i, label: 'item ' + i }; }
      globalThis.gc(); globalThis.gc();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      const summary = await processInChunks(items(), { chunkSize: 1000 }, (chunk, ctx) => {
        if (ctx.index % 100 === 50) {
          globalThis.gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        }
        return chunk.length;
      });
      process.stdout.write(JSON.stringify({ processed: summary.processed, peakMb: peak / 1048576 }));
    `;
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', script],
      {
        cwd: packageDir,
        encoding: 'utf8',
      },
    );
    const { processed, peakMb } = JSON.parse(output) as { processed: number; peakMb: number };
    expect(processed).toBe(1_000_000);
    // A million such items held at once take well over 60 MB; one chunk takes well under 1 MB.
    expect(peakMb).toBeLessThan(8);
  });
});
