import {
  type Clock,
  checkFiniteNumber,
  checkFunction,
  checkOptionsObject,
  invalidArgument,
  type PluginContext,
  systemClock,
} from '@leanvibe/core/contracts';
import {
  type CleanupCheckOptions,
  type CleanupMetrics,
  cleanupCheck,
  type InitializationReport,
  initializationCheck,
} from './checks-lifecycle.js';
import {
  type ConcurrencyMetrics,
  type ConcurrencyOptions,
  concurrencyCheck,
  type MemoryMetrics,
  type MemoryOptions,
  memoryCheck,
  type PerformanceMetrics,
  type PerformanceOptions,
  performanceCheck,
} from './checks-load.js';
import {
  type CancellationMetrics,
  type CancellationOptions,
  cancellationCheck,
  type ErrorHandlingOptions,
  errorHandlingCheck,
  type ParamsValidationOptions,
  paramsValidationCheck,
  type TaskExecutionOptions,
  taskExecutionCheck,
} from './checks-tasks.js';
import { type FrameworkEnv, resolveTask, runTaskOn, settleCall } from './framework-env.js';
import { exposedGc, type GcFunction } from './heap.js';
import { MockMonitoring } from './mock-monitoring.js';
import { MockOrchestrator } from './mock-orchestrator.js';
import { MockSecurity } from './mock-security.js';
import type { TestablePlugin } from './plugin.js';
import type { CheckReport, Epic1CheckReport, TaskCheckReport } from './report.js';

/** Options of {@link PluginTestFramework}. */
export interface PluginTestFrameworkOptions {
  /**
   * The clock plugins get and every time verdict is judged on. With the contracts'
   * `createManualClock()`, checks advance it timer by timer, so verdicts are deterministic.
   * @default systemClock
   */
  readonly clock?: Clock;
  /** The orchestrator plugins get. @default a new MockOrchestrator */
  readonly orchestrator?: MockOrchestrator;
  /** The metrics sink and logger plugins get. @default a new MockMonitoring */
  readonly monitoring?: MockMonitoring;
  /** The permission checker and cipher plugins get. @default a new MockSecurity granting `*` */
  readonly security?: MockSecurity;
  /** Each plugin's config, by plugin name. @default {} */
  readonly config?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Forces a full GC for memory checks. @default globalThis.gc (node --expose-gc) */
  readonly gc?: GcFunction;
  /** Clock time a single initialize, cleanup or task may take before a check gives up on it. @default 30000 */
  readonly settleTimeoutMs?: number;
}

/**
 * Tests a plugin the way the Python SDK's `PluginTestFramework` did, and further: each check
 * returns `{ status: 'passed' | 'failed', metrics, errors }`, judges time on an injected clock,
 * forces GC before it judges memory, and counts the timers and handles a plugin leaves behind.
 *
 * A check initialises the plugin when it is not (with {@link PluginTestFramework.createContext})
 * and leaves it initialised, except the cleanup check, which ends with `cleanup()`.
 *
 * @example
 * ```ts
 * const framework = new PluginTestFramework({ clock: createManualClock() });
 * const report = await framework.testPluginInitialization(plugin);
 * expect(report.status).toBe('passed');
 * ```
 */
export class PluginTestFramework {
  /** The orchestrator plugins get (the Python `mock_orchestrator`). */
  readonly mockOrchestrator: MockOrchestrator;
  readonly monitoring: MockMonitoring;
  readonly security: MockSecurity;
  readonly clock: Clock;
  readonly #config: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly #contexts = new WeakMap<
    TestablePlugin,
    { context: PluginContext; controller: AbortController }
  >();
  readonly #env: FrameworkEnv;

