import type { TaskRequest } from '@leanvibe/core/contracts';
import type { Context, SpanContext } from '@opentelemetry/api';
import { otel } from './otel.js';
import { currentScope } from './scope.js';

/** A span's identity as OpenTelemetry's `SpanContext` has it (typed here, structurally). */
export interface TraceSpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly traceState?: { serialize(): string };
}

/** Anything with `spanContext()`: an OpenTelemetry `Span`. */
export interface TraceSpan {
  spanContext(): TraceSpanContext;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The context a span started now should continue: the innermost task of this async path that
 * is still running (its span), else OpenTelemetry's active context.
 */
export function activeContext(): Context {
  return currentScope()?.context ?? otel().context.active();
}

/** The W3C carrier (`traceparent`, `tracestate`) of a span context, or none when invalid. */
export function toCarrier(
  spanContext: TraceSpanContext | undefined,
): Record<string, string> | undefined {
  const { isSpanContextValid } = otel();
  if (spanContext === undefined || !isSpanContextValid(spanContext as SpanContext))
    return undefined;
  return carrierOf(spanContext);
}

const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/**
 * {@link toCarrier} for a span this package's tracer just started: its ids are well-formed
 * by construction, and only a non-recording span of a no-op provider has the invalid ones.
 */
export function ownSpanCarrier(spanContext: TraceSpanContext): Record<string, string> | undefined {
  if (spanContext.traceId === INVALID_TRACE_ID || spanContext.spanId === INVALID_SPAN_ID) {
    return undefined;
  }
  return carrierOf(spanContext);
}

function carrierOf(spanContext: TraceSpanContext): Record<string, string> {
  const bits = spanContext.traceFlags & 0xff;
  const flags = bits === 1 ? '01' : bits === 0 ? '00' : bits.toString(16).padStart(2, '0');
  const traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
  const state = spanContext.traceState?.serialize();
  return state ? { traceparent, tracestate: state } : { traceparent };
}

/**
 * The context of a W3C carrier's span, marked remote, on top of `base`; `undefined` when the
 * carrier holds no valid `traceparent` (version `ff`, all-zero ids, malformed).
 */
export function fromCarrier(
  carrier: Readonly<Record<string, string>> | undefined,
  base: Context,
): Context | undefined {
  const header = carrier?.traceparent?.trim().toLowerCase();
  const match = header === undefined ? null : TRACEPARENT.exec(header);
  if (match === null || match[1] === 'ff' || (match[1] === '00' && match[5] !== undefined)) {
    return undefined;
  }
  const api = otel();
  const spanContext: SpanContext = {
    traceId: match[2] as string,
    spanId: match[3] as string,
    traceFlags: Number.parseInt(match[4] as string, 16) & 1,
    isRemote: true,
  };
  const state = carrier?.tracestate;
  if (state !== undefined && state.length > 0) {
    (spanContext as { traceState?: unknown }).traceState = api.createTraceState(state);
  }
  if (!api.isSpanContextValid(spanContext)) return undefined;
  return api.trace.setSpanContext(base, spanContext);
}

/**
 * Returns `request` with a W3C trace-context carrier (`traceContext`) of the span it should
 * continue: `span` when given, else the current task's span inside a traced task, else
 * OpenTelemetry's active span.
 * Hand the result to `queue.submit()` (or any crossing), so the worker's task span is a child
 * of the producer's span. A request returns unchanged when there is no valid span to carry.
 *
 * @example
 * ```ts
 * await tracer.startActiveSpan('checkout', async (span) => {
 *   await queue.submit(injectTraceContext({ type: 'charge', params }));
 *   span.end();
 * });
 * ```
 */
export function injectTraceContext<R extends TaskRequest>(
  request: R,
  span?: TraceSpan,
): R & Pick<TaskRequest, 'traceContext'> {
  const api = otel();
  const spanContext =
    span === undefined ? api.trace.getSpanContext(activeContext()) : span.spanContext();
  const carrier = toCarrier(spanContext);
  return carrier === undefined ? request : { ...request, traceContext: carrier };
}
