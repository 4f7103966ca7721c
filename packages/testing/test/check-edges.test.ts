// How the checks describe plugins that get the basics wrong: malformed results, synchronous
// throws, errors that name the wrong task, schemas the framework cannot read.
import {
  createManualClock,
  type PluginContext,
  type PluginManifest,
  PluginValidationError,
  type Task,
  type TaskResult,
} from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { PluginTestFramework, percentile, summarize, type TestablePlugin } from '../src/index.js';

type Behaviour = (task: Task<unknown>, plugin: TestablePlugin) => unknown;

/** A hand-written plugin whose execute does whatever `behave` says, even the forbidden. */
function rawPlugin(
  behave: Behaviour,
  manifest: Partial<PluginManifest> = {},
  hooks: { initialize?: (context: PluginContext) => unknown } = {},
): TestablePlugin {
  let initialized = false;
  const plugin: TestablePlugin = {
    manifest: {
      name: 'raw',
      version: '1.0.0',
      type: 'custom',
      taskTypes: ['raw'],
      sdk: '^0.1.0',
      ...manifest,
    } as PluginManifest,
    pluginId: manifest.name ?? 'raw',
    get isInitialized() {
      return initialized;
    },
    initialize: ((context: PluginContext) => {
      const done = hooks.initialize?.(context);
      initialized = true;
      return done ?? Promise.resolve();
    }) as TestablePlugin['initialize'],
    execute: ((task: Task<unknown>) => behave(task, plugin)) as TestablePlugin['execute'],
    cleanup: async () => {
      initialized = false;
    },
  };
  return plugin;
}

const ok = (task: Task<unknown>): TaskResult => ({
  success: true,
  pluginId: 'raw',
  taskId: task.id,
  data: task.params,
  executionTimeMs: 0,
});

const framework = () => new PluginTestFramework({ clock: createManualClock() });

describe('checks describe malformed results', () => {
  it('names every problem with the shape of a result', async () => {
    const f = framework();
    const cases: [Behaviour, string[]][] = [
      [async () => null, ['execute() resolved with null instead of a TaskResult']],
      [
        async () => ({ success: 'yes', pluginId: 'other', taskId: 'x' }),
        [
          'the result has no boolean `success`',
          'the result names plugin "other", not "raw"',
          expect.stringMatching(/^the result names task "x", not "/),
          'the result has no numeric `executionTimeMs`',
        ] as string[],
      ],
      [
        async (task) => ({ success: false, pluginId: 'raw', taskId: task.id, executionTimeMs: 1 }),
        ['a failed result carries no `error`', expect.stringMatching(/^the task failed with /)],
      ],
      [
        () => {
          throw 'a thrown string';
        },
        ['execute() threw instead of returning a failed result: a thrown string'],
      ],
    ];
    for (const [behave, expected] of cases) {
      const report = await f.testTaskExecution(rawPlugin(behave), { task: { params: {} } });
      expect(report.errors).toEqual(expected);
    }
  });

  it('requires a PluginError naming the plugin and the task from a failing task', async () => {
    const f = framework();
    const failing = (error: Error) => async (task: Task<unknown>) => ({
      success: false,
      pluginId: 'raw',
      taskId: task.id,
      error,
      executionTimeMs: 0,
    });
    const plain = await f.testErrorHandling(rawPlugin(failing(new Error('plain'))), {
      task: { params: {} },
    });
    expect(plain.errors).toEqual(["the result's error is not a PluginError: plain"]);
    const elsewhere = new PluginValidationError('bad', { pluginId: 'raw', taskId: 'another' });
    const misnamed = await f.testErrorHandling(rawPlugin(failing(elsewhere)), {
      task: { params: {} },
    });
    expect(misnamed.errors).toEqual([
      expect.stringMatching(/^the error names plugin "raw" and task "another", not "raw" and "/),
    ]);
    const succeeding = await f.testErrorHandling(rawPlugin(ok), { task: { params: {} } });
    expect(succeeding.errors).toEqual(['the failing task succeeded']);
  });
});

describe('checks describe what they cannot do', () => {
  it('says when there is nothing to validate, and when a validation error lists no issues', async () => {
    const f = framework();
    const none = await f.testParamsValidation(rawPlugin(ok));
    expect(none.errors).toEqual([
      'nothing to check: the plugin has no zod 4 params schema and no params were given',
    ]);
    const silent = rawPlugin(async (task) => ({
      success: false,
      pluginId: 'raw',
      taskId: task.id,
      error: new PluginValidationError('invalid', { pluginId: 'raw', taskId: task.id }),
      executionTimeMs: 0,
    }));
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const report = await f.testParamsValidation(silent, { valid: [], invalid: [circular, 1n] });
    expect(report.errors).toEqual([
      'the validation error for [object Object] lists no issues',
      'the validation error for 1 lists no issues',
    ]);
    const accepting = await f.testParamsValidation(rawPlugin(ok), { valid: [1], invalid: [2] });
    expect(accepting.errors).toEqual([
      'invalid params 2 were not rejected with PLUGIN_VALIDATION: the task succeeded',
    ]);
  });

  it('needs a task when the params schema is not zod 4, and a task type', async () => {
    const f = framework();
    const foreign = rawPlugin(ok, { params: { safeParse: () => ({ success: true }) } as never });
    await expect(f.testTaskExecution(foreign)).rejects.toThrow(
      "`task` must be a task spec (the plugin's params schema is not a zod 4 schema",
    );
    const typeless = rawPlugin(ok, { taskTypes: [] });
    await expect(f.testTaskExecution(typeless, { task: { params: {} } })).rejects.toThrow(
      '`task.type` must be a task type (the plugin declares none)',
    );
    const schemaless = await f.testTaskExecution(rawPlugin(ok));
    expect(schemaless.errors).toEqual([]);
    expect(schemaless.results[0]).toMatchObject({ success: true, data: {} });
  });

  it('reports an initialize that throws synchronously', async () => {
    const throwing = rawPlugin(
      ok,
      {},
      {
        initialize: () => {
          throw new Error('no config');
        },
      },
    );
    const report = await framework().testPluginInitialization(throwing);
    expect(report.errors).toContain('initialize() threw synchronously: no config');
  });

  it('reports synchronous throws under load', async () => {
    const f = framework();
    const throwing = rawPlugin(() => {
      throw new Error('sync failure');
    });
    const concurrency = await f.concurrencyTest(throwing, {
      tasks: 3,
      task: (i) => ({ params: { i } }),
      compareWithSequential: false,
    });
    expect(concurrency.errors).toContain(
      'execute() threw instead of returning a failed result: sync failure',
    );
    const cancel = await f.testCancellation(throwing, { task: { params: {} } });
    expect(cancel.errors).toEqual([
      'the task settled before it could be cancelled: give a task that takes a while',
    ]);
    const memory = await f.memoryTest(throwing, { iterations: 3, warmup: 0, task: { params: {} } });
    expect(memory.status).toBe('failed');
    await expect(f.concurrencyTest(rawPlugin(ok), { tasks: 1 })).rejects.toThrow('`tasks`');
  });
});

describe('duration statistics', () => {
  it('summarises durations by nearest rank, zeros when empty', () => {
    expect(summarize([])).toEqual({
      count: 0,
      avgMs: 0,
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
      maxMs: 0,
      minMs: 0,
    });
    expect(summarize([5, 1, 3, 2, 4])).toEqual({
      count: 5,
      avgMs: 3,
      p50Ms: 3,
      p95Ms: 5,
      p99Ms: 5,
      maxMs: 5,
      minMs: 1,
    });
    expect(percentile([10, 20, 30], 0)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
});
