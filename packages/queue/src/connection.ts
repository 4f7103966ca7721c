import { invalidOption } from '@leanvibe/core/contracts';
import type { Redis, RedisOptions } from 'ioredis';
import { QueueUnavailableError } from './errors.js';

/** Where Redis is: a `redis://` or `rediss://` URL, or ioredis options (host, port, tls...). */
export type QueueConnection = string | RedisOptions;

/** Checks a `connection` option. */
export function checkConnection(connection: unknown): QueueConnection {
  if (typeof connection === 'string') {
    if (/^rediss?:\/\//.test(connection)) return connection;
  } else if (typeof connection === 'object' && connection !== null && !Array.isArray(connection)) {
    return connection as RedisOptions;
  }
  throw invalidOption('connection', 'a redis:// URL or ioredis options', connection);
}

/**
 * Opens a client BullMQ can use (`maxRetriesPerRequest: null`: commands wait out a reconnect
 * instead of failing) and resolves once it is ready. The client reconnects on its own after.
 *
 * @throws {@link QueueUnavailableError} when it is not ready within `timeoutMs`; the client is closed.
 */
export async function openConnection(
  connection: QueueConnection,
  queue: string,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Promise<Redis> {
  const overrides = { maxRetriesPerRequest: null, enableOfflineQueue: true } as const;
  // Loaded with the first connection, as BullMQ loads it: importing the package stays cheap.
  const { Redis } = await import('ioredis');
  const client =
    typeof connection === 'string'
      ? new Redis(connection, overrides)
      : new Redis({ ...connection, ...overrides });
  // ioredis emits `error` on every failed attempt; without a listener each one would crash.
  client.on('error', onError);
  try {
    await whenReady(client, queue, timeoutMs);
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

/**
 * Resolves at once while `client` is ready, else when it becomes ready.
 *
 * @throws {@link QueueUnavailableError} when that takes longer than `timeoutMs`.
 */
export function whenReady(client: Redis, queue: string, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let lastError: unknown;
    const onError = (error: unknown): void => {
      lastError = error;
    };
    const onReady = (): void => {
      settle();
      resolve();
    };
    const timer = setTimeout(() => {
      settle();
      reject(
        new QueueUnavailableError(
          queue,
          `Redis was not reachable within ${timeoutMs} ms`,
          lastError,
        ),
      );
    }, timeoutMs);
    const settle = (): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
    };
    client.on('ready', onReady);
    client.on('error', onError);
  });
}

/**
 * Closes `client` politely (`QUIT`, or a disconnect when that fails) and resolves once its
 * socket is closed, so a `close()` built on it leaves no handle behind.
 */
export async function closeConnection(client: Redis, endTimeoutMs = 1_000): Promise<void> {
  if (client.status === 'end') return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ended = new Promise<void>((resolve) => {
    client.once('end', () => resolve());
    // Never hang a close on a socket that does not report its end: cut it instead.
    timer = setTimeout(() => {
      client.disconnect();
      resolve();
    }, endTimeoutMs);
  });
  await client.quit().catch(() => client.disconnect());
  // `quit` resolves on the server's reply; the socket closes just after.
  if ((client.status as string) !== 'end') await ended;
  clearTimeout(timer);
}
