import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  checkOptionsObject,
  DIAGNOSTICS_CHANNELS,
  invalidArgument,
  type PluginLifecycleMessage,
} from '@leanvibe/core/contracts';
import type { Span, Tracer } from '@opentelemetry/api';
import { TRACING_ATTRIBUTES as A } from './names.js';
import { otel } from './otel.js';
import { cacheTally, RECORDERS, type WaitStarter } from './policy-events.js';
import { currentScope, scopes, type TraceScope } from './scope.js';
import { activeContext, fromCarrier, ownSpanCarrier } from './trace-context.js';

declare const __LEANVIBE_TRACING_VERSION__: string;

/** Anything with the id a host publishes as `hostId` (a `PluginHost`, or a test double). */
export interface TracedHost {
  readonly id: string;
}

/** An OpenTelemetry `TracerProvider` (`@opentelemetry/api` 1.x), typed structurally. */
export interface TracingTracerProvider {
  getTracer(name: string, version?: string): unknown;
}

/** Options of {@link instrumentTracing}. */
export interface InstrumentTracingOptions {
  /** Where the tracer comes from. @default the global provider of `@opentelemetry/api` */
  readonly tracerProvider?: TracingTracerProvider;
}

/** A running instrumentation; `close()` unsubscribes. */
export interface TracingInstrumentation extends Disposable {
  /** The host's id, the `hostId` messages are filtered on. */
  readonly hostId: string;
  /** Tasks whose span is open now. */
  readonly openSpans: number;
  /** Unsubscribes from every channel and ends the spans still open. Safe twice. */
  close(): void;
}

/** The tracer name spans are made with. */
export const TRACER_NAME = '@leanvibe/tracing';

/**
 * Traces a host's tasks: one span per task, named after its type, with the plugin id, task
 * type and id and outcome as attributes (`error.type`, the error's code, and status `ERROR` on
 * failure or cancellation). A task's span is a child of the request's W3C carrier
 * (`request.traceContext`, e.g. a producer's across a queue) when it has a valid one, else of the
 * span active where the task was submitted; the plugin gets the span's own carrier as
 * `task.traceContext`, to hand on across a thread or a service. What happens on the
 * task's async path is recorded on its span: retries and give-ups, breaker transitions and
 * refusals, cache hits and misses as events (the first 16 per task, with the totals as the
 * span's `leanvibe.cache.hits` and `leanvibe.cache.misses`); bulkhead, rate-limit and pool waits as child
 * spans. A host and those packages publish only while a channel has subscribers, so after
 * `close()` they pay nothing.
 *
 * @example
 * ```ts
 * const tracing = instrumentTracing(host, { tracerProvider });
 * await host.execute({ type: 'greet', params: { name: 'Ada' } });
 * tracing.close();
 * ```
 */
export function instrumentTracing(
  host: TracedHost,
  options: InstrumentTracingOptions = {},
): TracingInstrumentation {
  if (typeof host !== 'object' || host === null || typeof host.id !== 'string') {
    throw invalidArgument('host', 'an object with a string `id`', host);
  }
  checkOptionsObject('options', options);
  const provider = options.tracerProvider;
  if (
    provider !== undefined &&
    (typeof provider !== 'object' || provider === null || typeof provider.getTracer !== 'function')
  ) {
    throw invalidArgument('tracerProvider', 'a TracerProvider', provider);
  }
  const api = otel();
  const tracer = (provider ?? api.trace.getTracerProvider()).getTracer(
    TRACER_NAME,
    __LEANVIBE_TRACING_VERSION__,
  ) as Tracer;
  const hostId = host.id;
  const owner = {};
  const open = new Map<string, TraceScope & { span: Span }>();

  const onExecute = (message: unknown): void => {
    const m = message as Partial<PluginLifecycleMessage> | null;
    if (m?.hostId !== hostId || typeof m.pluginId !== 'string') return;
    const key = `${m.pluginId}\u0000${m.taskId ?? ''}`;
    if (m.phase === 'start') {
      // The request's carrier (from a queue, a thread, another service) is the explicit parent;
      // without one, the span active where the task was submitted.
      const local = activeContext();
      const parentContext =
        (m.traceContext === undefined ? undefined : fromCarrier(m.traceContext, local)) ?? local;
      const type = String(m.taskType);
      const span = tracer.startSpan(
        type,
        {
          kind: api.SpanKind.INTERNAL,
          attributes: {
            [A.pluginId]: m.pluginId,
            [A.taskType]: type,
            [A.taskId]: String(m.taskId),
          },
        },
        parentContext,
      );
      const scope = {
        context: api.trace.setSpan(parentContext, span),
        span,
        owner,
        parent: currentScope(),
        ended: false,
      };
      open.set(key, scope);
      // The plugin gets this span's carrier as `task.traceContext`, to hand on across a crossing.
      const carrier = ownSpanCarrier(span.spanContext());
      if (carrier !== undefined) (m as PluginLifecycleMessage).traceContext = carrier;
      // The host calls the plugin right after this message, on this synchronous path.
      scopes.enterWith(scope);
      return;
    }
    if (m.phase !== 'end') return;
    const scope = open.get(key);
    if (scope === undefined) return;
    open.delete(key);
    scope.ended = true;
    const { span } = scope;
    const tally = cacheTally(span);
    if (tally !== undefined) {
      span.setAttribute(A.cacheHits, tally.hits);
      span.setAttribute(A.cacheMisses, tally.misses);
    }
    const result = m.result;
    if (result?.success === true) {
      span.setAttribute(A.outcome, 'success');
    } else if (result !== undefined) {
      const code = String(result.error?.code ?? 'PLUGIN_EXECUTION');
      span.setAttribute(A.outcome, code === 'PLUGIN_CANCELLED' ? 'cancelled' : 'failure');
      span.setAttribute(A.errorType, code);
      span.recordException(result.error);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: result.error?.message ?? code });
    }
    span.end();
  };

  const recorders = Object.entries(RECORDERS).map(([name, record]) => {
    const listener = (message: unknown): void => {
      const scope = currentScope();
      if (scope?.owner !== owner || scope.span === undefined || typeof message !== 'object') {
        return;
      }
      const startWait: WaitStarter = (spanName, waitedMs, attributes) => {
        const now = Date.now();
        return tracer.startSpan(spanName, { startTime: now - waitedMs, attributes }, scope.context);
      };
      record(scope.span, message as never, startWait);
    };
    return [name, listener] as const;
  });

  subscribe(DIAGNOSTICS_CHANNELS.execute, onExecute);
  for (const [name, listener] of recorders) subscribe(name, listener);
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe(DIAGNOSTICS_CHANNELS.execute, onExecute);
    for (const [name, listener] of recorders) unsubscribe(name, listener);
    for (const scope of open.values()) {
      scope.ended = true;
      scope.span.end();
    }
    open.clear();
  };
  return {
    hostId,
    get openSpans() {
      return open.size;
    },
    close,
    [Symbol.dispose]: close,
  };
}
