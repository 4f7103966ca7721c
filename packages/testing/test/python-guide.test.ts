// The Python guide's "Testing Strategies" suite, translated: the guide's plugins are real
// `PluginBase` and `definePlugin` plugins, its PluginConfig checks use core's
// `validatePluginConfig`, wall-clock thresholds become clock-driven verdicts, and the mock
// decryption becomes a real round trip.
import {
  definePlugin,
  PluginBase,
  PluginConfig,
  type PluginContext,
  type PluginManifest,
  type Task,
  type TaskScope,
  validatePluginConfig,
} from '@leanvibe/core';
import { abortReason, type Clock, createManualClock } from '@leanvibe/core/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import '../src/vitest/index.js';
import {
  createTestHost,
  MockAgent,
  MockMonitoring,
  MockOrchestrator,
  MockSecurity,
  MockTask,
  PluginTestFramework,
} from '../src/index.js';

const processParams = z.object({
  input_data: z.array(z.record(z.string(), z.union([z.string(), z.number()]))).max(100),
  operation: z.enum(['transform', 'filter']).default('transform'),
  /** Simulated slow work, in milliseconds of the plugin's clock. */
  delay: z.number().int().min(0).max(1000).optional(),
});
type ProcessParams = z.output<typeof processParams>;

/** The guide's plugin configuration: core's `PluginConfig` with typed settings. */
const MyPluginConfig = PluginConfig.extend({
  settings: z
    .object({
      batch_size: z.number().int().min(1).default(10),
      timeout_seconds: z.number().positive().default(30),
      retry_count: z.number().int().min(0).default(3),
    })
    .default({ batch_size: 10, timeout_seconds: 30, retry_count: 3 }),
});

function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The guide's `MyPlugin`: processes records in batches and reports a metric. */
class MyPlugin extends PluginBase<ProcessParams, { processed_count: number }> {
  batchSize = 0;

  constructor(overrides: Partial<PluginManifest<ProcessParams>> = {}) {
    super({
      name: 'TestPlugin',
      version: '1.0.0',
      type: 'workflow',
      taskTypes: ['process_data'],
      sdk: '^0.1.0',
      params: processParams,
      limits: { maxMemoryMb: 50 },
      ...overrides,
    });
  }

  protected override onInitialize(context: PluginContext): void {
    const config = validatePluginConfig({ name: this.pluginId, ...context.config }, MyPluginConfig);
    if (!config.ok) {
      const problems = config.errors.map((e) => `${e.path.join('.')}: ${e.message}`);
      throw new Error(`invalid configuration: ${problems.join('; ')}`);
    }
    this.batchSize = config.value.settings.batch_size;
  }

  async handleTask(task: Task<ProcessParams>, scope: TaskScope<ProcessParams>) {
    const { input_data, operation, delay } = task.params;
    scope.logger.info({ records: input_data.length }, 'processing started');
    if (delay !== undefined) await sleep(this.clock, delay, scope.signal);
    let processed = 0;
    for (let i = 0; i < input_data.length; i += this.batchSize) {
      const batch = input_data.slice(i, i + this.batchSize);
      processed += operation === 'filter' ? batch.filter((r) => 'id' in r).length : batch.length;
      task.updateStatus('running', {
        progress: Math.min(1, (i + batch.length) / input_data.length),
      });
    }
    this.metrics.counter('records_processed_total', processed, { operation });
    return { processed_count: processed };
  }
}

/** The guide's monitored operation, as a `definePlugin` plugin. */
const monitoredPlugin = () =>
  definePlugin({
    name: 'MonitoredPlugin',
    version: '1.0.0',
    type: 'integration',
    taskTypes: ['monitored_operation'],
    sdk: '^0.1.0',
    params: z.object({ data: z.string() }),
    handle(task, { logger, plugin }) {
      logger.info({ bytes: task.params.data.length }, 'monitored operation');
      plugin.metrics.histogram('monitored_operation_bytes', task.params.data.length);
      return task.params.data.toUpperCase();
    },
  });

/** The guide's plugin_config fixture, validated by core. */
function pluginConfig() {
  const checked = validatePluginConfig(
    {
      name: 'TestPlugin',
      version: '1.0.0',
      settings: { batch_size: 100, timeout_seconds: 30, retry_count: 3 },
    },
    MyPluginConfig,
  );
  if (!checked.ok) throw new Error('the fixture configuration is invalid');
  return checked.value;
}

const framework = () =>
  new PluginTestFramework({ clock: createManualClock(), config: { TestPlugin: pluginConfig() } });

