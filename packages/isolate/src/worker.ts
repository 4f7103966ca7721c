import { parentPort, workerData } from 'node:worker_threads';
import {
  decodeTaskResult,
  encodeError,
  encodeTaskResult,
  PluginExecutionError,
  reviveError,
  systemClock,
  type TaskResult,
  toError,
} from '@leanvibe/core/contracts';
import { IdleWait } from './idle-wait.js';
import { type LoadedPlugin, loadPluginModule } from './load.js';
import type { CrossedManifest, FromWorker, ToWorker, WorkerBoot } from './protocol.js';
import { TaskAbort } from './task-abort.js';
import { remoteLogger, remoteMetrics, remoteOrchestrator } from './worker-context.js';
import { StatusThrottle, WorkerTask } from './worker-task.js';

// The worker thread's entry: loads the plugin module, then runs what the host side asks for.
const port = parentPort;
if (port !== null) {
  const post = (message: FromWorker): void => port.postMessage(message);
  const boot = workerData as WorkerBoot;
  const running = new Map<number, TaskAbort>();
  const submitted = new Map<number, (result: TaskResult) => void>();
  const statuses = new StatusThrottle(post);
  let plugin: LoadedPlugin | undefined;
  const ready = loadPluginModule(boot.specifier).then(
    (loaded) => {
      plugin = loaded;
      const { params: _params, ...manifest } = loaded.manifest;
      post({ t: 'loaded', manifest: JSON.parse(JSON.stringify(manifest)) as CrossedManifest });
    },
    (error: unknown) => post({ t: 'load-failed', error: encodeError(toError(error)) }),
  );

  const execute = async (id: number, message: ToWorker & { t: 'task' }): Promise<void> => {
    const abort = new TaskAbort();
    running.set(id, abort);
    const task = new WorkerTask(id, message.request, abort, statuses);
    let result: TaskResult;
    try {
      result = await (plugin as LoadedPlugin).execute(task);
    } catch (thrown) {
      const error = new PluginExecutionError(`execute() threw: ${toError(thrown).message}`, {
        pluginId: (plugin as LoadedPlugin).pluginId,
        taskId: task.id,
        cause: toError(thrown),
      });
      result = {
        success: false,
        pluginId: (plugin as LoadedPlugin).pluginId,
        taskId: task.id,
        error,
        executionTimeMs: 0,
      };
    }
    running.delete(id);
    statuses.flush(id);
    post({ t: 'result', id, result: encodeTaskResult(result) });
    if (running.size === 0) idleWait.idle();
  };

  const errorOf = async (
    work: () => Promise<void>,
  ): Promise<{ error?: ReturnType<typeof encodeError> }> => {
    try {
      await work();
      return {};
    } catch (thrown) {
      return { error: encodeError(toError(thrown)) };
    }
  };

  const initController = new AbortController();
  const onMessage = (message: ToWorker): void => {
    switch (message.t) {
      case 'init':
        void ready.then(async () => {
          const outcome = await errorOf(() =>
            (plugin as LoadedPlugin).initialize({
              orchestrator: remoteOrchestrator(post, submitted),
              logger: remoteLogger(post),
              metrics: remoteMetrics(post),
              clock: systemClock,
              config: Object.freeze({ ...message.config }),
              signal: initController.signal,
            }),
          );
          post({ t: 'init-done', ...outcome });
        });
        break;
      case 'task':
        void execute(message.id, message);
        break;
      case 'abort':
        running.get(message.id)?.abort(reviveError(message.reason));
        break;
      case 'submitted':
        submitted.get(message.id)?.(decodeTaskResult(message.result));
        submitted.delete(message.id);
        break;
      case 'cleanup':
        initController.abort(new Error('the host is closing'));
        for (const controller of running.values())
          controller.abort(new Error('the host is closing'));
        void errorOf(() => (plugin as LoadedPlugin).cleanup()).then((outcome) =>
          post({ t: 'cleanup-done', ...outcome }),
        );
        break;
    }
  };
  const idleWait = new IdleWait(boot.wake, port, boot.idleWaitMs, (message) =>
    onMessage(message as ToWorker),
  );
  port.on('message', (message: ToWorker) => {
    idleWait.turned();
    onMessage(message);
  });
}
