import type { Attributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Waterfall, WaterfallRow } from './summary.js';

// Type-only imports: this file loads nothing of OpenTelemetry at run time.

const ms = (time: HrTime): number => time[0] * 1_000 + time[1] / 1e6;

const round = (value: number): number => Math.round(value * 1_000) / 1_000;

/** The attribute @leanvibe/tracing puts on every task span. */
const TASK_ID = 'leanvibe.task.id';

/** Whether `span` is a task's span (not a wait span under one). */
export function isTaskSpan(span: ReadableSpan): boolean {
  return typeof span.attributes[TASK_ID] === 'string';
}

/** The slowest task span of `type`, as a waterfall of its child spans and events. */
export function slowestTaskWaterfall(
  spans: readonly ReadableSpan[],
  type: string,
): Waterfall | undefined {
  let slowest: ReadableSpan | undefined;
  for (const span of spans) {
    if (!isTaskSpan(span) || span.name !== type) continue;
    if (slowest === undefined || ms(span.duration) > ms(slowest.duration)) slowest = span;
  }
  if (slowest === undefined) return undefined;
  const children = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const origin = ms(slowest.startTime);
  const rows: WaterfallRow[] = [];
  const visit = (span: ReadableSpan, depth: number): void => {
    rows.push({
      depth,
      kind: 'span',
      label: span.name,
      offsetMs: round(ms(span.startTime) - origin),
      durationMs: round(ms(span.duration)),
    });
    const under = [
      ...span.events.map((event) => ({ at: ms(event.time), event, span: undefined })),
      ...(children.get(span.spanContext().spanId) ?? []).map((child) => ({
        at: ms(child.startTime),
        event: undefined,
        span: child,
      })),
    ].sort((a, b) => a.at - b.at);
    for (const item of under) {
      if (item.span !== undefined) visit(item.span, depth + 1);
      else if (item.event !== undefined) {
        const attributes = item.event.attributes ?? {};
        const delay = attributes['leanvibe.retry.delay_ms'];
        rows.push({
          depth: depth + 1,
          kind: 'event',
          label: eventLabel(item.event.name, attributes),
          offsetMs: round(item.at - origin),
          durationMs: 0,
          ...(typeof delay === 'number' ? { waitMs: round(delay) } : {}),
        });
      }
    }
  };
  visit(slowest, 0);
  const outcome = String(slowest.attributes['leanvibe.task.outcome'] ?? 'unknown');
  const code = slowest.attributes['error.type'];
  return {
    name: slowest.name,
    taskId: String(slowest.attributes[TASK_ID]),
    outcome: code === undefined ? outcome : `${outcome} (${String(code)})`,
    traceId: slowest.spanContext().traceId,
    spanId: slowest.spanContext().spanId,
    durationMs: round(ms(slowest.duration)),
    rows,
  };
}

/** An event's name with the attributes that tell its story (attempt and delay, states, code). */
function eventLabel(name: string, a: Attributes): string {
  const parts: string[] = [];
  const attempt = a['leanvibe.retry.attempt'];
  if (attempt !== undefined) parts.push(`#${attempt}`);
  const delay = a['leanvibe.retry.delay_ms'];
  if (delay !== undefined) parts.push(`+${Math.round(Number(delay))} ms`);
  const attempts = a['leanvibe.retry.attempts'];
  if (attempts !== undefined) parts.push(`${attempts} attempts`);
  const reason = a['leanvibe.retry.give_up_reason'];
  if (reason !== undefined) parts.push(String(reason));
  const from = a['leanvibe.circuit.from'];
  const state = a['leanvibe.circuit.state'];
  if (from !== undefined) parts.push(`${from} → ${state}`);
  else if (state !== undefined) parts.push(String(state));
  // A retry's cause is worth naming; a refusal is CIRCUIT_OPEN by definition, and a give-up's
  // error is the exception row's.
  const code = a['error.type'] ?? (name === 'exception' ? a['exception.type'] : undefined);
  if (code !== undefined && name !== 'circuit_breaker.reject' && name !== 'retry.give_up') {
    parts.push(String(code));
  }
  return parts.length === 0 ? name : `${name} (${parts.join(', ')})`;
}
