import type { BootReport, PluginHost, PluginHostOptions } from '@leanvibe/core';
import {
  type Agent,
  type Clock,
  checkOptionsObject,
  invalidArgument,
  systemClock,
  type TaskResult,
  type TaskStatusEvent,
} from '@leanvibe/core/contracts';
import { MockMonitoring } from './mock-monitoring.js';
import { MockSecurity } from './mock-security.js';
import type { TestablePlugin } from './plugin.js';

/** Options of {@link createTestHost}. */
export interface TestHostOptions {
  /** Plugins (objects, or module specifiers the host imports) to register, in order. */
  readonly plugins: readonly (TestablePlugin | string)[];
  /**
   * `PluginHost` options that replace the mocks and defaults below, e.g. a manual `clock`, a
   * `permissions` checker that denies, `config` by plugin name, `initTimeoutMs`.
   * @default `logger` and `metrics`: a new MockMonitoring; `permissions` and `cipher`: a new
   * MockSecurity granting `*`; `clock`: systemClock; `id`: `'test-host'`
   */
  readonly overrides?: PluginHostOptions;
  /** Agents to register before start. @default [] */
  readonly agents?: readonly Agent[];
}

/** A started `PluginHost` with mocks in place of real services. Close it (or `await using` it). */
export interface TestHost extends AsyncDisposable {
  /** The real host from `@leanvibe/core`, started. */
  readonly host: PluginHost;
  /** What `start()` returned: the boot report. */
  readonly boot: BootReport;
  /** The metrics sink and logger the host (and its plugins) got, unless overridden. */
  readonly monitoring: MockMonitoring;
  /** The permission checker and cipher (granting `*`), unless overridden. */
  readonly security: MockSecurity;
  /** The host's clock. */
  readonly clock: Clock;
  /** Every task status event the host reported, in order. */
  readonly statusEvents: readonly TaskStatusEvent[];
  /** `host.execute({ type, params, signal })`: never throws. */
  execute<T = unknown>(type: string, params: unknown, signal?: AbortSignal): Promise<TaskResult<T>>;
  /** Closes the host: running tasks are cancelled, plugins cleaned up in reverse order. Safe twice. */
  close(): Promise<void>;
}

type PluginHostClass = new (options: PluginHostOptions) => PluginHost;

async function loadPluginHost(): Promise<PluginHostClass> {
  const core = (await import('@leanvibe/core')) as { PluginHost?: unknown };
  if (typeof core.PluginHost !== 'function') {
    throw new Error(
      'createTestHost needs PluginHost from @leanvibe/core, which the installed version does not export: upgrade @leanvibe/core',
    );
  }
  return core.PluginHost as PluginHostClass;
}

/**
 * Boots the real `PluginHost` lifecycle from `@leanvibe/core` — register, start, execute,
 * close — with mocks in place of real services, so a plugin is tested the way it will run:
 * `MockMonitoring` as logger and metrics, `MockSecurity` (granting `*`) as permission checker
 * and cipher, the system clock unless overridden. If registering or starting fails, the host
 * is closed and the error rethrown (a failed start's `HOST_START_FAILED` carries its `report`).
 *
 * `@leanvibe/core`'s main entry (and with it zod) is loaded on the first call, so the rest of
 * this package stays light.
 *
 * @example
 * ```ts
 * await using testHost = await createTestHost({ plugins: [createStatsPlugin()] });
 * expect(await testHost.execute('stats', { values: [1, 2], op: 'sum' })).toSucceed();
 * ```
 */
export async function createTestHost(options: TestHostOptions): Promise<TestHost> {
  const checked = checkOptionsObject('options', options);
  if (!Array.isArray(checked.plugins)) {
    throw invalidArgument('plugins', 'an array of plugins or module specifiers', checked.plugins);
  }
  const agents = checked.agents ?? [];
  if (!Array.isArray(agents)) throw invalidArgument('agents', 'an array of agents', agents);
  const overrides = checkOptionsObject('overrides', checked.overrides);
  const monitoring = new MockMonitoring();
  const security = new MockSecurity({ grants: ['*'] });
  const PluginHostClass = await loadPluginHost();
  const host = new PluginHostClass({
    id: 'test-host',
    logger: monitoring.logger,
    metrics: monitoring,
    permissions: security,
    cipher: security,
    ...overrides,
  });
  const statusEvents: TaskStatusEvent[] = [];
  const unsubscribe = host.onTaskStatus((event) => statusEvents.push(event));
  const close = async (): Promise<void> => {
    unsubscribe();
    await host.close();
  };
  try {
    for (const agent of agents) host.registerAgent(agent);
    for (const plugin of checked.plugins) await host.register(plugin);
    const boot = await host.start();
    return {
      host,
      boot,
      monitoring,
      security,
      clock: overrides.clock ?? systemClock,
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
