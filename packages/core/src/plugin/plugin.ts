import type { PluginContext, PluginManifest, Task, TaskResult } from '../contracts/index.js';

/**
 * A plugin as the host sees it. {@link PluginBase} instances and {@link definePlugin} results
 * are this; any object of this shape can be registered too.
 */
export interface Plugin<Params = unknown, Result = unknown> {
  /** What the plugin says about itself; checked at `register()`. */
  readonly manifest: PluginManifest<Params>;
  /** Equal to `manifest.name`. */
  readonly pluginId: string;
  /** True between a successful `initialize` and `cleanup`. */
  readonly isInitialized: boolean;
  /** Prepares the plugin; the host calls it once, in dependency order, within its budget. */
  initialize(context: PluginContext): Promise<void>;
  /** Runs one task. Never throws: every failure is a failed result. */
  execute(task: Task<unknown>): Promise<TaskResult<Result>>;
  /** Releases what `initialize` acquired; safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * Set (to `true`) on tasks whose time limit the caller already enforces (the host does), so a
 * plugin does not start a second timer. A registry symbol, so two installed copies agree.
 */
export const LIMITS_ENFORCED: unique symbol = Symbol.for('leanvibe.task.limitsEnforced');

/** True when `value` has the shape of a {@link Plugin}. */
export function isPlugin(value: unknown): value is Plugin {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof Plugin, unknown>>;
  return (
    typeof candidate.manifest === 'object' &&
    candidate.manifest !== null &&
    typeof candidate.pluginId === 'string' &&
    typeof candidate.initialize === 'function' &&
    typeof candidate.execute === 'function' &&
    typeof candidate.cleanup === 'function'
  );
}
