import { isInvalidArgumentError, isLeanVibeError, type TaskResult } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  grantCovers,
  MockAgent,
  MockMonitoring,
  MockOrchestrator,
  MockSecurity,
  MockTask,
} from '../src/index.js';

describe('MockTask', () => {
  it('records status updates and checks them as a host would', () => {
    const task = new MockTask({ type: 'sum', params: { values: [1] }, id: 't1' });
    expect([task.id, task.type, task.status, task.progress]).toEqual([
      't1',
      'sum',
      'pending',
      undefined,
    ]);
    task.updateStatus('running', { progress: 0.5, message: 'half' });
    task.updateStatus('succeeded');
    expect(task.statusUpdates).toEqual([
      { status: 'running', progress: 0.5, message: 'half' },
      { status: 'succeeded' },
    ]);
    expect([task.status, task.progress]).toEqual(['succeeded', 0.5]);
    expect(() => task.updateStatus('running', { progress: 1.5 })).toThrow(
      '`progress` must be a number between 0 and 1, got 1.5',
    );
    expect(() => task.updateStatus('done' as 'running')).toThrow(/`status` must be one of pending/);
  });

  it('aborts by itself or with the caller signal, and unlinks from it', () => {
    const caller = new AbortController();
    const task = new MockTask({ signal: caller.signal });
    caller.abort('stop');
    expect(task.signal.aborted).toBe(true);
    expect(task.signal.reason).toBe('stop');
    const own = new MockTask();
    own.abort();
    expect(own.signal.aborted).toBe(true);
    expect(new MockTask().id).not.toBe(new MockTask().id);
  });
});

describe('MockOrchestrator and MockAgent', () => {
  it('finds agents having every capability', async () => {
    const orchestrator = new MockOrchestrator();
    const a = new MockAgent('agent1', ['data_processing', 'validation']);
    const b = new MockAgent('agent2', ['data_processing', 'transformation']);
    orchestrator.addAgent(a);
    const remove = orchestrator.addAgent(b);
    expect(orchestrator.getAvailableAgents(['data_processing'])).toEqual([a, b]);
    expect(orchestrator.getAvailableAgents(['validation'])).toEqual([a]);
    remove();
    expect(orchestrator.agents).toEqual([a]);
    const answer = await a.execute(
      { id: 'x', type: 't', params: {} },
      { signal: new AbortController().signal },
    );
    expect(answer).toEqual({ agentId: 'agent1', taskId: 'x', status: 'completed' });
    expect(a.calls).toHaveLength(1);
    expect(a.hasCapabilities(['validation'])).toBe(true);
    const aborted = new AbortController();
    aborted.abort(new Error('gone'));
    await expect(
      a.execute({ id: 'y', type: 't', params: {} }, { signal: aborted.signal }),
    ).rejects.toThrow('gone');
    expect(() => new MockAgent('', [])).toThrow('`id` must be a non-empty string');
  });

  it('logs submitted tasks, reports status and never throws', async () => {
    const orchestrator = new MockOrchestrator({
      onSubmit: (request) => {
        if (request.type === 'bad') throw new Error('nope');
        return { echoed: request.params };
      },
    });
    const events: string[] = [];
    const off = orchestrator.onTaskStatus((event) => events.push(`${event.type}:${event.status}`));
    const ok = await orchestrator.submitTask({ type: 'good', params: 1, id: 'g' });
    const bad = await orchestrator.submitTask({ type: 'bad', params: 2 });
    expect(ok).toMatchObject({ success: true, taskId: 'g', data: { echoed: 1 } });
    expect(bad.success).toBe(false);
    expect((bad as TaskResult & { success: false }).error.code).toBe('PLUGIN_EXECUTION');
    expect(events).toEqual(['good:running', 'good:succeeded', 'bad:running', 'bad:failed']);
    expect(orchestrator.submittedTasks.map((t) => t.type)).toEqual(['good', 'bad']);
    expect(orchestrator.listenerCount).toBe(1);
    off();
    expect(orchestrator.listenerCount).toBe(0);
    expect(orchestrator.statusEvents).toHaveLength(4);
  });
});

describe('MockMonitoring', () => {
  it('records metrics, events and log lines', () => {
    const monitoring = new MockMonitoring();
    monitoring.counter('tasks_total');
    monitoring.counter('tasks_total', 2, { type: 'sum' });
    monitoring.gauge('queue', 3);
    monitoring.histogram('duration_seconds', 0.25);
    monitoring.logEvent('task_started', { id: 1 });
    monitoring.logger.child({ plugin: 'p' }).info({ n: 1 }, 'hello');
    monitoring.logger.warn('careful');
    expect(monitoring.valueOf('tasks_total')).toBe(1);
    expect(monitoring.valueOf('tasks_total', { type: 'sum' })).toBe(2);
    expect(monitoring.getLoggedMetrics('tasks_total')).toHaveLength(2);
    expect(monitoring.valueOf('missing')).toBeUndefined();
    expect(monitoring.getLoggedEvents()).toEqual([
      { level: 'event', message: 'task_started', fields: { id: 1 } },
      { level: 'info', message: 'hello', fields: { plugin: 'p', n: 1 } },
      { level: 'warn', message: 'careful', fields: {} },
    ]);
    expect(() => monitoring.counter('x', -1)).toThrow(
      '`value` must be a finite number ≥ 0, got -1',
    );
    expect(() => monitoring.gauge('x', 1, { id: 5 as unknown as string })).toThrow(
      '`labels.id` must be a string',
    );
    let collected = 0;
    const off = monitoring.registerCollector(() => collected++);
    monitoring.collect();
    off();
    monitoring.collect();
    expect(collected).toBe(1);
    monitoring.reset();
    expect(monitoring.getLoggedMetrics()).toEqual([]);
  });
});

describe('MockSecurity', () => {
  it('answers from its grants and logs every check', async () => {
    const security = new MockSecurity({ grants: ['execute_*'] });
    expect(await security.check('execute_task', { pluginId: 'p' })).toBe(true);
    expect(await security.check('net:fetch', { pluginId: 'p' })).toBe(false);
    security.grant('net:fetch');
    expect(await security.check('net:fetch', { pluginId: 'p' })).toBe(true);
    security.revoke('net:fetch');
    expect(security.grants).toEqual(['execute_*']);
    expect(security.getPermissionChecks().map((c) => c.granted)).toEqual([true, false, true]);
    expect(grantCovers('*', 'anything')).toBe(true);
    await expect(security.check('x', {} as never)).rejects.toSatisfy(isInvalidArgumentError);
    expect(() => new MockSecurity({ key: new Uint8Array(3) })).toThrow(
      '`key` must be a Uint8Array of 32 bytes',
    );
  });

  it('encrypts for real: tokens differ from the data and decrypt back', async () => {
    const key = new Uint8Array(32).fill(9);
    const one = new MockSecurity({ key });
    const token = await one.encrypt('sensitive information');
    expect(token).not.toContain('sensitive');
    expect(new TextDecoder().decode(await new MockSecurity({ key }).decrypt(token))).toBe(
      'sensitive information',
    );
    await expect(one.decrypt('mock1.AAAA')).rejects.toThrow(
      'Cannot decrypt the token: it is too short',
    );
    await expect(one.decrypt('zzz')).rejects.toSatisfy(isLeanVibeError);
  });
});
