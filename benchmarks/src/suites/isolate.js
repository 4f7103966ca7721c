// @leanvibe/isolate against Piscina's `run` for a no-op round trip (with one shared signal, and
// with a signal per task on both sides), two workers against one for a CPU-bound plugin, and the
// cold import of both.
import { setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isolatedPlugin } from '@leanvibe/isolate';
import { Piscina } from 'piscina';
import { coldImportComparison } from '../cold-import.js';
import { compare, record } from '../harness.js';

export const title = '@leanvibe/isolate';

const PLUGIN = fileURLToPath(new URL('../fixtures/isolate-plugin.mjs', import.meta.url));
const PISCINA = new URL('../fixtures/isolate-piscina.mjs', import.meta.url).href;
const CPU_TASKS = 64;
const SPIN = 2_000_000;
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const metrics = { counter() {}, gauge() {}, histogram() {} };

// Every task gets the same signal, one that never aborts, as a caller without a signal would give:
// building an AbortController per call costs more than the rest of a round trip, and Piscina's
// side gets none. The plugin still links it, as it links any task's signal.
const NEVER_ABORTED = new AbortController().signal;
// The CPU-bound rows run 64 tasks at once, each listening to it.
setMaxListeners(Number.POSITIVE_INFINITY, NEVER_ABORTED);

async function started(workers) {
  const plugin = await isolatedPlugin(PLUGIN, { workers });
  const signal = new AbortController().signal;
  await plugin.initialize({
    orchestrator: { getAvailableAgents: () => [], onTaskStatus: () => () => {}, submitTask() {} },
    logger: quiet,
    metrics,
    clock: { now: () => performance.now() },
    config: {},
    signal,
  });
  let id = 0;
  const run = (type, params, signal = NEVER_ABORTED) =>
    plugin.execute({ id: String(++id), type, params, signal, updateStatus() {} });
  return { plugin, run };
}

async function tasksPerSecond(workers) {
  const { plugin, run } = await started(workers);
  await Promise.all(Array.from({ length: 4 }, () => run('spin', { n: SPIN })));
  const began = performance.now();
  await Promise.all(Array.from({ length: CPU_TASKS }, () => run('spin', { n: SPIN })));
  const perSecond = CPU_TASKS / ((performance.now() - began) / 1000);
  await plugin.cleanup();
  return perSecond;
}

export async function run() {
  const ours = await started(1);
  const pool = new Piscina({ filename: PISCINA, minThreads: 1, maxThreads: 1 });
  try {
    await compare(
      'no-op task round trip vs piscina run',
      { name: 'isolatedPlugin', fn: () => ours.run('noop', { n: 1 }) },
      [{ name: 'piscina', fn: () => pool.run({ n: 1 }) }],
    );
    // Both sides cancellable: each task with its own AbortController's signal.
    await compare(
      'no-op round trip, a signal per task, vs piscina',
      {
        name: 'isolatedPlugin',
        fn: () => ours.run('noop', { n: 1 }, new AbortController().signal),
      },
      [{ name: 'piscina', fn: () => pool.run({ n: 1 }, { signal: new AbortController().signal }) }],
    );
  } finally {
    await ours.plugin.cleanup();
    await pool.destroy();
  }
  const one = await tasksPerSecond(1);
  const two = await tasksPerSecond(2);
  record({
    row: 'CPU-bound plugin, workers: 2 vs 1 (tasks/s)',
    ours: 1e9 / two,
    peer: 'workers: 1',
    peerNs: 1e9 / one,
    ratio: two / one,
    note: `${two.toFixed(1)} vs ${one.toFixed(1)} tasks/s`,
  });
  record(coldImportComparison('cold import vs piscina (ESM)', '@leanvibe/isolate', 'piscina'));
}
