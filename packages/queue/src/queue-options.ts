import {
  checkInteger,
  checkOptionsObject,
  checkString,
  invalidOption,
  type Logger,
  type MetricsSink,
  noopLogger,
} from '@leanvibe/core/contracts';
import { checkConnection, type QueueConnection } from './connection.js';

/** Options every side of a queue shares. */
export interface QueueBaseOptions {
  /** Where Redis is: a URL or ioredis options. Each producer and worker opens its own clients. */
  readonly connection: QueueConnection;
  /** The queue's name; producers and workers of one name share its jobs. No `:`. */
  readonly name: string;
  /** The prefix of every Redis key of the queue. Default `'leanvibe'`. */
  readonly prefix?: string;
  /** How long Redis may take to answer before a call fails with `QUEUE_UNAVAILABLE`. Default `5_000`. */
  readonly connectTimeoutMs?: number;
  /** Where the queue's figures go (see `QUEUE_METRICS`). Default: nowhere. */
  readonly metrics?: MetricsSink;
  /** Where connection errors are logged (at `warn`) while the clients reconnect. Default: nowhere. */
  readonly logger?: Logger;
}

/** {@link QueueBaseOptions}, checked and with defaults. */
export interface CheckedBase {
  readonly connection: QueueConnection;
  readonly name: string;
  readonly prefix: string;
  readonly connectTimeoutMs: number;
  readonly metrics: MetricsSink | undefined;
  readonly logger: Logger;
}

/** Checks the options a producer and a worker share. */
export function checkBaseOptions(options: QueueBaseOptions): CheckedBase {
  const given = checkOptionsObject('options', options);
  const connection = checkConnection(given.connection);
  const name = checkName('name', given.name);
  const prefix = checkName('prefix', given.prefix ?? 'leanvibe');
  const connectTimeoutMs = checkInteger('connectTimeoutMs', given.connectTimeoutMs ?? 5_000, {
    min: 1,
  });
  const metrics = given.metrics;
  if (metrics !== undefined && typeof (metrics as Partial<MetricsSink>).gauge !== 'function') {
    throw invalidOption('metrics', 'a MetricsSink (counter, gauge, histogram)', metrics);
  }
  const logger = given.logger ?? noopLogger;
  if (typeof (logger as Partial<Logger>).warn !== 'function') {
    throw invalidOption('logger', 'a Logger (debug, info, warn, error, child)', logger);
  }
  return { connection, name, prefix, connectTimeoutMs, metrics, logger };
}

function checkName(option: string, value: unknown): string {
  const text = checkString(option, value);
  if (text.includes(':')) throw invalidOption(option, 'a non-empty string without ":"', value);
  return text;
}
