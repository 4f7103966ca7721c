import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { MetricsSink } from './metrics.js';
import type { Orchestrator } from './orchestrator.js';
import type { Cipher, PermissionChecker } from './security.js';

/** What a plugin receives in `initialize(ctx)`. */
export interface PluginContext<Config = Readonly<Record<string, unknown>>> {
  /** Agents and task submission. */
  readonly orchestrator: Orchestrator;
  /** A child logger bound to the plugin (`{ plugin: { id, version } }`). */
  readonly logger: Logger;
  readonly metrics: MetricsSink;
  readonly clock: Clock;
  readonly permissions?: PermissionChecker;
  readonly cipher?: Cipher;
  /** The plugin's resolved configuration. */
  readonly config: Config;
  /** Aborts when the host closes or the init budget runs out. */
  readonly signal: AbortSignal;
  /**
   * Tells the host the plugin can no longer serve, after it became ready (its worker keeps
   * crashing, its connection is gone for good): `health()` shows it `failed` with `reason` as its
   * last error, the host refuses its new tasks with `PLUGIN_NOT_READY` and is `degraded`, and the
   * plugin's `cleanup` still runs when the host closes. Ignored before the plugin is ready and
   * once it failed or the host closes. Optional: a context made by hand may lack it.
   */
  readonly reportFailure?: (reason: Error) => void;
}
