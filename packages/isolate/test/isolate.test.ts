import { PluginHost } from '@leanvibe/core';
import {
  isInvalidOptionError,
  isPluginValidationError,
  isTaskEncodingError,
} from '@leanvibe/core/contracts';
import { HandleTracker } from '@leanvibe/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { isIsolateError, isolatedPlugin } from '../src/index.js';
import { resolveSpecifier, workerEntry, workerExecArgv } from '../src/locate.js';
import {
  closeAll,
  contextFor,
  fixture,
  hostWith,
  pingPlugin,
  recordingLogger,
  recordingSink,
  taskOf,
  until,
} from './support.js';

describe('isolatedPlugin', () => {
  const tracker = new HandleTracker().enable();
  afterEach(async () => {
    await closeAll();
    expect(await tracker.openHandles()).toEqual([]);
  });

  it('shows the host the module manifest, without the params schema', async () => {
    await tracker.run(async () => {
      const plugin = await isolatedPlugin(fixture('echo'));
      expect(plugin.manifest).toEqual({
        name: 'echo',
        version: '1.0.0',
        type: 'custom',
        taskTypes: ['echo'],
        sdk: '^0.1.0',
        limits: { concurrency: 8 },
      });
      expect(plugin.pluginId).toBe('echo');
      expect(plugin.isInitialized).toBe(false);
      expect(plugin.isolation.state).toBe('idle');
      await plugin.cleanup();
    });
  });

  it('runs config, tasks, progress, logs and metrics across the wall', async () => {
    await tracker.run(async () => {
      const logger = recordingLogger();
      const metrics = recordingSink();
      const { host } = await hostWith(
        'echo',
        {},
        { logger, metrics, config: { echo: { greeting: 'hello' } } },
      );
      const events: unknown[] = [];
      const unsubscribe = host.onTaskStatus((event) => {
        if (event.status === 'running' && event.progress !== undefined) events.push(event.progress);
      });
      const result = await host.execute({ type: 'echo', params: { text: 'hi' } });
      expect(result).toMatchObject({
        success: true,
        pluginId: 'echo',
        data: { text: 'hi', greeting: 'hello' },
      });
      expect(result.success && (result.data as { threadId: number }).threadId).toBeGreaterThan(0);
      expect(events).toEqual([0.5]);
      expect(metrics.records).toContainEqual({
        kind: 'counter',
        name: 'echo_total',
        value: 1,
        labels: { kind: 'echo' },
      });
      const init = logger.lines.find((l) => l.args[1] === 'echo ready');
      expect(init?.bindings).toEqual({ plugin: { id: 'echo', version: '1.0.0' } });
      expect(init?.args[0]).toEqual({ stage: 'init', greeting: 'hello' });
      const echoing = logger.lines.find((l) => l.args[1] === 'echoing');
      expect(echoing).toMatchObject({ level: 'warn', args: [{ text: 'hi' }, 'echoing'] });
      expect(echoing?.bindings).toMatchObject({ plugin: { id: 'echo' }, task: result.taskId });
      unsubscribe();
      await host.close();
      expect(logger.lines.some((l) => l.args[0] === 'echo cleaned up')).toBe(true);
    });
  });

  it('hands the task’s trace carrier to the plugin in the worker', async () => {
    await tracker.run(async () => {
      const { host } = await hostWith('trace');
      const traceContext = {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tracestate: 'vendor=1',
      };
      expect(await host.execute({ type: 'carrier', params: {}, traceContext })).toMatchObject({
        success: true,
        data: { traceContext },
      });
      // A task without one has none in the worker either.
      expect(await host.execute({ type: 'carrier', params: {} })).toMatchObject({
        success: true,
        data: { traceContext: null },
      });
      await host.close();
    });
  });

  it('keeps the class and code of errors, and validates params in the worker', async () => {
    await tracker.run(async () => {
      const { host } = await hostWith('echo');
      const thrown = await host.execute({ type: 'echo', params: { text: 'fail' } });
      expect(!thrown.success && thrown.error.code).toBe('PLUGIN_EXECUTION');
      expect(!thrown.success && (thrown.error.cause as Error).message).toBe('asked to fail');
      const invalid = await host.execute({ type: 'echo', params: { text: 3 } });
      expect(!invalid.success && isPluginValidationError(invalid.error)).toBe(true);
      expect(
        !invalid.success && isPluginValidationError(invalid.error) && invalid.error.issues,
      ).toEqual([{ path: ['text'], message: 'expected a string' }]);
      await host.close();
    });
  });

  it('refuses params that cannot cross as JSON, sending nothing', async () => {
    await tracker.run(async () => {
      const { host } = await hostWith('echo');
      const result = await host.execute({ type: 'echo', params: { text: 'x', at: new Date(0) } });
      expect(!result.success && isTaskEncodingError(result.error)).toBe(true);
      expect(!result.success && result.error.code).toBe('TASK_NOT_SERIALIZABLE');
      await host.close();
    });
  });

  it('spreads concurrent tasks over its workers', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('echo', { workers: 2 });
      expect(plugin.isolation.threadIds).toHaveLength(2);
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          host.execute({ type: 'echo', params: { text: 'x', sleepMs: 30 } }),
        ),
      );
      const threads = new Set(
        results.map((r) => r.success && (r.data as { threadId: number }).threadId),
      );
      expect(threads.size).toBe(2);
      await host.close();
      expect(plugin.isolation.threadIds).toEqual([]);
    });
  });

  it('cancels a task in the worker when its caller aborts', async () => {
    await tracker.run(async () => {
      const { host } = await hostWith('echo');
      const controller = new AbortController();
      const pending = host.execute({
        type: 'echo',
        params: { text: 'x', sleepMs: 10_000 },
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error('enough')), 50);
      const result = await pending;
      expect(!result.success && result.error.code).toBe('PLUGIN_CANCELLED');
      // The worker stopped the task itself: still the same, healthy worker.
      expect(await host.execute({ type: 'echo', params: { text: 'y' } })).toMatchObject({
        success: true,
      });
      await host.close();
    });
  });

  it('enforces the manifest budget itself when no host does, and refuses an aborted task', async () => {
    await tracker.run(async () => {
      const plugin = await isolatedPlugin(fixture('spin'), { abortGraceMs: 10 });
      await plugin.initialize(contextFor());
      const [spinning] = plugin.isolation.threadIds;
      const timedOut = await plugin.execute(taskOf('spin', new AbortController().signal));
      expect(!timedOut.success && timedOut.error.code).toBe('PLUGIN_TIMEOUT');
      // The worker that never yields is terminated past its grace, and replaced.
      await until(() => plugin.isolation.restarts === 1 && plugin.isolation.threadIds.length === 1);
      expect(plugin.isolation.threadIds).not.toContain(spinning);
      const aborted = AbortSignal.abort(new Error('before'));
      const refused = await plugin.execute(taskOf('ok', aborted));
      expect(!refused.success && refused.error.code).toBe('PLUGIN_CANCELLED');
      await plugin.cleanup();
      await plugin.cleanup();
      const closed = await plugin.execute(taskOf('ok', new AbortController().signal));
      expect(!closed.success && isIsolateError(closed.error) && closed.error.code).toBe(
        'ISOLATE_CLOSED',
      );
    });
  });

  it('never throws: a task whose signal cannot be read fails with PLUGIN_EXECUTION', async () => {
    await tracker.run(async () => {
      const plugin = await isolatedPlugin(fixture('echo'));
      await plugin.initialize(contextFor());
      const task = taskOf('echo', new AbortController().signal, true, { text: 'x' });
      Object.defineProperty(task, 'signal', {
        get() {
          throw new Error('no signal here');
        },
      });
      const result = await plugin.execute(task);
      expect(!result.success && result.error.code).toBe('PLUGIN_EXECUTION');
      expect(!result.success && (result.error.cause as Error).message).toBe('no signal here');
      expect(
        await plugin.execute(taskOf('echo', AbortSignal.abort(), true, { text: 'x' })),
      ).toMatchObject({
        success: false,
        error: { code: 'PLUGIN_CANCELLED' },
      });
      await plugin.cleanup();
    });
  });

  it('loads class and factory exports, and relays submitTask to the host', async () => {
    await tracker.run(async () => {
      const host = new PluginHost();
      await host.register(pingPlugin());
      await host.register(await isolatedPlugin(fixture('class-export')));
      await host.register(await isolatedPlugin(fixture('factory')));
      await host.start();
      expect(await host.execute({ type: 'klass', params: {} })).toMatchObject({
        data: 'from a class',
      });
      expect(await host.execute({ type: 'relay', params: 7 })).toMatchObject({
        data: { relayed: { pong: 7 } },
      });
      await host.close();
    });
  });

  it('fails to load a module that exports no plugin, or does not exist, with ISOLATE_LOAD_FAILED', async () => {
    await tracker.run(async () => {
      for (const name of ['not-a-plugin', 'missing']) {
        const error = await isolatedPlugin(fixture(name)).catch((e: unknown) => e);
        expect(isIsolateError(error) && error.code).toBe('ISOLATE_LOAD_FAILED');
      }
    });
  });

  it('leaves a plugin whose initialize throws failed, with no worker left', async () => {
    await tracker.run(async () => {
      const host = new PluginHost();
      const plugin = await isolatedPlugin(fixture('init-throws'), {
        workers: 2,
        memoryLimitMb: 48,
      });
      await host.register(plugin);
      const report = await host.start();
      expect(report.plugins[0]?.state).toBe('failed');
      expect((report.plugins[0]?.error?.cause as Error | undefined)?.message).toBe('no config');
      expect(plugin.isolation.threadIds).toEqual([]);
      expect(plugin.isInitialized).toBe(false);
      await host.close();
    });
  });

  it('checks its options at once, naming the option', async () => {
    await expect(isolatedPlugin(fixture('echo'), { workers: 0 })).rejects.toSatisfy(
      isInvalidOptionError,
    );
    await expect(isolatedPlugin(fixture('echo'), { memoryLimitMb: -1 })).rejects.toThrow(
      '`memoryLimitMb` must be a finite number ≥ 1, got -1',
    );
    await expect(isolatedPlugin('', {})).rejects.toThrow('`specifier` must be a non-empty string');
    await expect(isolatedPlugin(fixture('echo'), { abortGraceMs: Number.NaN })).rejects.toThrow(
      '`abortGraceMs`',
    );
    await expect(isolatedPlugin(fixture('echo'), { idleWaitMs: 101 })).rejects.toThrow(
      '`idleWaitMs` must be a finite number between 0 and 100, got 101',
    );
  });

  it('resolves specifiers and its worker entry as host.register does', () => {
    expect(resolveSpecifier('file:///x.mjs')).toBe('file:///x.mjs');
    expect(resolveSpecifier('./p.mjs', '/srv')).toBe('file:///srv/p.mjs');
    expect(resolveSpecifier('@leanvibe/core')).toMatch(/^file:.*core/);
    expect(resolveSpecifier('no-such-package-here')).toBe('no-such-package-here');
    expect(workerEntry('file:///pkg/dist/index.js').href).toBe('file:///pkg/dist/worker.js');
    expect(workerEntry('file:///pkg/dist/index.cjs').href).toBe('file:///pkg/dist/worker.cjs');
    expect(workerEntry('file:///pkg/src/locate.ts').href).toBe('file:///pkg/dist/worker.js');
    expect(workerExecArgv(['--expose-gc'])).toEqual({});
    expect(workerExecArgv(['--input-type=module', '--no-warnings'])).toEqual({
      execArgv: ['--no-warnings'],
    });
  });
});
