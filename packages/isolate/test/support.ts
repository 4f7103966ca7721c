import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { definePlugin, PluginHost, type PluginHostOptions } from '@leanvibe/core';
import {
  type Labels,
  type Logger,
  type MetricsSink,
  noopLogger,
  noopMetrics,
  type PluginContext,
  systemClock,
  type Task,
  type TaskStatus,
  type TaskStatusUpdate,
} from '@leanvibe/core/contracts';
import { type IsolatedPlugin, type IsolateOptions, isolatedPlugin } from '../src/index.js';

/** The path of a fixture plugin module. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}.mjs`, import.meta.url));
}

/** An in-process plugin the host keeps serving while an isolated one misbehaves. */
export function pingPlugin() {
  return definePlugin({
    name: 'ping',
    version: '1.0.0',
    type: 'custom',
    taskTypes: ['ping'],
    sdk: '^0.1.0',
    handle: (task) => ({ pong: task.params ?? null }),
  });
}

/** Waits until `check` holds (every 10 ms); the test's timeout bounds it. */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(10);
}

/** A logger that keeps every line, with the bindings of its children. */
export function recordingLogger(): Logger & {
  readonly lines: { level: string; bindings: object; args: unknown[] }[];
} {
  const lines: { level: string; bindings: object; args: unknown[] }[] = [];
  const make = (bindings: object): Logger => {
    const at =
      (level: string) =>
      (...args: unknown[]): void => {
        lines.push({ level, bindings, args });
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return Object.assign(make({}), { lines });
}

/** A sink that keeps every figure it is given. */
export function recordingSink(): MetricsSink & {
  readonly records: { kind: string; name: string; value: number | undefined; labels?: Labels }[];
} {
  const records: { kind: string; name: string; value: number | undefined; labels?: Labels }[] = [];
  const push =
    (kind: string) =>
    (name: string, value?: number, labels?: Labels): void => {
      records.push({ kind, name, value, ...(labels ? { labels } : {}) });
    };
  return { records, counter: push('counter'), gauge: push('gauge'), histogram: push('histogram') };
}

/** A started host with the in-process `ping` plugin and the isolated fixture `name`. */
export async function hostWith(
  name: string,
  options: IsolateOptions = {},
  hostOptions: PluginHostOptions = {},
): Promise<{ host: PluginHost; plugin: IsolatedPlugin }> {
  const host = new PluginHost(hostOptions);
  opened.push(host);
  const plugin = await isolatedPlugin(fixture(name), options);
  await host.register(pingPlugin());
  await host.register(plugin);
  await host.start();
  return { host, plugin };
}

/**
 * Runs `work` while probing the host every 20 ms: a health check and a task on the in-process
 * plugin. Returns whether every probe held and how many times the host's event loop turned (a
 * 20 ms timer fired) while `work` was in flight. Code that held the host's loop would leave at most
 * one turn, however long it ran; the delay itself, against the 50 ms bound, is measured by the
 * benchmarks' `isolate-wall` suite, since a figure in milliseconds depends on the machine's load.
 */
export async function whileHostile<T>(
  host: PluginHost,
  work: () => Promise<T>,
): Promise<{ value: T; turns: number; probes: number; probesOk: boolean }> {
  let running = true;
  let probes = 0;
  let probesOk = true;
  let turns = 0;
  const ticker = setInterval(() => turns++, 20);
  const probing = (async () => {
    while (running) {
      const health = host.health();
      if (health.ready) {
        const pong = await host.execute({ type: 'ping', params: probes });
        probesOk &&= health.live && pong.success;
        probes++;
      }
      await sleep(20);
    }
  })();
  try {
    const value = await work();
    return { value, turns, probes, probesOk };
  } finally {
    clearInterval(ticker);
    running = false;
    await probing;
  }
}

/** A context like the host's, for driving an isolated plugin without one. */
export function contextFor(config: Record<string, unknown> = {}): PluginContext {
  return {
    orchestrator: {
      getAvailableAgents: () => [],
      onTaskStatus: () => () => {},
      submitTask: async (request) => ({
        success: true,
        pluginId: 'ctx',
        taskId: request.id ?? 'ctx',
        data: request.params,
        executionTimeMs: 0,
      }),
    },
    logger: noopLogger,
    metrics: noopMetrics,
    clock: systemClock,
    config,
    signal: new AbortController().signal,
  };
}

/** A task as a host would build it; `enforced` says the caller keeps the time limit. */
export function taskOf(
  type: string,
  signal: AbortSignal,
  enforced = false,
  params: unknown = {},
  onStatus: (status: TaskStatus, update?: TaskStatusUpdate) => void = () => {},
): Task {
  const task = { id: `${type}-${++taskCounter}`, type, params, signal, updateStatus: onStatus };
  if (enforced)
    Object.defineProperty(task, Symbol.for('leanvibe.task.limitsEnforced'), { value: true });
  return task;
}
let taskCounter = 0;

const opened: PluginHost[] = [];
/** Closes every host {@link hostWith} made (after a failed test too). */
export async function closeAll(): Promise<void> {
  for (const host of opened.splice(0)) await host.close();
}
