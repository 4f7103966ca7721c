import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));
// Inside the package's node_modules, so the blocks resolve this package's dependencies.
const dir = new URL('../node_modules/.readme-blocks/', import.meta.url);

/** Every ```ts block except the main example (examples/metrics-basic runs that one). */
const blocks = [...readme.matchAll(/(<!-- example: [\w-]+ -->\s*)?```ts\n([\s\S]*?)```/g)]
  .filter((match) => match[1] === undefined)
  .map((match) => match[2] as string);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(code: string, n: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = new URL(`block-${n}.ts`, dir);
  writeFileSync(file, code.replaceAll("from '@leanvibe/metrics'", `from ${JSON.stringify(index)}`));
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    await import(fileURLToPath(file));
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

describe('README examples', () => {
  it('has the blocks this test expects', () => {
    expect(blocks).toHaveLength(4);
  });

  it('runs the registry example', async () => {
    const output = await run(blocks[0] as string, 0);
    expect(output).toContain('hive_fetch_bytes_total{host="example.org"} 2048');
    expect(output).toContain('hive_fetch_duration_seconds_count{host="example.org"} 1');
    expect(output).toContain('hive_fetches_in_flight 0');
    expect(output).toContain('hive_retries_total{policy="db"} 1');
    expect(output).toContain('hive_queue_depth 7');
    expect(output).toMatch(/^hive_uptime_seconds \d/m);
  });

  it('runs the HTTP example', async () => {
    expect(await run(blocks[1] as string, 1)).toBe('');
  });

  it('runs the OpenTelemetry example', async () => {
    expect(await run(blocks[2] as string, 2)).toBe('leanvibe_plugin_tasks_total');
  });

  it('runs the Epic 1 example', async () => {
    const output = await run(blocks[3] as string, 3);
    // p95 of 4 samples is the one at rank ⌊0.95 × 3⌋ = 2: 15 ms, within 1 %
    expect(Number(output.split('\n')[0])).toBeCloseTo(15, 0);
    expect(output).toContain('Epic 1 (p99): pass');
    expect(output).toContain('"verdict":"unmeasured"');
  });
});
