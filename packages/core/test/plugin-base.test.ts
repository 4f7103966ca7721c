import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type Agent,
  createManualClock,
  definePlugin,
  isPluginExecutionError,
  isPluginTimeoutError,
  isPluginValidationError,
  isThrownValueError,
  LIMITS_ENFORCED,
  type Logger,
  noopLogger,
  noopMetrics,
  type Orchestrator,
  PluginBase,
  type PluginContext,
  PluginExecutionError,
  type Task,
} from '../src/index.js';

function makeTask<P>(params: P, overrides: Partial<Task<P>> = {}): Task<P> {
  return {
    id: 't1',
    type: 'greet',
    params,
    signal: new AbortController().signal,
    updateStatus: () => {},
    ...overrides,
  };
}

function context(overrides: Partial<PluginContext> = {}): PluginContext {
  const orchestrator: Orchestrator = {
    getAvailableAgents: () => [],
    submitTask: async () => {
      throw new Error('not used');
    },
    onTaskStatus: () => () => {},
  };
  return {
    orchestrator,
    logger: noopLogger,
    metrics: noopMetrics,
    clock: createManualClock(),
    config: {},
    signal: new AbortController().signal,
    ...overrides,
  };
}

const manifest = {
  name: 'greeter',
  version: '1.0.0',
  type: 'custom',
  taskTypes: ['greet'],
  sdk: '^0.1.0',
} as const;

class Greeter extends PluginBase<{ name: string }, string> {
  readonly events: string[] = [];
  constructor() {
    super({ ...manifest, params: z.object({ name: z.string().min(1) }) });
  }
  protected override onInitialize(): void {
    this.events.push('init');
  }
  protected override onCleanup(): void {
    this.events.push('cleanup');
  }
  handleTask(task: Task<{ name: string }>): string {
    return `hello, ${task.params.name}`;
  }
}