  constructor(options: PluginTestFrameworkOptions = {}) {
    const checked = checkOptionsObject('options', options);
    this.clock = checked.clock ?? systemClock;
    if (typeof this.clock?.now !== 'function' || typeof this.clock.setTimeout !== 'function') {
      throw invalidArgument('clock', 'a Clock', checked.clock);
    }
    this.mockOrchestrator = checked.orchestrator ?? new MockOrchestrator();
    this.monitoring = checked.monitoring ?? new MockMonitoring();
    this.security = checked.security ?? new MockSecurity({ grants: ['*'] });
    this.#config = checked.config ?? {};
    const gc = checked.gc === undefined ? exposedGc() : checkFunction<GcFunction>('gc', checked.gc);
    const settleTimeoutMs = checkFiniteNumber(
      'settleTimeoutMs',
      checked.settleTimeoutMs ?? 30_000,
      {
        min: 1,
      },
    );
    const env: FrameworkEnv = {
      clock: this.clock,
      gc,
      settleTimeoutMs,
      contextFor: (plugin) => this.#contextFor(plugin),
      ensureInitialized: async (plugin) =>
        plugin.isInitialized
          ? undefined
          : settleCall(env, 'initialize()', () =>
              plugin.initialize(this.#contextFor(plugin).context),
            ),
      taskAt: resolveTask,
      runTask: (plugin, task, withinMs) => runTaskOn(this.clock, plugin, task, withinMs),
    };
    this.#env = env;
  }

  /**
   * A {@link PluginContext} built from the framework's mocks, for calling `initialize` yourself
   * (the Python `plugin.initialize(framework.mock_orchestrator)`). `overrides` replace any part.
   */
  createContext(
    plugin?: Pick<TestablePlugin, 'pluginId'>,
    overrides: Partial<PluginContext> = {},
  ): PluginContext {
    const name = plugin?.pluginId;
    return Object.freeze({
      orchestrator: this.mockOrchestrator,
      logger: this.monitoring.logger.child(name === undefined ? {} : { plugin: { id: name } }),
      metrics: this.monitoring,
      clock: this.clock,
      permissions: this.security,
      cipher: this.security,
      config: Object.freeze({ ...(name === undefined ? {} : this.#config[name]) }),
      signal: new AbortController().signal,
      ...overrides,
    });
  }

  /** Checks the manifest, that `initialize` resolves, sets `isInitialized`, and meets Epic 1's init budget on the clock. */
  testPluginInitialization(plugin: TestablePlugin): Promise<InitializationReport> {
    return initializationCheck(this.#env, plugin);
  }

  /** Runs one task: execute must resolve with a successful result naming the plugin and the task. */
  testTaskExecution(
    plugin: TestablePlugin,
    options: TaskExecutionOptions = {},
  ): Promise<TaskCheckReport<{ executionMs: number; statusUpdates: number }>> {
    return taskExecutionCheck(this.#env, plugin, options);
  }

  /** Runs a task that fails: execute must still resolve, with a PluginError naming the plugin and the task. */
  testErrorHandling(
    plugin: TestablePlugin,
    options: ErrorHandlingOptions,
  ): Promise<TaskCheckReport<{ executionMs: number }>> {
    return errorHandlingCheck(this.#env, plugin, options);
  }

  /** Valid params are never rejected; invalid ones fail with PLUGIN_VALIDATION listing the issues. */
  testParamsValidation(
    plugin: TestablePlugin,
    options: ParamsValidationOptions = {},
  ): Promise<TaskCheckReport<{ valid: number; invalid: number }>> {
    return paramsValidationCheck(this.#env, plugin, options);
  }

  /** Aborts a running task's signal: the task must settle, not successfully, within `withinMs` of clock time. */
  testCancellation(
    plugin: TestablePlugin,
    options: CancellationOptions = {},
  ): Promise<TaskCheckReport<CancellationMetrics>> {
    return cancellationCheck(this.#env, plugin, options);
  }

  /**
   * Initialises the plugin (unless it is), runs `tasks`, aborts the context signal and cleans
   * up twice: nothing `initialize` or the tasks took may stay open — timers and handles
   * (counted with `async_hooks`), clock timers, orchestrator listeners, metric collectors.
   */
  testPluginCleanup(
    plugin: TestablePlugin,
    options: CleanupCheckOptions = {},
  ): Promise<CheckReport<CleanupMetrics>> {
    return cleanupCheck(this.#env, plugin, options, {
      listeners: () => this.mockOrchestrator.listenerCount,
      collectors: () => this.monitoring.collectorCount,
    });
  }

  /** Runs `iterations` tasks, `concurrentTasks` at a time: latency percentiles on the clock, heap delta after GC, the Epic 1 verdict. */
  performanceTest(
    plugin: TestablePlugin,
    options: PerformanceOptions = {},
  ): Promise<Epic1CheckReport<PerformanceMetrics>> {
    return performanceCheck(this.#env, plugin, options);
  }

  /** Runs tasks and measures heap growth after GC: a plugin that keeps memory per task fails. Needs GC. */
  memoryTest(
    plugin: TestablePlugin,
    options: MemoryOptions = {},
  ): Promise<TaskCheckReport<MemoryMetrics>> {
    return memoryCheck(this.#env, plugin, options);
  }

  /** Runs tasks all at once: each must succeed, name its own task, and (by default) equal its result when run alone. */
  concurrencyTest(
    plugin: TestablePlugin,
    options: ConcurrencyOptions = {},
  ): Promise<TaskCheckReport<ConcurrencyMetrics>> {
    return concurrencyCheck(this.#env, plugin, options);
  }

  #contextFor(plugin: TestablePlugin): { context: PluginContext; controller: AbortController } {
    let entry = this.#contexts.get(plugin);
    if (entry === undefined) {
      const controller = new AbortController();
      entry = { context: this.createContext(plugin, { signal: controller.signal }), controller };
      this.#contexts.set(plugin, entry);
    }
    return entry;
  }
}
