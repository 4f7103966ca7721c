import type { PluginContext, PluginManifest, Task, TaskResult } from '@leanvibe/core/contracts';

/** The plugin shape the host accepts, as seen from inside the worker. */
export interface LoadedPlugin {
  readonly manifest: PluginManifest;
  readonly pluginId: string;
  readonly isInitialized: boolean;
  initialize(context: PluginContext): Promise<void>;
  execute(task: Task<unknown>): Promise<TaskResult>;
  cleanup(): Promise<void>;
}

function isPluginShape(value: unknown): value is LoadedPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.manifest === 'object' &&
    c.manifest !== null &&
    typeof c.pluginId === 'string' &&
    typeof c.initialize === 'function' &&
    typeof c.execute === 'function' &&
    typeof c.cleanup === 'function'
  );
}

/**
 * Imports a plugin module the way `host.register(specifier)` does: its default or `plugin`
 * export, a class instantiated, or a factory's result.
 */
export async function loadPluginModule(specifier: string): Promise<LoadedPlugin> {
  const module = (await import(specifier)) as { default?: unknown; plugin?: unknown };
  let exported = module.default ?? module.plugin;
  if (typeof exported === 'function' && !isPluginShape(exported)) {
    const factory = exported as { prototype?: { execute?: unknown } };
    exported =
      typeof factory.prototype?.execute === 'function'
        ? new (exported as new () => unknown)()
        : await (exported as () => unknown)();
  }
  if (!isPluginShape(exported)) {
    throw new TypeError(
      `${specifier} does not export a plugin (manifest, pluginId, initialize, execute, cleanup)`,
    );
  }
  return exported;
}
