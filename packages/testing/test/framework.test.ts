import { createManualClock, EPIC1 } from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CheckName,
  type CheckReport,
  PluginTestFramework,
  type TestablePlugin,
} from '../src/index.js';
import { definedSumPlugin, definedTimers, type Flaws, SumPlugin } from './support/plugins.js';

const made: SumPlugin[] = [];
afterEach(() => {
  for (const plugin of made.splice(0)) clearInterval(plugin.timer);
  for (const timer of definedTimers) clearInterval(timer);
  definedTimers.clear();
});

function plugin(flaws: Flaws = {}): SumPlugin {
  const created = new SumPlugin(flaws);
  made.push(created);
  return created;
}

/** The same plugin, hand-written and built with core's `definePlugin` (a real `PluginBase`). */
const KINDS = {
  'hand-written': plugin,
  definePlugin: definedSumPlugin,
} satisfies Record<string, (flaws: Flaws) => TestablePlugin>;
type Kind = keyof typeof KINDS;

const task = { params: { values: [1, 2, 3] } };

const CHECKS: Record<
  CheckName,
  (f: PluginTestFramework, p: TestablePlugin) => Promise<CheckReport>
> = {
  initialization: (f, p) => f.testPluginInitialization(p),
  taskExecution: (f, p) => f.testTaskExecution(p, { task }),
  errorHandling: (f, p) =>
    f.testErrorHandling(p, { task: { type: 'explode', params: { values: [] } } }),
  paramsValidation: (f, p) => f.testParamsValidation(p, { samples: 8 }),
  cancellation: (f, p) =>
    f.testCancellation(p, { task: { params: { values: [1], delayMs: 500 } }, withinMs: 100 }),
  cleanup: (f, p) => f.testPluginCleanup(p, { tasks: [task] }),
  performance: (f, p) => f.performanceTest(p, { iterations: 20, concurrentTasks: 4, task }),
  memory: (f, p) => f.memoryTest(p, { iterations: 100, warmup: 10, task }),
  concurrency: (f, p) =>
    f.concurrencyTest(p, {
      tasks: [1, 2, 3, 4, 5].map((n) => ({ params: { values: [n, n] } })),
    }),
};

async function runAll(kind: Kind, flaws: Flaws): Promise<Record<CheckName, CheckReport>> {
  const reports = {} as Record<CheckName, CheckReport>;
  for (const [name, run] of Object.entries(CHECKS) as [CheckName, (typeof CHECKS)[CheckName]][]) {
    const framework = new PluginTestFramework({ clock: createManualClock() });
    reports[name] = await run(framework, KINDS[kind](flaws));
  }
  return reports;
}

// `PluginBase` rules out two flaws (execute never throws, params are always validated): those
// bad plugins can only be written by hand.
const HAND_WRITTEN_ONLY: readonly (keyof Flaws)[] = ['throwsFromExecute', 'skipsValidation'];

describe.each(Object.keys(KINDS) as Kind[])('PluginTestFramework judges a %s plugin', (kind) => {
  it('passes a good plugin on every check', async () => {
    const reports = await runAll(kind, {});
    for (const report of Object.values(reports)) {
      expect({ check: report.check, errors: report.errors }).toEqual({
        check: report.check,
        errors: [],
      });
      expect(report.status).toBe('passed');
    }
  });

  it.each<[string, CheckName, Flaws, RegExp]>([
    [
      'throws from execute',
      'errorHandling',
      { throwsFromExecute: true },
      /execute\(\) threw instead of returning a failed result/,
    ],
    [
      'ignores its signal',
      'cancellation',
      { ignoresSignal: true },
      /did not settle within 100 ms .* ignore task.signal/,
    ],
    [
      'leaks a timer in cleanup',
      'cleanup',
      { leaksTimer: true },
      /left 1 timer or handle open: Timeout/,
    ],
    ['retains memory per task', 'memory', { retainsMemory: true }, /heap grew by .* per task/],
    [
      'violates its params schema',
      'paramsValidation',
      { skipsValidation: true },
      /were not rejected with PLUGIN_VALIDATION/,
    ],
    ['shares state between tasks', 'concurrency', { sharesState: true }, /do tasks share state\?/],
    [
      'initialises slowly',
      'initialization',
      { initDelayMs: 20 },
      /took 20 ms of clock time; Epic 1 allows < 10 ms/,
    ],
    [
      'runs tasks past the Epic 1 budget',
      'performance',
      { taskDelayMs: 2500 },
      /taskExecutionMs: measured 2500 ms/,
    ],
  ])('a plugin that %s fails exactly the %s check', async (_what, expected, flaws, message) => {
    if (kind !== 'hand-written' && HAND_WRITTEN_ONLY.some((flaw) => flaws[flaw] !== undefined)) {
      // The same work as a PluginBase: the flaw cannot happen, so every check passes.
      const reports = await runAll(kind, flaws);
      expect(Object.values(reports).filter((r) => r.status === 'failed')).toEqual([]);
      return;
    }
    const reports = await runAll(kind, flaws);
    const failed = Object.values(reports).filter((report) => report.status === 'failed');
    expect(failed.map((report) => report.check)).toEqual([expected]);
    expect(reports[expected].errors.join('\n')).toMatch(message);
  });
});

