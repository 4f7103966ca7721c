import {
  type Cipher,
  type Clock,
  checkBoolean,
  checkFiniteNumber,
  checkOptionsObject,
  checkString,
  invalidOption,
  type Logger,
  type MetricsSink,
  noopLogger,
  noopMetrics,
  type PermissionChecker,
  systemClock,
} from '../contracts/index.js';

/** Options of {@link PluginHost}. */
export interface PluginHostOptions {
  /** The host's id, published as `hostId` on the diagnostics channels. @default a random UUID */
  readonly id?: string;
  /** Where the host and (as child loggers) its plugins log. @default noopLogger */
  readonly logger?: Logger;
  /** Handed to plugins as `ctx.metrics`. @default noopMetrics */
  readonly metrics?: MetricsSink;
  /** Drives every time limit; inject `createManualClock()` in tests. @default systemClock */
  readonly clock?: Clock;
  /**
   * Checks `execute_<taskType>` and each of a plugin's `requiredPermissions` before every task.
   * Without one, `start()` fails if any plugin declares permissions, unless this is
   * `'unenforced'` (permissions are advisory in one process anyway).
   */
  readonly permissions?: PermissionChecker | 'unenforced';
  /** Handed to plugins as `ctx.cipher`. */
  readonly cipher?: Cipher;
  /**
   * Per plugin name, the configuration handed to it as `ctx.config` (frozen). A `limits` object
   * in it overrides the manifest's limits key by key. @default {}
   */
  readonly config?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Budget of each plugin's `initialize`, in milliseconds. @default 30_000 */
  readonly initTimeoutMs?: number;
  /** Budget of each plugin's `cleanup`, in milliseconds. @default 10_000 */
  readonly cleanupTimeoutMs?: number;
  /**
   * Fail a task whose heap delta exceeds its plugin's `maxMemoryMb` with `PluginMemoryError`.
   * Approximate: the heap is shared by everything running at the same time. @default false
   */
  readonly enforceMemoryLimit?: boolean;
  /**
   * Measure every task's heap delta (`memoryUsedMb`), not only those of plugins that declare
   * `maxMemoryMb`. Costs about 0.4 µs per task. @default false
   */
  readonly measureMemory?: boolean;
  /** Close the host on SIGTERM and SIGINT, then let the signal take its course. @default false */
  readonly handleSignals?: boolean;
}

/** {@link PluginHostOptions} with defaults applied. */
export interface ResolvedHostOptions {
  readonly id: string;
  readonly logger: Logger;
  readonly metrics: MetricsSink;
  readonly clock: Clock;
  readonly permissions: PermissionChecker | 'unenforced' | undefined;
  readonly cipher: Cipher | undefined;
  readonly config: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly initTimeoutMs: number;
  readonly cleanupTimeoutMs: number;
  readonly enforceMemoryLimit: boolean;
  readonly measureMemory: boolean;
  readonly handleSignals: boolean;
}

function hasMethods(name: string, value: unknown, methods: readonly string[], what: string): void {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
  if (!ok) throw invalidOption(name, what, value);
}

/** Validates every option, naming the one that is wrong, and applies the defaults. */
export function resolveHostOptions(input: PluginHostOptions | undefined): ResolvedHostOptions {
  const options = checkOptionsObject('options', input);
  const logger = options.logger ?? noopLogger;
  hasMethods('logger', logger, ['debug', 'info', 'warn', 'error', 'child'], 'a Logger');
  const metrics = options.metrics ?? noopMetrics;
  hasMethods('metrics', metrics, ['counter', 'gauge', 'histogram'], 'a MetricsSink');
  const clock = options.clock ?? systemClock;
  hasMethods('clock', clock, ['now', 'setTimeout', 'clearTimeout'], 'a Clock');
  const permissions = options.permissions;
  if (permissions !== undefined && permissions !== 'unenforced') {
    hasMethods('permissions', permissions, ['check'], "a PermissionChecker or 'unenforced'");
  }
  if (options.cipher !== undefined) {
    hasMethods('cipher', options.cipher, ['encrypt', 'decrypt'], 'a Cipher');
  }
  const config = options.config ?? {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw invalidOption('config', 'an object of plugin configurations by plugin name', config);
  }
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalidOption(`config.${name}`, 'an object', value);
    }
  }
  return {
    id: options.id === undefined ? globalThis.crypto.randomUUID() : checkString('id', options.id),
    logger,
    metrics,
    clock,
    permissions,
    cipher: options.cipher,
    config,
    initTimeoutMs: checkFiniteNumber('initTimeoutMs', options.initTimeoutMs ?? 30_000, { min: 0 }),
    cleanupTimeoutMs: checkFiniteNumber('cleanupTimeoutMs', options.cleanupTimeoutMs ?? 10_000, {
      min: 0,
    }),
    enforceMemoryLimit: checkBoolean('enforceMemoryLimit', options.enforceMemoryLimit ?? false),
    measureMemory: checkBoolean('measureMemory', options.measureMemory ?? false),
    handleSignals: checkBoolean('handleSignals', options.handleSignals ?? false),
  };
}
