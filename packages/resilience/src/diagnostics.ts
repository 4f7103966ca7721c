import { type Channel, channel } from 'node:diagnostics_channel';
import type { CircuitState } from './state-store.js';

/**
 * Names of the `node:diagnostics_channel` channels this package's policies publish on, under
 * core's `leanvibe:` namespace. Channels are process-wide: a message names its policy (`policy`
 * kind and `name`). With no subscriber, a policy publishes nothing and builds no message.
 */
export const RESILIENCE_DIAGNOSTICS_CHANNELS = Object.freeze({
  /** A retry policy scheduled a retry (`retry`) or gave up (`give-up`). */
  retry: 'leanvibe:resilience:retry',
  /** A circuit breaker changed state (`state-change`) or refused a call (`reject`). */
  circuitBreaker: 'leanvibe:resilience:circuit-breaker',
  /** A bulkhead call waited for a slot (`wait`) or was refused (`reject`). */
  bulkhead: 'leanvibe:resilience:bulkhead',
  /** A rate-limited call waited for a token (`wait`) or was refused (`reject`). */
  rateLimit: 'leanvibe:resilience:rate-limit',
} as const);

/** One of the {@link RESILIENCE_DIAGNOSTICS_CHANNELS} names. */
export type ResilienceDiagnosticsChannelName =
  (typeof RESILIENCE_DIAGNOSTICS_CHANNELS)[keyof typeof RESILIENCE_DIAGNOSTICS_CHANNELS];

/** On `leanvibe:resilience:retry`: a retry is scheduled, `delayMs` from now. */
export interface RetryDiagnosticsMessage {
  readonly policy: 'retry';
  readonly name: string;
  readonly event: 'retry';
  /** The attempt that failed (1 for the first call). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** On `leanvibe:resilience:retry`: the policy stopped retrying. */
export interface GiveUpDiagnosticsMessage {
  readonly policy: 'retry';
  readonly name: string;
  readonly event: 'give-up';
  readonly attempts: number;
  readonly reason: string;
  readonly error: unknown;
}

/** On `leanvibe:resilience:circuit-breaker`: the circuit went from `from` to `to`. */
export interface CircuitStateChangeDiagnosticsMessage {
  readonly policy: 'circuit-breaker';
  readonly name: string;
  readonly event: 'state-change';
  readonly from: CircuitState;
  readonly to: CircuitState;
  /** True when the breaker followed another breaker of its name through the store. */
  readonly remote: boolean;
}

/** On `leanvibe:resilience:circuit-breaker`, `bulkhead` or `rate-limit`: a call was refused. */
export interface RejectDiagnosticsMessage {
  readonly policy: 'circuit-breaker' | 'bulkhead' | 'rate-limit';
  readonly name: string;
  readonly event: 'reject';
  readonly error: Error;
  /** For a circuit breaker: its state when it refused. */
  readonly state?: CircuitState;
}

/** On `leanvibe:resilience:bulkhead` or `rate-limit`: a call waited `waitedMs` before it ran. */
export interface WaitDiagnosticsMessage {
  readonly policy: 'bulkhead' | 'rate-limit';
  readonly name: string;
  readonly event: 'wait';
  /** How long the call waited, in milliseconds of the policy's clock. */
  readonly waitedMs: number;
}

/** Any message this package publishes. */
export type ResilienceDiagnosticsMessage =
  | RetryDiagnosticsMessage
  | GiveUpDiagnosticsMessage
  | CircuitStateChangeDiagnosticsMessage
  | RejectDiagnosticsMessage
  | WaitDiagnosticsMessage;

/** The channel of one name (internal). */
export function diagnosticsChannel(name: ResilienceDiagnosticsChannelName): Channel {
  return channel(name);
}