describe('check reports', () => {
  it('measures initialization on the clock and gives the Epic 1 verdict', async () => {
    const framework = new PluginTestFramework({ clock: createManualClock() });
    const report = await framework.testPluginInitialization(plugin({ initDelayMs: 4 }));
    expect(report.metrics.initMs).toBe(4);
    expect(report.epic1.checks.find((c) => c.budget === 'initMs')?.verdict).toBe('pass');
  });

  it('reports latency percentiles, throughput and the Epic 1 verdict', async () => {
    const framework = new PluginTestFramework({ clock: createManualClock() });
    let i = 0;
    const report = await framework.performanceTest(plugin(), {
      iterations: 10,
      task: () => ({ params: { values: [1], delayMs: (i++ % 10) * 10 } }),
    });
    expect(report.status).toBe('passed');
    expect(report.metrics).toMatchObject({
      iterations: 10,
      maxMs: 90,
      p50Ms: 40,
      p95Ms: 90,
      avgMs: 45,
    });
    expect(report.metrics.tasksPerSecond).toBeGreaterThan(0);
    expect(report.epic1.passed).toBe(true);
    expect(report.results).toHaveLength(10);
    expect(EPIC1.taskExecutionMs).toBe(2000);
  });

  it('flags a failing task in the performance check', async () => {
    const framework = new PluginTestFramework({ clock: createManualClock() });
    const report = await framework.performanceTest(plugin(), {
      iterations: 3,
      task: { type: 'explode', params: { values: [] } },
    });
    expect(report.errors).toEqual([
      '3 of 3 tasks failed; the first failed with PLUGIN_EXECUTION: the explode task always fails',
    ]);
  });

  it('measures memory with the exposed GC, or an injected one', async () => {
    const exposed = await new PluginTestFramework({ clock: createManualClock() }).memoryTest(
      plugin(),
      { iterations: 10, warmup: 0, task },
    );
    expect(exposed.status).toBe('passed');
    let collections = 0;
    const gc = (globalThis as { gc?: () => void }).gc as () => void;
    const injected = new PluginTestFramework({
      clock: createManualClock(),
      gc: () => {
        collections++;
        gc();
      },
    });
    await injected.memoryTest(plugin(), { iterations: 10, warmup: 0, task });
    expect(collections).toBeGreaterThan(0);
  });

  it('fails the memory check clearly when GC is not exposed', async () => {
    const saved = (globalThis as { gc?: unknown }).gc;
    (globalThis as { gc?: unknown }).gc = undefined;
    try {
      const blind = await new PluginTestFramework().memoryTest(plugin(), { task });
      expect(blind.status).toBe('failed');
      expect(blind.errors[0]).toMatch(/garbage collection is not exposed.*--expose-gc/);
      const perf = await new PluginTestFramework().performanceTest(plugin(), {
        iterations: 2,
        task,
      });
      expect(perf.metrics.gcForced).toBe(false);
      expect(perf.epic1.checks.find((c) => c.budget === 'memoryMb')?.verdict).toBe('unmeasured');
    } finally {
      (globalThis as { gc?: unknown }).gc = saved;
    }
  });

  it('reports a task that settles before it can be cancelled', async () => {
    const framework = new PluginTestFramework({ clock: createManualClock() });
    const report = await framework.testCancellation(plugin(), { task });
    expect(report.errors).toEqual([
      'the task settled before it could be cancelled: give a task that takes a while',
    ]);
  });

  it('works on the system clock too', async () => {
    const framework = new PluginTestFramework();
    const good = plugin();
    const init = await framework.testPluginInitialization(good);
    // On the system clock `initMs` is wall time, which a loaded machine can push past Epic 1's
    // 10 ms: only that budget's verdict may differ, never the lifecycle's.
    expect(init.errors.filter((e) => !/^initialize\(\) took .* Epic 1 allows/.test(e))).toEqual([]);
    expect(good.isInitialized).toBe(true);
    expect(init.metrics.initMs).toBeGreaterThanOrEqual(0);
    const cancel = await framework.testCancellation(good, {
      task: { params: { values: [1], delayMs: 5000 } },
      withinMs: 4000,
    });
    expect(cancel.errors).toEqual([]);
    expect((await framework.testPluginCleanup(good)).status).toBe('passed');
  });

  it('gives up on a lifecycle call that never settles', async () => {
    const framework = new PluginTestFramework({ clock: createManualClock(), settleTimeoutMs: 50 });
    const stuck = plugin({ initDelayMs: 1000 });
    const report = await framework.testPluginInitialization(stuck);
    expect(report.errors).toContain('initialize() did not settle within 50 ms of clock time');
  });
});