describe('TestMyPlugin', () => {
  it('initializes', async () => {
    const plugin = new MyPlugin();
    const result = await framework().testPluginInitialization(plugin);
    expect(result.status).toBe('passed');
    expect(plugin.isInitialized).toBe(true);
    expect(plugin.batchSize).toBe(100);
  });

  it('executes a task successfully', async () => {
    const f = framework();
    const plugin = new MyPlugin();
    await plugin.initialize(f.createContext(plugin));
    const task = new MockTask({
      type: 'process_data',
      params: { input_data: [{ id: 1, value: 'test' }], operation: 'transform' },
    });
    const result = await plugin.execute(task);
    expect(result).toSucceed();
    expect(result.pluginId).toBe(plugin.pluginId);
    expect(result.success && result.data).toHaveProperty('processed_count');
  });

  it('handles errors: missing params fail validation, naming what is missing', async () => {
    const f = framework();
    const plugin = new MyPlugin();
    await plugin.initialize(f.createContext(plugin));
    const result = await plugin.execute(new MockTask({ type: 'process_data', params: {} }));
    expect(result).toFailWith('PLUGIN_VALIDATION');
    expect(!result.success && result.error.message).toMatch(/input_data/);
    expect(!result.success && 'issues' in result.error && result.error.issues).toEqual([
      { path: ['input_data'], message: expect.stringMatching(/expected array/) },
    ]);
  });

  it('meets the performance requirements on the clock', async () => {
    const report = await framework().performanceTest(new MyPlugin(), {
      iterations: 10,
      concurrentTasks: 1,
      task: { params: { input_data: [{ id: 1 }], delay: 100 } },
    });
    expect(report.status).toBe('passed');
    expect(report.metrics.avgMs).toBe(100);
    expect(report).toMeetEpic1();
  });

  it('does not accumulate memory', async () => {
    const report = await framework().memoryTest(new MyPlugin(), {
      iterations: 50,
      task: (i) => ({ params: { input_data: [{ id: i, value: `test_${i}` }] } }),
    });
    expect(report.errors).toEqual([]);
  });

  it('executes tasks concurrently, overlapping on the clock', async () => {
    const report = await framework().concurrencyTest(new MyPlugin(), {
      tasks: [0, 1, 2, 3, 4].map((i) => ({ params: { input_data: [{ id: i }], delay: 100 } })),
    });
    expect(report.status).toBe('passed');
    // Five 100 ms tasks overlap: they finish together at 100 ms, not at 500 ms.
    expect(report.metrics.makespanMs).toBe(100);
    expect(report.metrics.sumOfDurationsMs).toBe(500);
  });

  it('cleans up', async () => {
    const f = framework();
    const plugin = new MyPlugin();
    await plugin.initialize(f.createContext(plugin));
    await plugin.execute(new MockTask({ type: 'process_data', params: { input_data: [] } }));
    expect((await f.testPluginCleanup(plugin)).status).toBe('passed');
    expect(plugin.isInitialized).toBe(false);
  });

  it('validates its configuration with core', () => {
    const valid = validatePluginConfig({ ...pluginConfig() }, MyPluginConfig);
    expect(valid.ok && valid.value.settings.batch_size).toBe(100);
    const invalid = validatePluginConfig({
      name: '', // invalid: empty name
      version: '1.0.0',
      limits: { maxMemoryMb: -1 }, // invalid: negative memory
    });
    expect(invalid.ok).toBe(false);
    const errors = invalid.ok ? [] : invalid.errors.map((e) => `${e.path.join('.')}: ${e.message}`);
    expect(errors).toEqual([
      'name: must not be empty',
      'limits.maxMemoryMb: must be a number of MB > 0',
    ]);
    expect(errors.some((error) => error.toLowerCase().includes('name'))).toBe(true);
    expect(errors.some((error) => error.toLowerCase().includes('memory'))).toBe(true);
  });

  it('fails to start on a configuration its settings schema rejects', async () => {
    const error = await createTestHost({
      plugins: [new MyPlugin()],
      overrides: { config: { TestPlugin: { settings: { batch_size: 0 } } } },
    }).catch((e: unknown) => e);
    expect(error).toFailWith('HOST_START_FAILED');
    expect((error as Error).message).toMatch(/settings\.batch_size: Too small/);
  });
});

