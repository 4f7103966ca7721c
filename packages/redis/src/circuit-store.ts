import { randomUUID } from 'node:crypto';
import { checkOptionsObject, checkString, type MetricsSink } from '@leanvibe/core/contracts';
import type {
  CircuitSnapshot,
  CircuitStateStore,
  RemoteSnapshotListener,
} from '@leanvibe/resilience';
import type { Redis } from 'ioredis';
import { checkClient, checkMetrics, count, REDIS_METRICS } from './client.js';

/** Options of {@link redisCircuitStateStore}. */
export interface RedisCircuitStateStoreOptions {
  /** The app's ioredis client; this store never closes it. */
  readonly client: Redis;
  /** Prefix of every key and of the pub/sub channel. @default 'leanvibe:circuit' */
  readonly prefix?: string;
  /** Receives `leanvibe_redis_*` counters. */
  readonly metrics?: MetricsSink;
}

/** A {@link CircuitStateStore} on Redis; `close()` ends the subscriber connection it opened. */
export interface RedisCircuitStateStore extends CircuitStateStore {
  subscribe(name: string, listener: RemoteSnapshotListener): () => void;
  acquireProbe(name: string, ttlMs: number): Promise<boolean>;
  releaseProbe(name: string): Promise<void>;
  /** Closes the subscriber connection (a duplicate of `client`); the app's client stays open. */
  close(): Promise<void>;
}

interface Message {
  readonly origin: string;
  readonly name: string;
  readonly snapshot: CircuitSnapshot;
}

const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Shares circuit state among breakers of one name in every process using the same Redis: a
 * state change is stored (`SET`) and published; breakers elsewhere follow an open and a
 * verdict as soon as the message arrives. While half-open, one breaker fleet-wide holds the
 * probe, a `SET NX PX` lock whose TTL (`halfOpen.probeLeaseMs`) makes it die with its holder.
 * A breaker that stays closed and succeeds sends nothing to Redis.
 *
 * @example
 * ```ts
 * const store = redisCircuitStateStore({ client: redis, prefix: 'shop:circuit' });
 * const breaker = circuitBreaker({ name: 'billing', store, halfOpen: { probeLeaseMs: 5_000 } });
 * ```
 */
export function redisCircuitStateStore(
  options: RedisCircuitStateStoreOptions,
): RedisCircuitStateStore {
  const given = checkOptionsObject('options', options);
  const client = checkClient(given.client);
  const prefix = checkString('prefix', given.prefix ?? 'leanvibe:circuit');
  const metrics = checkMetrics(given.metrics);
  const channel = `${prefix}:changes`;
  const origin = randomUUID();
  const listeners = new Map<string, Set<WeakRef<RemoteSnapshotListener>>>();
  const tokens = new Map<string, string>();
  let subscriber: Redis | undefined;
  let closed = false;

  const deliver = (name: string, snapshot: CircuitSnapshot): void => {
    const set = listeners.get(name);
    if (set === undefined) return;
    for (const ref of [...set]) {
      const listener = ref.deref();
      if (listener === undefined) set.delete(ref);
      else listener(snapshot);
    }
  };
  const failed = (op: string): void => count(metrics, REDIS_METRICS.errors, { prefix, op });
  const connect = (): void => {
    if (subscriber !== undefined || closed) return;
    subscriber = client.duplicate();
    subscriber.on('error', () => failed('subscribe'));
    subscriber.on('message', (_channel: string, text: string) => {
      let message: Message;
      try {
        message = JSON.parse(text) as Message;
      } catch {
        return;
      }
      if (message.origin === origin || typeof message.name !== 'string') return;
      count(metrics, REDIS_METRICS.circuitRemote, { prefix, state: message.snapshot?.state });
      deliver(message.name, message.snapshot);
    });
    subscriber.subscribe(channel).catch(() => failed('subscribe'));
  };

  return {
    async load(name) {
      const text = await client.get(`${prefix}:${name}`);
      if (text === null) return undefined;
      const { snapshot, at } = JSON.parse(text) as { snapshot: CircuitSnapshot; at: number };
      if (snapshot.state !== 'open') return snapshot;
      return { ...snapshot, openForMs: Math.max(0, (snapshot.openForMs ?? 0) - (Date.now() - at)) };
    },
    async save(name, snapshot) {
      // Breakers of the name in this process hear it at once; the saver ignores its own.
      deliver(name, snapshot);
      const message: Message = { origin, name, snapshot };
      try {
        await client
          .multi()
          .set(`${prefix}:${name}`, JSON.stringify({ snapshot, at: Date.now() }))
          .publish(channel, JSON.stringify(message))
          .exec();
      } catch (error) {
        failed('save');
        throw error;
      }
    },
    subscribe(name, listener) {
      connect();
      const ref = new WeakRef(listener);
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      const own = set;
      own.add(ref);
      return () => {
        own.delete(ref);
      };
    },
    async acquireProbe(name, ttlMs) {
      const token = randomUUID();
      try {
        const granted =
          (await client.set(`${prefix}:${name}:probe`, token, 'PX', Math.ceil(ttlMs), 'NX')) ===
          'OK';
        if (granted) tokens.set(name, token);
        return granted;
      } catch (error) {
        failed('acquire-probe');
        throw error;
      }
    },
    async releaseProbe(name) {
      const token = tokens.get(name);
      if (token === undefined) return;
      tokens.delete(name);
      try {
        await client.eval(RELEASE, 1, `${prefix}:${name}:probe`, token);
      } catch (error) {
        failed('release-probe');
        throw error;
      }
    },
    async close() {
      closed = true;
      const connection = subscriber;
      subscriber = undefined;
      if (connection !== undefined) await connection.quit().catch(() => connection.disconnect());
    },
  };
}
