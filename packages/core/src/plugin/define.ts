import {
  checkFunction,
  checkOptionsObject,
  type InferParams,
  type ParamsSchema,
  type PluginContext,
  type PluginLimits,
  type PluginManifest,
  type PluginType,
  type Task,
} from '../contracts/index.js';
import { PluginBase, type TaskScope } from './base.js';

/** What {@link definePlugin} takes: the manifest's fields and the plugin's functions. */
export interface PluginDefinition<S extends ParamsSchema, R> {
  /** Unique per host; also the plugin's id and the `<PLUGIN_NAME>` of its environment variables. */
  readonly name: string;
  /** The plugin's semver version. */
  readonly version: string;
  /** Its category (`workflow`, `integration`, `data_processing`, ...). */
  readonly type: PluginType;
  /** The task types the host routes to it. */
  readonly taskTypes: readonly string[];
  /** The range of `@leanvibe/core` versions it was built for, e.g. `^0.1.0`. */
  readonly sdk: string;
  /** A zod schema (or any `safeParse`) for `task.params`; `handle` sees its output. */
  readonly params?: S;
  /** Permissions checked before each task. */
  readonly requiredPermissions?: readonly string[];
  /** Plugins that must be ready before this one initialises. */
  readonly dependencies?: readonly string[];
  /** A failure to initialise leaves this plugin failed without stopping the host. @default false */
  readonly optional?: boolean;
  /** Time, memory and concurrency limits the host enforces. */
  readonly limits?: PluginLimits;
  /** Acquires resources; runs once, from `initialize`. */
  readonly initialize?: (
    context: PluginContext,
    plugin: PluginBase<InferParams<S>, R>,
  ) => void | Promise<void>;
  /** Does one task's work. */
  readonly handle: (
    task: Task<InferParams<S>>,
    scope: TaskScope<InferParams<S>, R>,
  ) => R | Promise<R>;
  /** Releases what `initialize` acquired; runs once, from `cleanup`. */
  readonly cleanup?: (plugin: PluginBase<InferParams<S>, R>) => void | Promise<void>;
}

const MANIFEST_KEYS = [
  'name',
  'version',
  'type',
  'taskTypes',
  'sdk',
  'params',
  'requiredPermissions',
  'dependencies',
  'optional',
  'limits',
] as const;

class DefinedPlugin<S extends ParamsSchema, R> extends PluginBase<InferParams<S>, R> {
  readonly #definition: PluginDefinition<S, R>;

  constructor(definition: PluginDefinition<S, R>, manifest: PluginManifest<InferParams<S>>) {
    super(manifest);
    this.#definition = definition;
  }

  protected override onInitialize(context: PluginContext): void | Promise<void> {
    return this.#definition.initialize?.(context, this);
  }

  protected override onCleanup(): void | Promise<void> {
    return this.#definition.cleanup?.(this);
  }

  handleTask(task: Task<InferParams<S>>, scope: TaskScope<InferParams<S>, R>): R | Promise<R> {
    return this.#definition.handle(task, scope);
  }
}

/**
 * Defines a plugin from its manifest and functions, without a class. The result is a
 * {@link PluginBase}, exactly like a subclass instance; `task.params` is typed from `params`.
 *
 * @example
 * ```ts
 * const greeter = definePlugin({
 *   name: 'greeter', version: '1.0.0', type: 'custom', taskTypes: ['greet'], sdk: '^0.1.0',
 *   params: z.object({ name: z.string() }),
 *   handle: (task) => `hello, ${task.params.name}`,
 * });
 * ```
 */
export function definePlugin<S extends ParamsSchema, R>(
  definition: PluginDefinition<S, R>,
): PluginBase<InferParams<S>, Awaited<R>> {
  checkOptionsObject('definition', definition);
  checkFunction('handle', definition.handle);
  if (definition.initialize !== undefined) checkFunction('initialize', definition.initialize);
  if (definition.cleanup !== undefined) checkFunction('cleanup', definition.cleanup);
  const manifest: Record<string, unknown> = {};
  for (const key of MANIFEST_KEYS) {
    if (definition[key] !== undefined) manifest[key] = definition[key];
  }
  return new DefinedPlugin(
    definition,
    manifest as unknown as PluginManifest<InferParams<S>>,
  ) as unknown as PluginBase<InferParams<S>, Awaited<R>>;
}
