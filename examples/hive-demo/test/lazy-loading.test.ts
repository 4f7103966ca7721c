import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltDemo } from './run-demo.js';

// What the built demo loads: OpenTelemetry only with --trace, worker threads only with --isolate.

const preload = fileURLToPath(new URL('./fixtures/record-loads.mjs', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hive-demo-loads-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the demo with the recording preload; returns the modules it resolved and the workers. */
async function loads(name: string, args: readonly string[]) {
  const file = join(dir, `${name}.txt`);
  const run = await runBuiltDemo(
    ['--records', '5000', '--tasks', '3', ...args, '--report', join(dir, `${name}.json`)],
    undefined,
    { ...process.env, NODE_OPTIONS: `--import ${preload}`, HIVE_DEMO_LOADS: file },
  );
  expect(run.code).toBe(0);
  const lines = (await readFile(file, 'utf8')).split('\n');
  return {
    imports: lines.filter((l) => l.startsWith('import ')),
    workers: lines.filter((l) => l.startsWith('worker ')),
  };
}

const otel = /@opentelemetry|packages\/tracing\//;
const isolate = /packages\/isolate\//;

describe('what the demo loads', () => {
  it('without --trace or --isolate: no OpenTelemetry, no isolate, no worker thread', async () => {
    const { imports, workers } = await loads('plain', []);
    expect(imports.length).toBeGreaterThan(20);
    expect(imports.filter((l) => otel.test(l))).toEqual([]);
    expect(imports.filter((l) => isolate.test(l))).toEqual([]);
    expect(workers).toEqual([]);
  });

  it('with --trace and --isolate: both, and the ingest worker', async () => {
    const { imports, workers } = await loads('both', [
      '--trace',
      join(dir, 'spans.json'),
      '--isolate',
    ]);
    expect(imports.some((l) => otel.test(l))).toBe(true);
    expect(imports.some((l) => isolate.test(l))).toBe(true);
    expect(workers.length).toBeGreaterThanOrEqual(1);
  });
});
