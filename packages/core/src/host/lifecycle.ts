import { PluginLimitsSchema } from '../config/schema.js';
import {
  DIAGNOSTICS_CHANNELS,
  type Orchestrator,
  PluginError,
  type PluginLimits,
  type PluginManifest,
} from '../contracts/index.js';
import { diagnosticsChannel } from '../helpers/diagnostics-channel.js';
import { describeIssues, toValidationIssues } from '../plugin/results.js';
import { type BootReport, createBootReport } from './boot-report.js';
import { PluginHostError } from './errors.js';
import { checkGraph } from './graph.js';
import type { HostStatus } from './health.js';
import type { ResolvedHostOptions } from './options.js';
import { cleanupPlugin, initializePlugin, type PhaseContext } from './phases.js';
import type { PluginRuntime } from './runtime.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

function noop(): void {}

/** The host's start and close: dependency order, budgets, rollback, signals. */
export class Lifecycle {
  status: HostStatus = 'idle';
  #starting: Promise<BootReport> | undefined;
  #closing: Promise<void> | undefined;
  /** Aborted when the host closes: every init signal and running task follows it. */
  readonly #closed = new AbortController();
  readonly #phase: PhaseContext;
  #signalHandler: ((signal: NodeJS.Signals) => void) | undefined;

  constructor(
    private readonly options: ResolvedHostOptions,
    private readonly runtimes: Map<string, PluginRuntime>,
    readonly orchestrator: Orchestrator,
  ) {
    this.#phase = {
      options,
      orchestrator,
      closed: this.#closed.signal,
      initChannel: diagnosticsChannel(DIAGNOSTICS_CHANNELS.init),
      cleanupChannel: diagnosticsChannel(DIAGNOSTICS_CHANNELS.cleanup),
      failed: () => {
        if (this.status === 'ready') this.status = 'degraded';
      },
    };
  }

  get serving(): boolean {
    return this.status === 'ready' || this.status === 'degraded';
  }

  assertRegistering(): void {
    if (this.status !== 'idle' || this.#starting !== undefined) {
      throw new PluginHostError(
        'HOST_STATE',
        `plugins can be registered only before start() (the host is ${this.status})`,
      );
    }
  }

  checkUnique(manifest: PluginManifest, routes: ReadonlyMap<string, PluginRuntime>): void {
    if (this.runtimes.has(manifest.name)) {
      throw new PluginHostError(
        'HOST_DUPLICATE_PLUGIN',
        `a plugin named "${manifest.name}" is already registered`,
        {
          plugins: [manifest.name],
        },
      );
    }
    for (const type of manifest.taskTypes) {
      const owner = routes.get(type);
      if (owner !== undefined) {
        throw new PluginHostError(
          'HOST_TASK_TYPE_CONFLICT',
          `plugins "${owner.id}" and "${manifest.name}" both take tasks of type "${type}"`,
          { plugins: [owner.id, manifest.name] },
        );
      }
    }
  }

  start(): Promise<BootReport> {
    if (this.#closing !== undefined) {
      return Promise.reject(
        new PluginHostError('HOST_STATE', 'the host is closed; create a new one'),
      );
    }
    if (this.#starting === undefined) {
      this.#starting = this.#start();
      // A start that fails before anything ran (a cycle, a missing dependency) may be retried.
      this.#starting.catch((error: unknown) => {
        if (this.status === 'idle') this.#starting = undefined;
        return error;
      });
    }
    return this.#starting;
  }

  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#beginClose();
      const starting = this.#starting;
      this.#closing = (async () => {
        await starting?.catch(noop);
        await this.#shutdown();
      })();
    }
    return this.#closing;
  }

  /** Closes without waiting for `start()`: for a start that failed and rolls back. */
  #closeNow(): Promise<void> {
    if (this.#closing === undefined) {
      this.#beginClose();
      this.#closing = this.#shutdown();
    }
    return this.#closing;
  }

  async #start(): Promise<BootReport> {
    const runtimes = [...this.runtimes.values()];
    checkGraph(runtimes.map((r) => ({ id: r.id, dependencies: r.manifest.dependencies ?? [] })));
    this.#checkPermissions(runtimes);
    this.#applyConfiguredLimits(runtimes);
    const { clock, logger } = this.options;
    this.status = 'starting';
    const began = clock.now();
    // Dependencies first, so each plugin finds its dependencies' `ready` promises in place.
    const ordered = [...runtimes].sort((a, b) => depth(a, this.runtimes) - depth(b, this.runtimes));
    for (const runtime of ordered) this.#launch(runtime);
    await Promise.all(ordered.map((runtime) => runtime.ready));
    const report = createBootReport(
      this.options.id,
      ordered.map((r) => ({
        pluginId: r.id,
        version: r.manifest.version,
        state: r.state,
        initMs: r.initMs,
        optional: r.manifest.optional === true,
        dependencies: r.manifest.dependencies ?? [],
        ...(r.state === 'failed' && r.lastError !== undefined ? { error: r.lastError } : {}),
      })),
      clock.now() - began,
    );
    if (this.#closing !== undefined) {
      throw new PluginHostError('HOST_STATE', 'the host was closed while it started', {
        details: { report },
      });
    }
    const failed = runtimes.filter((r) => r.state === 'failed');
    const required = failed.filter((r) => r.manifest.optional !== true);
    if (required.length > 0) {
      logger.error({ report: report.toString() }, 'plugin host failed to start');
      await this.#closeNow();
      const first = required[0] as PluginRuntime;
      throw Object.assign(
        new PluginHostError(
          'HOST_START_FAILED',
          `required plugins failed to start: ${required.map((r) => `"${r.id}" (${r.lastError?.message})`).join(', ')}`,
          { plugins: required.map((r) => r.id), cause: first.lastError },
        ),
        { report },
      );
    }
    this.status = failed.length > 0 ? 'degraded' : 'ready';
    if (this.options.handleSignals) this.#installSignalHandlers();
    logger.info(
      { hostId: this.options.id, status: this.status, totalMs: report.totalMs },
      'plugin host started',
    );
    return report;
  }

  #checkPermissions(runtimes: readonly PluginRuntime[]): void {
    if (this.options.permissions !== undefined) return;
    const declaring = runtimes.filter((r) => (r.manifest.requiredPermissions ?? []).length > 0);
    if (declaring.length > 0) {
      throw new PluginHostError(
        'HOST_PERMISSIONS_UNENFORCED',
        `plugins ${declaring.map((r) => `"${r.id}"`).join(', ')} declare permissions but the host has no permission checker; pass \`permissions\` (a PermissionChecker, or 'unenforced')`,
        { plugins: declaring.map((r) => r.id) },
      );
    }
  }

  #applyConfiguredLimits(runtimes: readonly PluginRuntime[]): void {
    for (const runtime of runtimes) {
      const limits = this.options.config[runtime.id]?.limits;
      if (limits === undefined) continue;
      const parsed = PluginLimitsSchema.safeParse(limits);
      if (!parsed.success) {
        const issues = toValidationIssues(parsed.error.issues);
        throw new PluginHostError(
          'HOST_INVALID_PLUGIN',
          `config.${runtime.id}.limits is invalid: ${describeIssues(issues)}`,
          { plugins: [runtime.id], details: { issues } },
        );
      }
      runtime.setLimits({
        ...runtime.manifest.limits,
        ...(stripUndefined(parsed.data) as PluginLimits),
      });
    }
  }

  #launch(runtime: PluginRuntime): void {
    const dependencies = (runtime.manifest.dependencies ?? []).map(
      (id) => this.runtimes.get(id) as PluginRuntime,
    );
    runtime.ready = (async () => {
      const ready = await Promise.all(dependencies.map((dep) => dep.ready));
      const failedDep = dependencies.find((_, i) => ready[i] !== true);
      if (failedDep !== undefined) {
        runtime.state = 'failed';
        runtime.lastError = new PluginError(
          `plugin "${runtime.id}" was not started: its dependency "${failedDep.id}" failed`,
          { code: 'PLUGIN_DEPENDENCY_FAILED', pluginId: runtime.id, cause: failedDep.lastError },
        );
        return false;
      }
      if (this.#closing !== undefined) {
        runtime.state = 'failed';
        runtime.lastError = new PluginError(
          `plugin "${runtime.id}" was not started: the host closed`,
          {
            code: 'PLUGIN_NOT_READY',
            pluginId: runtime.id,
          },
        );
        return false;
      }
      return initializePlugin(this.#phase, runtime);
    })();
  }

  #beginClose(): void {
    if (this.status !== 'stopped') this.status = 'stopping';
    this.#removeSignalHandlers();
    const reason = new PluginError('the host is closing', { code: 'HOST_CLOSED' });
    this.#closed.abort(reason);
    for (const runtime of this.runtimes.values()) runtime.cancelAll(reason);
  }

  async #shutdown(): Promise<void> {
    const runtimes = [...this.runtimes.values()];
    // Only initialised plugins are cleaned up (ready ones, and those that failed after they
    // became ready); their dependencies were ready too, so no cycle is walked.
    const levels = new Map<number, PluginRuntime[]>();
    for (const runtime of runtimes.filter((r) => r.initialized)) {
      const level = depth(runtime, this.runtimes);
      levels.set(level, [...(levels.get(level) ?? []), runtime]);
    }
    for (const level of [...levels.keys()].sort((a, b) => b - a)) {
      await Promise.all(
        (levels.get(level) ?? []).map((runtime) => cleanupPlugin(this.#phase, runtime, true)),
      );
    }
    for (const runtime of runtimes) if (runtime.state !== 'failed') runtime.state = 'stopped';
    this.status = 'stopped';
    this.options.logger.info({ hostId: this.options.id }, 'plugin host stopped');
  }

  #installSignalHandlers(): void {
    const handler = (signal: NodeJS.Signals): void => {
      this.options.logger.info({ signal }, 'closing the plugin host on a signal');
      this.close().finally(() => {
        // Nobody else handles it: let it take its default course (terminate) as if we were absent.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    this.#signalHandler = handler;
    for (const signal of SIGNALS) process.once(signal, handler);
  }

  #removeSignalHandlers(): void {
    const handler = this.#signalHandler;
    if (handler === undefined) return;
    for (const signal of SIGNALS) process.off(signal, handler);
    this.#signalHandler = undefined;
  }
}

const depths = new WeakMap<PluginRuntime, number>();

/** 0 for a plugin without dependencies, else 1 + its deepest dependency's depth (memoised). */
function depth(runtime: PluginRuntime, all: ReadonlyMap<string, PluginRuntime>): number {
  const known = depths.get(runtime);
  if (known !== undefined) return known;
  let max = -1;
  for (const id of runtime.manifest.dependencies ?? []) {
    const dep = all.get(id);
    if (dep !== undefined) max = Math.max(max, depth(dep, all));
  }
  depths.set(runtime, max + 1);
  return max + 1;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
