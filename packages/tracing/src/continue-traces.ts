import type { TaskRequest, TaskResult, TaskStatusEvent } from '@leanvibe/core/contracts';
import { invalidArgument } from '@leanvibe/core/contracts';
import { otel } from './otel.js';
import { currentScope, scopes, type TraceScope } from './scope.js';
import { fromCarrier } from './trace-context.js';

/**
 * What {@link continueTraces} wraps: a host's `execute`, and `onTaskStatus` and `cancel` when it
 * has them.
 */
export interface ExecutingHost {
  execute(request: TaskRequest): Promise<TaskResult>;
  onTaskStatus?(listener: (event: TaskStatusEvent) => void): () => void;
  cancel?(taskId: string, reason?: unknown): boolean;
}

/**
 * A host that continues each request's trace: `execute(request)` runs `host.execute` inside
 * the context of the request's W3C carrier (`request.traceContext`), so the span an
 * {@link instrumentTracing} makes for the task is a child of the producer's span. A request
 * without a valid carrier runs as it would on `host`. Hand it to a worker, e.g.
 * `serveQueue(continueTraces(host), queue)`; `onTaskStatus` and `cancel` are passed through.
 *
 * @example
 * ```ts
 * const tracing = instrumentTracing(host);
 * const worker = await serveQueue(continueTraces(host), { connection });
 * ```
 */
export function continueTraces<H extends ExecutingHost>(host: H): ExecutingHost {
  if (typeof (host as Partial<ExecutingHost> | null)?.execute !== 'function') {
    throw invalidArgument('host', 'a host with execute()', host);
  }
  const execute = (request: TaskRequest): Promise<TaskResult> => {
    const carrier = (request as Partial<TaskRequest> | null)?.traceContext;
    if (carrier === undefined) return host.execute(request);
    const context = fromCarrier(carrier, otel().context.active());
    if (context === undefined) return host.execute(request);
    const scope: TraceScope = { context, parent: currentScope(), ended: false };
    const done = scopes.run(scope, () => host.execute(request));
    const end = (): void => {
      scope.ended = true;
    };
    done.then(end, end);
    return done;
  };
  const wrapped: ExecutingHost = { execute };
  if (typeof host.onTaskStatus === 'function') {
    const onTaskStatus = host.onTaskStatus.bind(host);
    (wrapped as { onTaskStatus: typeof onTaskStatus }).onTaskStatus = onTaskStatus;
  }
  if (typeof host.cancel === 'function') {
    const cancel = host.cancel.bind(host);
    (wrapped as { cancel: typeof cancel }).cancel = cancel;
  }
  return wrapped;
}
