import {
  encodeTaskRequest,
  type Logger,
  type MetricsSink,
  type Orchestrator,
  type TaskRequest,
  type TaskResult,
} from '@leanvibe/core/contracts';
import type { FromWorker } from './protocol.js';

type Post = (message: FromWorker) => void;

/** A field value as it can cross: errors as their plain parts, anything uncloneable as text. */
function crossable(value: unknown): unknown {
  if (value instanceof Error) {
    const own = value as Error & { code?: unknown };
    return {
      type: value.name,
      message: value.message,
      ...(typeof own.code === 'string' ? { code: own.code } : {}),
      ...(value.stack === undefined ? {} : { stack: value.stack }),
    };
  }
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  return value;
}

function crossableFields(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = crossable(value);
  return out;
}

/** A logger whose lines go to the host's logger, with the plugin's fields and its own bindings. */
export function remoteLogger(post: Post, bindings: Record<string, unknown> = {}): Logger {
  const level =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (first: object | string, message?: string): void => {
      const fields = typeof first === 'string' ? undefined : crossableFields(first);
      const text = typeof first === 'string' ? first : message;
      const line = { t: 'log', level: name, bindings, fields, message: text } as const;
      try {
        post(line);
      } catch {
        post({ ...line, fields: JSON.parse(JSON.stringify(fields ?? {})) });
      }
    };
  return {
    debug: level('debug'),
    info: level('info'),
    warn: level('warn'),
    error: level('error'),
    child: (more) => remoteLogger(post, { ...bindings, ...crossableFields(more) }),
  };
}

/** A metrics sink whose calls reach the host's sink. `registerCollector` cannot cross. */
export function remoteMetrics(post: Post): MetricsSink {
  const call =
    (kind: 'counter' | 'gauge' | 'histogram') =>
    (name: string, value?: number, labels?: Readonly<Record<string, string>>): void => {
      post({
        t: 'metric',
        kind,
        name,
        value,
        labels: labels === undefined ? undefined : { ...labels },
      });
    };
  return { counter: call('counter'), gauge: call('gauge'), histogram: call('histogram') };
}

/**
 * The host's orchestrator as far as it can cross: `submitTask` runs on the host; agents live on
 * the host's side, so `getAvailableAgents` finds none here and status events are not forwarded.
 */
export function remoteOrchestrator(
  post: Post,
  waiting: Map<number, (result: TaskResult) => void>,
): Orchestrator {
  let next = 0;
  return Object.freeze({
    getAvailableAgents: () => [],
    onTaskStatus: () => () => {},
    submitTask: (request: TaskRequest): Promise<TaskResult> => {
      const id = ++next;
      const encoded = encodeTaskRequest(request);
      return new Promise<TaskResult>((resolve) => {
        waiting.set(id, resolve);
        post({ t: 'submit', id, request: encoded });
      });
    },
  });
}
