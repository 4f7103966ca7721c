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
}
