import type { Attributes, Span } from '@opentelemetry/api';
import { TRACING_ATTRIBUTES as A, TRACING_EVENTS as E, TRACED_CHANNELS } from './names.js';

/** What the resilience, pool and decorators channels publish, read loosely (by name only). */
interface PolicyMessage {
  readonly policy?: string;
  readonly name?: string;
  readonly event?: string;
  readonly attempt?: number;
  readonly attempts?: number;
  readonly delayMs?: number;
  readonly reason?: string;
  readonly error?: unknown;
  readonly from?: string;
  readonly to?: string;
  readonly state?: string;
  readonly waitedMs?: number;
  readonly pool?: string;
  readonly outcome?: string;
  readonly method?: string;
  readonly store?: string;
}

/** Records one message on the task's span: an event, or a back-dated child span for a wait. */
export type Recorder = (span: Span, message: PolicyMessage, startWait: WaitStarter) => void;

/** Starts a child span of the task span that began `waitedMs` ago; returns it unended. */
export type WaitStarter = (name: string, waitedMs: number, attributes: Attributes) => Span;

function errorType(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.name === 'string') return e.name;
  return 'Error';
}

function wait(
  name: string,
  message: PolicyMessage,
  startWait: WaitStarter,
  attributes: Attributes,
) {
  const waited = Math.max(0, Number(message.waitedMs) || 0);
  startWait(name, waited, { ...attributes, [A.waitMs]: waited }).end();
}

/**
 * Cache events recorded per task span; later lookups are only counted. A task that looks up a
 * cache per record would otherwise add thousands of events the SDK drops (128 by default).
 */
export const CACHE_EVENTS_PER_SPAN = 16;

const cacheTallies = new WeakMap<Span, { hits: number; misses: number }>();

/** The cache lookups made on a task's span so far, or none. */
export function cacheTally(
  span: Span,
): { readonly hits: number; readonly misses: number } | undefined {
  return cacheTallies.get(span);
}

/** One recorder per channel this package follows. */
export const RECORDERS: Readonly<Record<string, Recorder>> = Object.freeze({
  [TRACED_CHANNELS.retry]: (span, m) => {
    if (m.event === 'retry') {
      span.addEvent(E.retry, {
        [A.policyName]: String(m.name),
        [A.retryAttempt]: Number(m.attempt),
        [A.retryDelayMs]: Number(m.delayMs),
        [A.errorType]: errorType(m.error),
      });
    } else if (m.event === 'give-up') {
      span.addEvent(E.giveUp, {
        [A.policyName]: String(m.name),
        [A.retryAttempts]: Number(m.attempts),
        [A.retryGiveUpReason]: String(m.reason),
        [A.errorType]: errorType(m.error),
      });
    }
  },
  [TRACED_CHANNELS.circuitBreaker]: (span, m) => {
    if (m.event === 'state-change') {
      span.addEvent(E.circuitStateChange, {
        [A.policyName]: String(m.name),
        [A.circuitFrom]: String(m.from),
        [A.circuitState]: String(m.to),
      });
    } else if (m.event === 'reject') {
      span.addEvent(E.circuitReject, {
        [A.policyName]: String(m.name),
        [A.circuitState]: String(m.state),
        [A.errorType]: errorType(m.error),
      });
    }
  },
  [TRACED_CHANNELS.bulkhead]: (span, m, startWait) => {
    if (m.event === 'wait') wait(E.bulkheadWait, m, startWait, { [A.policyName]: String(m.name) });
    else if (m.event === 'reject') {
      span.addEvent(E.bulkheadReject, {
        [A.policyName]: String(m.name),
        [A.errorType]: errorType(m.error),
      });
    }
  },
  [TRACED_CHANNELS.rateLimit]: (span, m, startWait) => {
    if (m.event === 'wait') wait(E.rateLimitWait, m, startWait, { [A.policyName]: String(m.name) });
    else if (m.event === 'reject') {
      span.addEvent(E.rateLimitReject, {
        [A.policyName]: String(m.name),
        [A.errorType]: errorType(m.error),
      });
    }
  },
  [TRACED_CHANNELS.poolAcquireWait]: (_span, m, startWait) => {
    const attributes: Attributes = {
      [A.policyName]: String(m.pool),
      [A.poolOutcome]: String(m.outcome),
    };
    if (m.outcome === 'failed') attributes[A.errorType] = errorType(m.error);
    wait(E.poolAcquireWait, m, startWait, attributes);
  },
  [TRACED_CHANNELS.cache]: (span, m) => {
    let tally = cacheTallies.get(span);
    if (tally === undefined) {
      tally = { hits: 0, misses: 0 };
      cacheTallies.set(span, tally);
    }
    const hit = m.outcome === 'hit';
    if (hit) tally.hits++;
    else tally.misses++;
    if (tally.hits + tally.misses > CACHE_EVENTS_PER_SPAN) return;
    span.addEvent(hit ? E.cacheHit : E.cacheMiss, {
      [A.policyName]: String(m.method),
      [A.cacheStore]: String(m.store),
    });
  },
});
