import type { PluginContext, PluginManifest, Task, TaskResult } from '@leanvibe/core/contracts';

/**
 * A plugin as the host sees it — the shape of `PluginBase` instances and `definePlugin()`
 * results from `@leanvibe/core`, and of any hand-written plugin. Declared here structurally so
 * that the framework, the mocks and the property helpers need only the contracts entry.
 */
export interface TestablePlugin<Params = unknown, Result = unknown> {
  readonly manifest: PluginManifest<Params>;
  /** Equals `manifest.name`. */
  readonly pluginId: string;
  readonly isInitialized: boolean;
  initialize(context: PluginContext): Promise<void>;
  /** Never throws: a failure is a failed result. */
  execute(task: Task<unknown>): Promise<TaskResult<Result>>;
  /** Idempotent. */
  cleanup(): Promise<void>;
}

/** A task to run in a check: its type (default: the plugin's first task type) and params. */
export interface TaskSpec<Params = unknown> {
  readonly type?: string;
  readonly params: Params;
}

/** One task, or a function giving the task of each iteration (0-based). */
export type TaskSource<Params = unknown> = TaskSpec<Params> | ((index: number) => TaskSpec<Params>);
