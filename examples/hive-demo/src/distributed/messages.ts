import { channel } from 'node:diagnostics_channel';
import { DIAGNOSTICS_CHANNELS } from '@leanvibe/core/contracts';
import type { Ledger } from './ledger.js';
import type { CatalogFigures, FromWorker } from './protocol.js';

/** What the main process keeps of its workers' messages. */
export interface MessageContext {
  readonly ledger: Ledger;
  /** The latest catalog figures of each worker. */
  readonly catalogs: Map<number, CatalogFigures>;
  /** Each worker's closing figures. */
  readonly workerFigures: Map<number, Extract<FromWorker, { type: 'figures' }>>;
  /** The main host's id: the workers' lifecycle messages are published as its own. */
  readonly hostId: string;
  /** Prints a line above the live view. */
  write(line: string): void;
  /** Redraws the live view. */
  progress(): void;
  /** Called after each finished task (the kill switch looks at the count). */
  finished(): void;
}

/**
 * Handles one message of worker `index`. The workers' lifecycle messages go onto this process's
 * diagnostics channels as its host's: one instrumentation counts the tasks of the whole hive
 * (tasks, durations, start-up).
 */
export function createMessageHandler(context: MessageContext) {
  const { ledger, catalogs, workerFigures, hostId, write, progress, finished } = context;
  const channels = {
    init: channel(DIAGNOSTICS_CHANNELS.init),
    execute: channel(DIAGNOSTICS_CHANNELS.execute),
  };
  return (index: number, message: FromWorker): void => {
    switch (message.type) {
      case 'ready':
        ledger.worker(index).pid = message.pid;
        break;
      case 'log':
        write(`${message.line.replace(/^ {2}/, `  w${index} `)}\n`);
        break;
      case 'started':
        ledger.recordStart(index, message.id);
        progress();
        break;
      case 'finished':
        ledger.recordFinish(index, message.id, message.stored, message.heapAfterGcMb);
        if (message.catalog !== undefined) catalogs.set(index, message.catalog);
        finished();
        progress();
        break;
      case 'breaker':
        ledger.breakerEvents.push({
          worker: index,
          from: message.from,
          to: message.to,
          remote: message.remote,
          at: message.at,
        });
        break;
      case 'figures':
        workerFigures.set(index, message);
        catalogs.set(index, message.catalog);
        break;
      case 'lifecycle': {
        const target = channels[message.channel];
        if (!target.hasSubscribers) break;
        const { result, error } = message;
        target.publish({
          hostId,
          pluginId: message.pluginId,
          phase: message.phase,
          ...(message.taskId === undefined ? {} : { taskId: `w${index}:${message.taskId}` }),
          ...(message.taskType === undefined ? {} : { taskType: message.taskType }),
          ...(message.durationMs === undefined ? {} : { durationMs: message.durationMs }),
          ...(result === undefined ? {} : { result }),
          ...(error === undefined ? {} : { error: new Error(error.message) }),
        });
        break;
      }
      case 'closed':
        break;
    }
  };
}
