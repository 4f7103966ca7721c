import { createManualClock } from '@leanvibe/core/contracts';
import { createTestHost, MockTask, PluginTestFramework, paramsArbitrary } from '@leanvibe/testing';
import { pluginContract } from '@leanvibe/testing/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStatsPlugin } from '../src/stats-plugin.js';

const task = { params: { values: [1, 2, 3], op: 'mean' } };

// The shared suite every plugin passes: execute never throws, results name their plugin and
// task, invalid params list their issues, cancellation within 100 ms, idempotent cleanup.
pluginContract(createStatsPlugin, {
  task,
  slowTask: { params: { values: [1], op: 'sum', delayMs: 5000 } },
});

describe('stats plugin', () => {
  it('passes the framework checks, judged on a manual clock', async () => {
    const framework = new PluginTestFramework({ clock: createManualClock() });
    const plugin = createStatsPlugin();
    expect((await framework.testPluginInitialization(plugin)).errors).toEqual([]);
    expect((await framework.testParamsValidation(plugin)).errors).toEqual([]);
    const distinct = (i: number) => ({ params: { values: [i, i + 1], op: 'sum' } });
    expect((await framework.concurrencyTest(plugin, { tasks: 8, task: distinct })).errors).toEqual(
      [],
    );
    expect((await framework.memoryTest(plugin, { task })).errors).toEqual([]);
    const performance = await framework.performanceTest(plugin, { iterations: 50, task });
    expect(performance).toMeetEpic1();
    expect(framework.monitoring).toHaveRecordedMetric('stats_tasks_total', { op: 'mean' });
    expect((await framework.testPluginCleanup(plugin)).errors).toEqual([]);
  });

  it('computes and fails with clear codes', async () => {
    const framework = new PluginTestFramework();
    const plugin = createStatsPlugin();
    await plugin.initialize(framework.createContext(plugin));
    const mean = await plugin.execute(new MockTask({ type: 'stats', params: task.params }));
    expect(mean).toSucceed();
    expect(mean.success && mean.data).toBe(2);
    const empty = await plugin.execute(
      new MockTask({ type: 'stats', params: { values: [], op: 'max' } }),
    );
    expect(empty).toFailWith('PLUGIN_EXECUTION');
    const invalid = await plugin.execute(new MockTask({ type: 'stats', params: { op: 'median' } }));
    expect(invalid).toFailWith('PLUGIN_VALIDATION');
    await plugin.cleanup();
  });

  it('runs in the real host, with mocks in place of its services', async () => {
    await using testHost = await createTestHost({ plugins: [createStatsPlugin()] });
    expect(await testHost.execute('stats', task.params)).toSucceed();
    expect(await testHost.execute('stats', { values: [], op: 'max' })).toFailWith(
      'PLUGIN_EXECUTION',
    );
    expect(await testHost.execute('median', {})).toFailWith('PLUGIN_NOT_FOUND');
    expect(testHost.monitoring).toHaveRecordedMetric('stats_tasks_total', { op: 'mean' });
    expect(testHost.security.getPermissionChecks()).toHaveLength(2);
  });

  it('keeps the max at least the mean, for any params its schema accepts', async () => {
    const framework = new PluginTestFramework();
    const plugin = createStatsPlugin();
    await plugin.initialize(framework.createContext(plugin));
    await fc.assert(
      fc.asyncProperty(paramsArbitrary(plugin), async ({ values }) => {
        fc.pre(values.length > 0);
        const run = (op: string) =>
          plugin.execute(new MockTask({ type: 'stats', params: { values, op } }));
        const [mean, max] = await Promise.all([run('mean'), run('max')]);
        expect(mean).toSucceed();
        expect(max.success && mean.success && max.data >= mean.data - 1e-9).toBe(true);
      }),
      { numRuns: 50 },
    );
    await plugin.cleanup();
  });
});