describe('TestPluginIntegration', () => {
  it('coordinates agents', async () => {
    const orchestrator = new MockOrchestrator();
    orchestrator.addAgent(new MockAgent('agent1', ['data_processing', 'validation']));
    orchestrator.addAgent(new MockAgent('agent2', ['data_processing', 'transformation']));
    const plugin = new MyPlugin();
    await plugin.initialize(new PluginTestFramework({ orchestrator }).createContext(plugin));
    const agents = plugin.getAvailableAgents(['data_processing']);
    expect(agents).toHaveLength(2);
    const coordination = await plugin.coordinateAgents(agents, {
      id: 't',
      type: 'process_data',
      params: {},
    });
    expect(coordination.success).toBe(true);
    expect(coordination.agentResults).toHaveLength(2);
    await plugin.cleanup();
  });

  it('coordinates agents registered with the real host', async () => {
    const plugin = new MyPlugin();
    await using testHost = await createTestHost({
      plugins: [plugin],
      agents: [
        new MockAgent('agent1', ['data_processing', 'validation']),
        new MockAgent('agent2', ['data_processing', 'transformation']),
        new MockAgent('agent3', ['reporting']),
      ],
      overrides: { config: { TestPlugin: pluginConfig() } },
    });
    expect(plugin.batchSize).toBe(100);
    const agents = plugin.getAvailableAgents(['data_processing']);
    expect(agents.map((agent) => agent.id)).toEqual(['agent1', 'agent2']);
    const coordination = await plugin.coordinateAgents(agents, {
      id: 't',
      type: 'process_data',
      params: {},
    });
    expect(coordination.agentResults.map((r) => r.success)).toEqual([true, true]);
    const result = await testHost.execute('process_data', { input_data: [{ id: 1 }] });
    expect(result).toSucceed();
  });

  it('reports to monitoring', async () => {
    const monitoring = new MockMonitoring();
    const f = new PluginTestFramework({ monitoring });
    const plugin = monitoredPlugin();
    await plugin.initialize(f.createContext(plugin));
    const result = await plugin.execute(
      new MockTask({ type: 'monitored_operation', params: { data: 'test' } }),
    );
    expect(result).toSucceed();
    expect(monitoring.getLoggedEvents().length).toBeGreaterThan(0);
    expect(monitoring.getLoggedMetrics().length).toBeGreaterThan(0);
    expect(monitoring).toHaveRecordedMetric('monitored_operation_bytes');
    await plugin.cleanup();
  });

  it('reports to monitoring through the real host', async () => {
    await using testHost = await createTestHost({ plugins: [monitoredPlugin(), new MyPlugin()] });
    await testHost.execute('monitored_operation', { data: 'test' });
    await testHost.execute('process_data', { input_data: [{ data: 'test' }] });
    const events = testHost.monitoring.getLoggedEvents();
    expect(events).toContainEqual(
      expect.objectContaining({
        message: 'monitored operation',
        fields: expect.objectContaining({ plugin: { id: 'MonitoredPlugin', version: '1.0.0' } }),
      }),
    );
    expect(testHost.monitoring).toHaveRecordedMetric('records_processed_total', {
      operation: 'transform',
    });
  });

  it('checks permissions and encrypts for real', async () => {
    const security = new MockSecurity({ grants: ['execute_*'] });
    const plugin = new MyPlugin();
    expect(await security.check('execute_task', { pluginId: plugin.pluginId })).toBe(true);
    const data = 'sensitive information';
    const encrypted = await security.encrypt(data);
    const decrypted = new TextDecoder().decode(await security.decrypt(encrypted));
    expect(encrypted).not.toBe(data);
    expect(decrypted).toBe(data);
  });

  it('has its permissions checked by the real host', async () => {
    const security = new MockSecurity({ grants: ['execute_monitored_operation'] });
    await using testHost = await createTestHost({
      plugins: [monitoredPlugin(), new MyPlugin()],
      overrides: { permissions: security },
    });
    expect(await testHost.execute('monitored_operation', { data: 'x' })).toSucceed();
    expect(await testHost.execute('process_data', { input_data: [] })).toFailWith(
      'SECURITY_PERMISSION_DENIED',
    );
    expect(security.getPermissionChecks().map((c) => [c.permission, c.granted])).toEqual([
      ['execute_monitored_operation', true],
      ['execute_process_data', false],
    ]);
  });
});

describe('TestPluginProperties', () => {
  const records = fc.array(
    fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }),
      fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    ),
    { maxLength: 100 },
  );

  // fc.assert rather than @fast-check/vitest's test.prop: importing that module grows this
  // worker's heap by ~240 MB, which makes the forced GCs of the memory check take seconds.
  it('processes any records, never more than given', async () => {
    const f = framework();
    const plugin = new MyPlugin();
    await plugin.initialize(f.createContext(plugin));
    await fc.assert(
      fc.asyncProperty(records, async (input_data) => {
        const result = await plugin.execute(
          new MockTask({ type: 'process_data', params: { input_data } }),
        );
        expect(result.pluginId).toBe(plugin.pluginId);
        expect(result).toSucceed();
        if (result.success)
          expect(result.data.processed_count).toBeLessThanOrEqual(input_data.length);
      }),
      { numRuns: 50 },
    );
    await plugin.cleanup();
  });

  it('works with any batch size its configuration accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), async (batchSize) => {
        const f = new PluginTestFramework({
          config: { TestPlugin: { settings: { batch_size: batchSize } } },
        });
        const plugin = new MyPlugin();
        await plugin.initialize(f.createContext(plugin));
        expect(plugin.batchSize).toBe(batchSize);
        const input_data = Array.from({ length: Math.min(batchSize * 2, 100) }, (_, id) => ({
          id,
        }));
        expect(
          await plugin.execute(new MockTask({ type: 'process_data', params: { input_data } })),
        ).toSucceed();
        await plugin.cleanup();
      }),
      { numRuns: 25 },
    );
  });
});
