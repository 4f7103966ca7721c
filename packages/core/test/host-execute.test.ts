import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createManualClock,
  DIAGNOSTICS_CHANNELS,
  isPluginMemoryError,
  isPluginSecurityError,
  isPluginTimeoutError,
  type PermissionChecker,
  PluginHost,
  type PluginHostOptions,
  type PluginLifecycleMessage,
  type TaskStatusEvent,
} from '../src/index.js';
import { deferred, plugin } from './fixtures/plugins.js';

async function started(plugins: ReturnType<typeof plugin>[], options: PluginHostOptions = {}) {
  const host = new PluginHost(options);
  for (const p of plugins) await host.register(p);
  await host.start();
  return host;
}

describe('PluginHost execute', () => {
  it('routes by task type and names plugin and task in the result', async () => {
    const host = await started([
      plugin('a', { taskTypes: ['x', 'y'], handle: (task) => `a:${task.type}` }),
      plugin('b', { taskTypes: ['z'], handle: (task) => `b:${task.id}` }),
    ]);
    expect(await host.execute({ type: 'y', params: {} })).toMatchObject({
      success: true,
      pluginId: 'a',
      data: 'a:y',
    });
    expect(await host.execute({ type: 'z', params: {}, id: 'mine' })).toMatchObject({
      pluginId: 'b',
      taskId: 'mine',
      data: 'b:mine',
    });
    await host.close();
  });

  it('fails an unknown type, a malformed request and a task before start, without throwing', async () => {
    const host = new PluginHost();
    await host.register(plugin('a'));
    const early = await host.execute({ type: 'a.run', params: {} });
    expect(early.success ? '' : early.error.code).toBe('PLUGIN_NOT_READY');
    await host.start();
    const unknown = await host.execute({ type: 'nope', params: {} });
    expect(unknown).toMatchObject({ success: false, pluginId: '' });
    expect(unknown.success ? '' : unknown.error.code).toBe('PLUGIN_NOT_FOUND');
    for (const request of [
      null,
      5,
      { type: 'a.run', params: {}, id: '' },
      { type: 'a.run', params: {}, signal: 'x' },
    ]) {
      const result = await host.execute(request as never);
      expect(result.success ? '' : result.error.code).toBe('PLUGIN_INVALID_REQUEST');
    }
    await host.close();
    const late = await host.execute({ type: 'a.run', params: {} });
    expect(late.success ? '' : late.error.code).toBe('PLUGIN_NOT_READY');
  });

  it('times out a plugin hanging forever and ignoring its signal, within its budget', async () => {
    const clock = createManualClock();
    let signal: AbortSignal | undefined;
    const host = await started(
      [
        plugin('hang', {
          limits: { maxExecutionTimeMs: 1_000 },
          handle: (task) => {
            signal = task.signal;
            return new Promise<never>(() => {});
          },
        }),
      ],
      { clock },
    );
    const pending = host.execute({ type: 'hang.run', params: {}, id: 't' });
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await clock.advanceAsync(999);
    expect(settled).toBe(false);
    await clock.advanceAsync(1);
    const result = await pending;
    expect(result).toMatchObject({
      success: false,
      pluginId: 'hang',
      taskId: 't',
      executionTimeMs: 1_000,
    });
    if (result.success) return;
    expect(isPluginTimeoutError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ timeoutMs: 1_000, operation: 'execute' });
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(result.error);
    expect(clock.pendingTimers()).toBe(0);
    await host.close();
  });

  it('cancels when the caller aborts, and refuses an already aborted signal', async () => {
    const host = await started([plugin('hang', { handle: () => new Promise<never>(() => {}) })]);
    const controller = new AbortController();
    const pending = host.execute({ type: 'hang.run', params: {}, signal: controller.signal });
    controller.abort(new Error('user left'));
    const result = await pending;
    expect(result.success ? '' : result.error.code).toBe('PLUGIN_CANCELLED');
    expect(result.success ? undefined : (result.error.cause as Error).message).toBe('user left');
    const again = await host.execute({ type: 'hang.run', params: {}, signal: controller.signal });
    expect(again.success ? '' : again.error.code).toBe('PLUGIN_CANCELLED');
    await host.close();
  });

  it('runs at most `concurrency` tasks, queues up to `maxQueue`, and fails the rest at once', async () => {
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let peak = 0;
    let next = 0;
    const host = await started([
      plugin('busy', {
        limits: { concurrency: 2, maxQueue: 1 },
        handle: async () => {
          running++;
          peak = Math.max(peak, running);
          await (gates[next++] as ReturnType<typeof deferred>).promise;
          running--;
          return 'done';
        },
      }),
    ]);
    const results = [1, 2, 3].map(() => host.execute({ type: 'busy.run', params: {} }));
    const rejected = await host.execute({ type: 'busy.run', params: {} });
    expect(rejected.success ? '' : rejected.error.code).toBe('PLUGIN_QUEUE_FULL');
    expect(host.health().plugins[0]).toMatchObject({ active: 2, queued: 1 });
    for (const gate of gates) gate.resolve();
    expect((await Promise.all(results)).every((r) => r.success)).toBe(true);
    expect(peak).toBe(2);
    expect(host.health().plugins[0]).toMatchObject({ active: 0, queued: 0 });
    await host.close();
  });

  it('drops a queued task whose caller aborts, and cancels everything on close', async () => {
    const gate = deferred();
    const host = await started([
      plugin('one', { limits: { concurrency: 1 }, handle: () => gate.promise }),
    ]);
    const first = host.execute({ type: 'one.run', params: {} });
    const controller = new AbortController();
    const queued = host.execute({ type: 'one.run', params: {}, signal: controller.signal });
    const third = host.execute({ type: 'one.run', params: {} });
    controller.abort();
    expect((await queued).success ? '' : 'cancelled').toBe('cancelled');
    await host.close();
    for (const result of await Promise.all([first, third])) {
      expect(result.success ? '' : result.error.code).toBe('PLUGIN_CANCELLED');
    }
  });

  it('checks execute_<type> and each required permission', async () => {
    const asked: string[] = [];
    const checker: PermissionChecker = {
      check: async (permission, ctx) => {
        asked.push(`${permission}@${ctx.pluginId}`);
        return permission !== 'net:post';
      },
    };
    const host = await started(
      [
        plugin('reader', { requiredPermissions: ['net:get'] }),
        plugin('writer', { requiredPermissions: ['net:get', 'net:post'] }),
      ],
      { permissions: checker },
    );
    expect((await host.execute({ type: 'reader.run', params: {} })).success).toBe(true);
    const denied = await host.execute({ type: 'writer.run', params: {} });
    expect(denied.success).toBe(false);
    if (denied.success) return;
    expect(isPluginSecurityError(denied.error)).toBe(true);
    expect(denied.error).toMatchObject({
      code: 'SECURITY_PERMISSION_DENIED',
      violation: 'permission_denied',
      requiredPermission: 'net:post',
    });
    expect(asked).toContain('execute_reader.run@reader');
    await host.close();
  });

  it('fails the task when the permission checker throws', async () => {
    const host = await started([plugin('a')], {
      permissions: {
        check: async () => {
          throw new Error('policy store down');
        },
      },
    });
    const result = await host.execute({ type: 'a.run', params: {} });
    expect(result.success ? undefined : result.error).toMatchObject({
      violation: 'permission_check_failed',
    });
    await host.close();
  });

  it('measures the heap delta, and enforces maxMemoryMb when told to', async () => {
    // 32 MB kept alive by the result: more than a young-generation GC could free meanwhile.
    const hog = () => new Array<number>(4_000_000).fill(1);
    const measuring = await started([plugin('hog', { handle: hog })], { measureMemory: true });
    const measured = await measuring.execute({ type: 'hog.run', params: {} });
    expect(measured.memoryUsedMb).toBeGreaterThan(16);
    await measuring.close();

    const enforcing = await started(
      [plugin('hog', { handle: hog, limits: { maxMemoryMb: 0.001 } })],
      { enforceMemoryLimit: true },
    );
    const over = await enforcing.execute({ type: 'hog.run', params: {} });
    expect(over.success).toBe(false);
    if (!over.success) {
      expect(isPluginMemoryError(over.error)).toBe(true);
      expect(over.error).toMatchObject({ limitMb: 0.001 });
    }
    await enforcing.close();

    const plain = await started([plugin('hog', { handle: hog })]);
    expect((await plain.execute({ type: 'hog.run', params: {} })).memoryUsedMb).toBeUndefined();
    await plain.close();
  });

  it('reports task status: running, progress and the outcome', async () => {
    const host = await started([
      plugin('steps', {
        handle: (task) => {
          task.updateStatus('running', { progress: 0.5, message: 'half' });
          expect(() => task.updateStatus('running', { progress: 2 })).toThrow(/`progress`/);
          return 'ok';
        },
      }),
    ]);
    const events: TaskStatusEvent[] = [];
    const stop = host.orchestrator.onTaskStatus((event) => events.push(event));
    await host.execute({ type: 'steps.run', params: {}, id: 's1' });
    stop();
    await host.execute({ type: 'steps.run', params: {}, id: 's2' });
    expect(events).toEqual([
      { taskId: 's1', type: 'steps.run', pluginId: 'steps', status: 'running' },
      {
        taskId: 's1',
        type: 'steps.run',
        pluginId: 'steps',
        status: 'running',
        progress: 0.5,
        message: 'half',
      },
      { taskId: 's1', type: 'steps.run', pluginId: 'steps', status: 'succeeded' },
    ]);
    await host.close();
  });

  it('registers agents and finds them by every capability', async () => {
    const host = new PluginHost();
    const agent = (id: string, capabilities: string[]) => ({
      id,
      capabilities,
      execute: async () => id,
    });
    const remove = host.registerAgent(agent('a1', ['code', 'test']));
    host.registerAgent(agent('a2', ['code']));
    expect(() => host.registerAgent(agent('a2', []))).toThrow(/`agent.id`/);
    expect(() => host.registerAgent({ id: 'x' } as never)).toThrow(/`agent.capabilities`/);
    expect(host.getAvailableAgents(['code']).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(host.orchestrator.getAvailableAgents(['code', 'test']).map((a) => a.id)).toEqual(['a1']);
    remove();
    expect(host.getAvailableAgents(['test'])).toEqual([]);
  });

  it('fails a plugin that returns something other than a TaskResult, or throws from execute', async () => {
    const raw = (name: string, type: string, execute: () => unknown) => ({
      manifest: { name, version: '1.0.0', type: 'custom', taskTypes: [type], sdk: '^0.1.0' },
      pluginId: name,
      isInitialized: true,
      initialize: async () => {},
      cleanup: async () => {},
      execute,
    });
    const odd = raw('odd', 'odd', async () => 42);
    const thrower = raw('thrower', 'throw', () => {
      throw new Error('sync crash');
    });
    const host = await started([odd, thrower] as never);
    const a = await host.execute({ type: 'odd', params: {} });
    expect(a.success ? '' : a.error.message).toMatch(/not a TaskResult/);
    const b = await host.execute({ type: 'throw', params: {} });
    expect(b).toMatchObject({ success: false, pluginId: 'thrower' });
    expect(b.success ? '' : b.error.message).toMatch(/sync crash/);
    await host.close();
  });

  it('publishes execute start and end with the result, only to subscribers', async () => {
    const messages: PluginLifecycleMessage[] = [];
    const listener = (message: unknown) => messages.push(message as PluginLifecycleMessage);
    const host = await started([plugin('a')], { id: 'exec-host' });
    await host.execute({ type: 'a.run', params: {}, id: 'before' });
    subscribe(DIAGNOSTICS_CHANNELS.execute, listener);
    try {
      await host.execute({ type: 'a.run', params: {}, id: 'during' });
    } finally {
      unsubscribe(DIAGNOSTICS_CHANNELS.execute, listener);
    }
    const mine = messages.filter((m) => m.hostId === 'exec-host');
    expect(mine.map((m) => `${m.taskId} ${m.phase}`)).toEqual(['during start', 'during end']);
    expect(mine[1]?.result).toMatchObject({ success: true, data: 'a done' });
    await host.close();
  });

  it('closes on SIGTERM, cleans up, then lets the signal end the process', async () => {
    const script = `
      const { PluginHost, definePlugin } = await import('@leanvibe/core');
      const host = new PluginHost({ handleSignals: true });
      await host.register(definePlugin({
        name: 'svc', version: '1.0.0', type: 'custom', taskTypes: ['svc'], sdk: '^0.1.0',
        handle: () => 1,
        cleanup: () => { process.stdout.write('cleaned up\\n'); },
      }));
      await host.start();
      setInterval(() => {}, 1000);
      process.stdout.write('ready\\n');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output === 'ready\n') child.kill('SIGTERM');
    });
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    expect(output).toBe('ready\ncleaned up\n');
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('removes its signal handlers on close', async () => {
    const host = await started([plugin('a')], { handleSignals: true });
    const before = process.listenerCount('SIGTERM');
    expect(before).toBeGreaterThan(0);
    await host.close();
    expect(process.listenerCount('SIGTERM')).toBe(before - 1);
  });
});

describe('execute never throws', () => {
  const schema = z.object({ n: z.number() });
  const behaviours = fc.constantFrom(
    'ok',
    'throw-error',
    'throw-string',
    'reject-null',
    'hang',
    'sync-value',
  );

  test.prop([
    fc.array(
      fc.record({
        type: fc.constantFrom('p.run', 'q.run', 'missing', ''),
        params: fc.oneof(fc.record({ n: fc.integer() }), fc.anything()),
        id: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
        behaviour: behaviours,
      }),
      { maxLength: 12 },
    ),
  ])('and every result names its plugin and task', async (requests) => {
    const clock = createManualClock();
    const make = (name: string) =>
      plugin(name, {
        params: schema,
        limits: { maxExecutionTimeMs: 10 },
        handle: (task) => {
          const behaviour = (task.params as { n: number }).n % 6;
          if (behaviour === 1) throw new Error('bad');
          if (behaviour === 2) throw 'bad';
          if (behaviour === 3) return Promise.reject(null);
          if (behaviour === 4) return new Promise<never>(() => {});
          return task.params;
        },
      });
    const host = await started([make('p'), make('q')], { clock });
    const routes: Record<string, string> = { 'p.run': 'p', 'q.run': 'q' };
    const pending = requests.map((request) =>
      host.execute({
        type: request.type,
        params: request.params,
        ...(request.id === undefined ? {} : { id: request.id }),
      }),
    );
    await clock.advanceAsync(10);
    const results = await Promise.all(pending);
    results.forEach((result, i) => {
      const request = requests[i] as (typeof requests)[number];
      expect(result.pluginId).toBe(routes[request.type] ?? '');
      expect(typeof result.taskId).toBe('string');
      if (request.id !== undefined) expect(result.taskId).toBe(request.id);
      else expect(result.taskId.length).toBeGreaterThan(0);
      if (!result.success) expect(result.error.pluginId ?? '').toBe(routes[request.type] ?? '');
    });
    await host.close();
    expect(clock.pendingTimers()).toBe(0);
  });
});
