import { Redis } from 'ioredis';
import { DistributedStartError } from './start-error.js';

/** A client of the run's own, ready; a server that does not answer is said in one line. */
export async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let lastError: unknown;
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(lastError ?? new Error('no answer within 5 s')), 5_000);
      }),
    ]);
    return client;
  } catch (error) {
    client.disconnect();
    throw new DistributedStartError(
      `cannot reach Redis at ${url}: ${((lastError ?? error) as Error).message ?? String(error)}`,
      1,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Removes the run's queue keys: a shared server keeps nothing of the run. */
export async function removeKeys(
  client: Redis,
  prefix: string,
  queues: readonly string[],
): Promise<void> {
  for (const name of queues) {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:${name}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  }
}
