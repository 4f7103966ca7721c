import {
  type Agent,
  type Cipher,
  type Clock,
  checkFunction,
  checkOptionsObject,
  invalidArgument,
  type Logger,
  type MetricsSink,
  type PermissionChecker,
  systemClock,
  type TaskRequest,
  type TaskResult,
  type TaskStatusEvent,
} from '@leanvibe/core/contracts';
import { MockMonitoring } from './mock-monitoring.js';
import { MockSecurity } from './mock-security.js';
import type { TestablePlugin } from './plugin.js';

/** The options a `PluginHost` takes (as `@leanvibe/core` declares them) that a test host sets. */
export interface TestHostServices {
  logger?: Logger;
  metrics?: MetricsSink;
  clock?: Clock;
  permissions?: PermissionChecker | 'unenforced';
  cipher?: Cipher;
  config?: Record<string, Record<string, unknown>>;
  initTimeoutMs?: number;
  cleanupTimeoutMs?: number;
  enforceMemoryLimit?: boolean;
  id?: string;
}

/** The part of `@leanvibe/core`'s `PluginHost` a test host drives. */
export interface TestablePluginHost {
  readonly id: string;
  register(plugin: TestablePlugin | string): Promise<void>;
  start(): Promise<unknown>;
  execute<T = unknown>(request: TaskRequest): Promise<TaskResult<T>>;
  registerAgent(agent: Agent): () => void;
  onTaskStatus(listener: (event: TaskStatusEvent) => void): () => void;
  health(): unknown;
  close(): Promise<void>;
}

/** Options of {@link createTestHost}. */
export interface TestHostOptions {
  /** Plugins (objects or module specifiers) to register, in order. */
  readonly plugins: readonly (TestablePlugin | string)[];
  /** Services and host options that replace the mocks and defaults. @default the mocks below */
  readonly overrides?: TestHostServices;
  /** Agents to register before start. @default [] */
  readonly agents?: readonly Agent[];
  /**
   * Builds the host from the options. @default `new PluginHost(options)` from `@leanvibe/core`
   * (loaded on first use, so the main entry stays light)
   */
  readonly host?: (options: TestHostServices) => TestablePluginHost;
}

/** A started host with mocks in place of real services. Close it (or `await using` it). */
export interface TestHost<H extends TestablePluginHost = TestablePluginHost>
  extends AsyncDisposable {
  readonly host: H;
  /** What `start()` returned: the boot report. */
  readonly boot: unknown;
  /** The metrics sink and logger the host (and its plugins) got. */
  readonly monitoring: MockMonitoring;
  /** The permission checker and cipher (granting `*` unless overridden). */
  readonly security: MockSecurity;
  readonly clock: Clock;
  /** Every task status event the host reported, in order. */
  readonly statusEvents: readonly TaskStatusEvent[];
  /** `host.execute({ type, params })`. */
  execute<T = unknown>(type: string, params: unknown, signal?: AbortSignal): Promise<TaskResult<T>>;
  close(): Promise<void>;
}

async function corePluginHost(options: TestHostServices): Promise<TestablePluginHost> {
  const core = (await import('@leanvibe/core')) as Record<string, unknown>;
  const PluginHost = core.PluginHost as
    | (new (
        o: TestHostServices,
      ) => TestablePluginHost)
    | undefined;
  if (typeof PluginHost !== 'function') {
    throw new Error(
      'createTestHost needs PluginHost from @leanvibe/core, which the installed version does not export: upgrade @leanvibe/core or pass `host`',
    );
  }
  return new PluginHost(options);
}

/**
 * Boots a real host lifecycle — register, start, execute, close — with mocks in place of real
 * services, so a plugin is tested the way it will run: `MockMonitoring` as logger and metrics,
 * `MockSecurity` (granting `*`) as permission checker and cipher, the system clock unless
 * overridden.
 *
 * @example
 * ```ts
 * const testHost = await createTestHost({ plugins: [createStatsPlugin()] });
 * expect(await testHost.execute('stats', { values: [1, 2], op: 'sum' })).toSucceed();
 * await testHost.close();
 * ```
 */
export async function createTestHost(options: TestHostOptions): Promise<TestHost> {
  const checked = checkOptionsObject('options', options);
  if (!Array.isArray(checked.plugins)) {
    throw invalidArgument('plugins', 'an array of plugins or module specifiers', checked.plugins);
  }
  const overrides = checkOptionsObject('overrides', checked.overrides);
  const monitoring = new MockMonitoring();
  const security = new MockSecurity({ grants: ['*'] });
  const services: TestHostServices = {
    logger: monitoring.logger,
    metrics: monitoring,
    clock: systemClock,
    permissions: security,
    cipher: security,
    ...overrides,
  };
  const host =
    checked.host === undefined
      ? await corePluginHost(services)
      : checkFunction<(o: TestHostServices) => TestablePluginHost>('host', checked.host)(services);
  const statusEvents: TaskStatusEvent[] = [];
  const unsubscribe = host.onTaskStatus((event) => statusEvents.push(event));
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    unsubscribe();
    await host.close();
  };
  try {
    for (const agent of checked.agents ?? []) host.registerAgent(agent);
    for (const plugin of checked.plugins) await host.register(plugin);
    const boot = await host.start();
    return {
      host,
      boot,
      monitoring,
      security,
      clock: services.clock ?? systemClock,
      get statusEvents() {
        return [...statusEvents];
      },
      execute: <T>(type: string, params: unknown, signal?: AbortSignal) =>
        host.execute<T>({ type, params, ...(signal === undefined ? {} : { signal }) }),
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