describe('PluginBase', () => {
  it('runs handleTask with validated params and reports success', async () => {
    const plugin = new Greeter();
    await plugin.initialize(context());
    const result = await plugin.execute(makeTask({ name: 'Ada' }));
    expect(result).toMatchObject({
      success: true,
      pluginId: 'greeter',
      taskId: 't1',
      data: 'hello, Ada',
    });
    expect(plugin.performanceMetrics).toMatchObject({ tasks: 1, succeeded: 1, failed: 0 });
  });

  it('lists every invalid param with its path, without running the handler', async () => {
    const handle = vi.fn();
    const plugin = definePlugin({
      ...manifest,
      params: z.object({ name: z.string(), age: z.number().int(), tags: z.array(z.string()) }),
      handle,
    });
    await plugin.initialize(context());
    const result = await plugin.execute(makeTask({ name: 1, age: 1.5, tags: ['ok', 2] }));
    expect(handle).not.toHaveBeenCalled();
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(isPluginValidationError(result.error)).toBe(true);
    const paths = (result.error as unknown as { issues: { path: unknown[] }[] }).issues.map(
      (i) => i.path,
    );
    expect(paths).toEqual([['name'], ['age'], ['tags', 1]]);
    expect(result.error.message).toContain('tags[1]');
  });

  it('turns a thrown string into a failed result that says what was thrown', async () => {
    const plugin = definePlugin({
      ...manifest,
      handle: () => {
        throw 'boom';
      },
    });
    await plugin.initialize(context());
    const result = await plugin.execute(makeTask({}));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(isPluginExecutionError(result.error)).toBe(true);
    expect(result.error.message).toContain('"boom" (a string)');
    expect(isThrownValueError(result.error.cause)).toBe(true);
    expect(plugin.performanceMetrics.failed).toBe(1);
  });

  it('keeps a PluginError the handler throws as it is', async () => {
    const error = new PluginExecutionError('upstream refused', { pluginId: 'greeter' });
    const plugin = definePlugin({ ...manifest, handle: async () => Promise.reject(error) });
    await plugin.initialize(context());
    const result = await plugin.execute(makeTask({}));
    expect(result.success ? undefined : result.error).toBe(error);
  });

  it('fails tasks before initialize and after cleanup', async () => {
    const plugin = new Greeter();
    const before = await plugin.execute(makeTask({ name: 'Ada' }));
    expect(before.success ? '' : before.error.code).toBe('PLUGIN_NOT_READY');
    await plugin.initialize(context());
    await plugin.cleanup();
    const after = await plugin.execute(makeTask({ name: 'Ada' }));
    expect(after.success ? '' : after.error.code).toBe('PLUGIN_NOT_READY');
  });

  it('initializes once and cleans up once, however often called', async () => {
    const plugin = new Greeter();
    expect(plugin.isInitialized).toBe(false);
    await plugin.initialize(context());
    await plugin.initialize(context());
    expect(plugin.isInitialized).toBe(true);
    await plugin.cleanup();
    await plugin.cleanup();
    expect(plugin.events).toEqual(['init', 'cleanup']);
    expect(plugin.isInitialized).toBe(false);
  });

  it('times out a handler that hangs and ignores its signal, when run outside a host', async () => {
    const clock = createManualClock();
    let seen: AbortSignal | undefined;
    const plugin = definePlugin({
      ...manifest,
      limits: { maxExecutionTimeMs: 250 },
      handle: (_task, scope) => {
        seen = scope.signal;
        return new Promise<never>(() => {});
      },
    });
    await plugin.initialize(context({ clock }));
    const pending = plugin.execute(makeTask({}));
    await clock.advanceAsync(249);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advanceAsync(1);
    const result = await pending;
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(isPluginTimeoutError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ timeoutMs: 250, operation: 'execute', taskId: 't1' });
    expect(result.executionTimeMs).toBe(250);
    expect(seen?.aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('clears its timer when the handler finishes in time', async () => {
    const clock = createManualClock();
    const plugin = definePlugin({
      ...manifest,
      limits: { maxExecutionTimeMs: 250 },
      handle: () => 1,
    });
    await plugin.initialize(context({ clock }));
    expect(await plugin.execute(makeTask({}))).toMatchObject({ success: true, data: 1 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('leaves the time limit to the caller when the task says it enforces it', async () => {
    const clock = createManualClock();
    const plugin = definePlugin({
      ...manifest,
      limits: { maxExecutionTimeMs: 250 },
      handle: () => 1,
    });
    await plugin.initialize(context({ clock }));
    const task = Object.assign(makeTask({}), { [LIMITS_ENFORCED]: true });
    const pending = plugin.execute(task);
    expect(clock.pendingTimers()).toBe(0);
    expect((await pending).success).toBe(true);
  });

  it('gives each task a child logger bound to it', async () => {
    const bindings: Record<string, unknown>[] = [];
    const logger: Logger = {
      ...noopLogger,
      child: (b) => {
        bindings.push(b);
        return logger;
      },
    };
    const plugin = definePlugin({
      ...manifest,
      handle: (_task, scope) => {
        scope.logger.info('working');
        return scope.plugin.pluginId;
      },
    });
    await plugin.initialize(context({ logger }));
    await plugin.execute(makeTask({}));
    expect(bindings).toEqual([{ task: { id: 't1', type: 'greet' } }]);
    expect(plugin.logger).toBe(logger);
  });

  it('types task.params from the params schema', () => {
    const plugin = definePlugin({
      ...manifest,
      params: z.object({ n: z.number() }),
      handle: (task) => {
        expectTypeOf(task.params).toEqualTypeOf<{ n: number }>();
        return task.params.n * 2;
      },
    });
    expectTypeOf(plugin).toEqualTypeOf<PluginBase<{ n: number }, number>>();
  });

  it('coordinates agents and reports each one', async () => {
    const good: Agent = {
      id: 'a',
      capabilities: ['x'],
      execute: async (task) => `a did ${task.type}`,
    };
    const bad: Agent = {
      id: 'b',
      capabilities: ['x'],
      execute: async () => {
        throw 'nope';
      },
    };
    const orchestrator: Orchestrator = {
      getAvailableAgents: (caps) =>
        [good, bad].filter((a) => caps.every((c) => a.capabilities.includes(c))),
      submitTask: async () => {
        throw new Error('unused');
      },
      onTaskStatus: () => () => {},
    };
    const plugin = new Greeter();
    expect(() => plugin.getAvailableAgents(['x'])).toThrow(/before initialize/);
    await plugin.initialize(context({ orchestrator }));
    const agents = plugin.getAvailableAgents(['x']);
    expect(agents.map((a) => a.id)).toEqual(['a', 'b']);
    const outcome = await plugin.coordinateAgents(agents, { id: 'c1', type: 'scan', params: {} });
    expect(outcome.success).toBe(false);
    expect(outcome.agentResults[0]).toEqual({ agentId: 'a', success: true, data: 'a did scan' });
    expect(outcome.agentResults[1]).toMatchObject({ agentId: 'b', success: false });
    const all = await plugin.coordinateAgents([good], { id: 'c2', type: 'scan', params: {} });
    expect(all.success).toBe(true);
    await expect(
      plugin.coordinateAgents('x' as never, { id: 'c', type: 't', params: {} }),
    ).rejects.toThrow(/`agents` must be an array/);
  });

  it('rejects a missing manifest and a definition without handle', () => {
    expect(() => definePlugin({ ...manifest } as never)).toThrow(/`handle` must be a function/);
    class Bare extends PluginBase {
      handleTask(): unknown {
        return undefined;
      }
    }
    expect(() => new Bare(undefined as never)).toThrow(/`manifest` must be a plugin manifest/);
  });
});
