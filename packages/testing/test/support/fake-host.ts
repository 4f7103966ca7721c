import {
  type Agent,
  type PermissionChecker,
  PluginExecutionError,
  PluginSecurityError,
  type TaskRequest,
  type TaskResult,
  type TaskStatusEvent,
} from '@leanvibe/core/contracts';
import type { TestablePlugin, TestablePluginHost, TestHostServices } from '../../src/index.js';
import { MockTask } from '../../src/index.js';

/**
 * A minimal host following the documented PluginHost API (register, start, execute routed by
 * task type with the `execute_<type>` permission, agents, status events, close in reverse
 * order), to test createTestHost without depending on the real one.
 */
export class FakeHost implements TestablePluginHost {
  readonly id = 'fake-host';
  readonly plugins: TestablePlugin[] = [];
  readonly agents = new Map<string, Agent>();
  readonly listeners = new Set<(event: TaskStatusEvent) => void>();
  closed = 0;
  readonly #controller = new AbortController();

  constructor(readonly options: TestHostServices) {}

  async register(plugin: TestablePlugin | string): Promise<void> {
    if (typeof plugin === 'string') throw new Error('module specifiers are not supported here');
    this.plugins.push(plugin);
  }

  async start(): Promise<{ plugins: { pluginId: string; state: string }[] }> {
    for (const plugin of this.plugins) {
      await plugin.initialize({
        orchestrator: {
          getAvailableAgents: (caps) =>
            [...this.agents.values()].filter((a) => caps.every((c) => a.capabilities.includes(c))),
          submitTask: (task) => this.execute(task),
          onTaskStatus: (listener) => this.onTaskStatus(listener),
        },
        logger: this.options.logger as NonNullable<TestHostServices['logger']>,
        metrics: this.options.metrics as NonNullable<TestHostServices['metrics']>,
        clock: this.options.clock as NonNullable<TestHostServices['clock']>,
        ...(typeof this.options.permissions === 'object'
          ? { permissions: this.options.permissions }
          : {}),
        ...(this.options.cipher === undefined ? {} : { cipher: this.options.cipher }),
        config: this.options.config?.[plugin.pluginId] ?? {},
        signal: this.#controller.signal,
      });
    }
    return { plugins: this.plugins.map((p) => ({ pluginId: p.pluginId, state: 'ready' })) };
  }

  async execute<T>(request: TaskRequest): Promise<TaskResult<T>> {
    const task = new MockTask({
      type: request.type,
      params: request.params,
      ...(request.id ? { id: request.id } : {}),
    });
    const plugin = this.plugins.find((p) => p.manifest.taskTypes.includes(request.type));
    const base = { pluginId: plugin?.pluginId ?? 'host', taskId: task.id, executionTimeMs: 0 };
    if (plugin === undefined) {
      return {
        ...base,
        success: false,
        error: new PluginExecutionError(`no plugin handles "${request.type}"`),
      };
    }
    const checker = this.options.permissions as PermissionChecker | undefined;
    const permission = `execute_${request.type}`;
    if (
      checker !== undefined &&
      !(await checker.check(permission, { pluginId: plugin.pluginId, taskId: task.id }))
    ) {
      return {
        ...base,
        success: false,
        error: new PluginSecurityError(`${permission} denied`, {
          violation: 'permission_denied',
          requiredPermission: permission,
        }),
      };
    }
    const emit = (status: TaskStatusEvent['status']) => {
      for (const listener of this.listeners)
        listener({ taskId: task.id, type: task.type, pluginId: plugin.pluginId, status });
    };
    emit('running');
    const result = (await plugin.execute(task)) as TaskResult<T>;
    emit(result.success ? 'succeeded' : 'failed');
    return result;
  }

  registerAgent(agent: Agent): () => void {
    this.agents.set(agent.id, agent);
    return () => this.agents.delete(agent.id);
  }

  onTaskStatus(listener: (event: TaskStatusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): { status: string } {
    return { status: this.closed > 0 ? 'stopped' : 'ready' };
  }

  async close(): Promise<void> {
    this.closed++;
    this.#controller.abort();
    for (const plugin of [...this.plugins].reverse()) await plugin.cleanup();
  }
}
