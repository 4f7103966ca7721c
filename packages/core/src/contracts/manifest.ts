/**
 * The category of a plugin: the hive's eight (`workflow`, `monitoring`, `security`, `integration`,
 * `productivity`, `communication`, `analytics`, `automation`), this SDK's `data_processing` and
 * `custom`, or any other string.
 */
export type PluginType =
  | 'workflow'
  | 'monitoring'
  | 'security'
  | 'integration'
  | 'productivity'
  | 'communication'
  | 'analytics'
  | 'automation'
  | 'data_processing'
  | 'custom'
  | (string & {});

/** One problem reported by a {@link ParamsSchema}. */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
}

/**
 * The structural shape of a params schema: any zod schema fits it, and the contracts entry stays
 * free of zod.
 */
export interface ParamsSchema<Output = unknown> {
  safeParse(
    input: unknown,
  ):
    | { readonly success: true; readonly data: Output }
    | { readonly success: false; readonly error: { readonly issues: readonly SchemaIssue[] } };
}

/** The output type of a {@link ParamsSchema}. */
export type InferParams<S> = S extends ParamsSchema<infer Output> ? Output : unknown;

/** Per-plugin limits the host enforces. */
export interface PluginLimits {
  /** Time budget of one task, in milliseconds; over it the task's signal aborts and it fails. */
  readonly maxExecutionTimeMs?: number;
  /** Heap delta allowed for one task, in MB (approximate; enforced only when the host is told to). */
  readonly maxMemoryMb?: number;
  /** How many tasks of this plugin run at once. */
  readonly concurrency?: number;
  /** How many tasks may wait for a free slot; beyond it a task fails at once. */
  readonly maxQueue?: number;
}

/** What a plugin says about itself; the host checks it at `register()`. */
export interface PluginManifest<Params = unknown> {
  /** Unique per host; it is also the plugin's id. */
  readonly name: string;
  /** The plugin's own semver version. */
  readonly version: string;
  /** Its category. */
  readonly type: PluginType;
  /** The task types the host routes to it. */
  readonly taskTypes: readonly string[];
  /** A semver range of `@leanvibe/core` it was built for, e.g. `^0.1.0`. */
  readonly sdk: string;
  /** Names of plugins that must be ready before this one initialises. */
  readonly dependencies?: readonly string[];
  /** When true, a failure to initialise leaves this plugin failed without stopping the host. */
  readonly optional?: boolean;
  /** Validates each task's params before `handle` sees them. */
  readonly params?: ParamsSchema<Params>;
  /** Permissions checked before each task, e.g. `net:fetch`. */
  readonly requiredPermissions?: readonly string[];
  /** Limits the host enforces. */
  readonly limits?: PluginLimits;
}
