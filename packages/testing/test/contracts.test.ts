import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { definePlugin } from '@leanvibe/core';
import {
  type Clock,
  linkedController,
  PluginTimeoutError,
  type Policy,
  type ResourcePool,
  systemClock,
} from '@leanvibe/core/contracts';
import { afterAll } from 'vitest';
import { z } from 'zod';
import { MockMonitoring, MockSecurity } from '../src/index.js';
import {
  type ContractResource,
  cipherContract,
  metricsSinkContract,
  type PoolContractEnv,
  permissionCheckerContract,
  pluginContract,
  policyContract,
  resourcePoolContract,
} from '../src/vitest/index.js';
import { EchoPlugin } from './support/echo-plugin.js';
import { definedSumPlugin, SumPlugin } from './support/plugins.js';

metricsSinkContract('MockMonitoring', () => new MockMonitoring(), {
  read: (sink, _kind, name, labels) => sink.valueOf(name, labels),
});
permissionCheckerContract('MockSecurity', (grants) => new MockSecurity({ grants }));
cipherContract('MockSecurity', () => new MockSecurity());
// A Buffer is a Uint8Array: a cipher answering with Node's Buffers keeps the contract.
cipherContract('a cipher answering with Buffers', () => {
  const inner = new MockSecurity();
  return {
    encrypt: (data) => inner.encrypt(data),
    decrypt: async (token) => Buffer.from(await inner.decrypt(token)),
  };
});

const plugins: SumPlugin[] = [];
afterAll(() => {
  for (const plugin of plugins) clearInterval(plugin.timer);
});
const sumTasks = {
  task: { params: { values: [1, 2] } },
  slowTask: { params: { values: [1], delayMs: 500 } },
};
pluginContract(
  () => {
    const plugin = new SumPlugin();
    plugins.push(plugin);
    return plugin;
  },
  { name: 'a hand-written plugin', ...sumTasks },
);
// Core's plugin model: a definePlugin plugin and a PluginBase subclass, with tasks derived from
// their schemas where none is given.
pluginContract(() => definedSumPlugin(), { name: 'a definePlugin plugin', ...sumTasks });
pluginContract(() => new EchoPlugin(), {
  name: 'a PluginBase subclass',
  slowTask: { params: { text: 'slow', delayMs: 1_000 } },
});
pluginContract(() => new EchoPlugin({ schemaless: true }), {
  name: 'a PluginBase subclass without a params schema',
  task: { params: { text: 'x' } },
});
pluginContract(() => new EchoPlugin({ name: 'echo-2', dependencies: ['summer'] }), {
  name: 'a PluginBase subclass with a dependency',
  dependencies: () => [definedSumPlugin()],
});
// A plugin waiting on real I/O (a file read, a real timer) runs the suite on the system clock.
pluginContract(
  () =>
    definePlugin({
      name: 'reader',
      version: '1.0.0',
      type: 'integration',
      taskTypes: ['read'],
      sdk: '>=0.1.0',
      params: z.object({ delayMs: z.number().int().min(0).max(10_000).default(0) }),
      async handle(task, { signal }) {
        const text = await readFile(new URL('../package.json', import.meta.url), {
          encoding: 'utf8',
          signal,
        });
        await delay(task.params.delayMs, undefined, { signal });
        return JSON.parse(text).name as string;
      },
    }),
  {
    name: 'a plugin doing real I/O, on the system clock',
    clock: () => systemClock,
    task: { params: { delayMs: 0 } },
    slowTask: { params: { delayMs: 5_000 } },
    cancelWithinMs: 2_000,
    invalidParams: [{ delayMs: -1 }, { delayMs: 'soon' }, { delayMs: 1e9 }],
  },
);

/** A minimal timeout policy written against the contract, to run the Policy suite on. */
function timeoutPolicy(clock: Clock, timeoutMs: number): Policy {
  return {
    async execute(fn, options = {}) {
      const linked = linkedController(options.signal);
      const timer = clock.setTimeout(
        () => linked.controller.abort(new PluginTimeoutError('timed out', { timeoutMs })),
        timeoutMs,
      );
      try {
        return await new Promise((resolve, reject) => {
          linked.signal.addEventListener('abort', () => reject(linked.signal.reason), {
            once: true,
          });
          Promise.resolve()
            .then(() => fn({ signal: linked.signal, attempt: 1 }))
            .then(resolve, reject);
        });
      } finally {
        clock.clearTimeout(timer);
        linked.unlink();
      }
    },
  };
}
policyContract('a timeout policy', ({ clock }) => timeoutPolicy(clock, 1000));

/** A minimal FIFO pool written against the contract, to run the ResourcePool suite on. */
function tinyPool({ create, destroy, max }: PoolContractEnv): ResourcePool<ContractResource> {
  const idle: ContractResource[] = [];
  const lent = new Set<ContractResource>();
  const waiters: { resolve: (r: ContractResource) => void; signal?: AbortSignal | undefined }[] =
    [];
  let size = 0;
  const pool: ResourcePool<ContractResource> = {
    async acquire(options = {}) {
      const ready = idle.shift();
      if (ready !== undefined) {
        lent.add(ready);
        return ready;
      }
      if (size < max) {
        size++;
        const made = await create();
        lent.add(made);
        return made;
      }
      return new Promise((resolve, reject) => {
        const waiter = { resolve, signal: options.signal };
        waiters.push(waiter);
        options.signal?.addEventListener('abort', () => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(options.signal?.reason);
        });
      });
    },
    async release(resource) {
      if (!lent.delete(resource)) throw new Error('not lent by this pool');
      const waiter = waiters.shift();
      if (waiter === undefined) idle.push(resource);
      else {
        lent.add(resource);
        waiter.resolve(resource);
      }
    },
    async lease(options) {
      const resource = await pool.acquire(options);
      let done = false;
      const release = async () => {
        if (done) throw new Error('already released');
        done = true;
        await pool.release(resource);
      };
      return {
        resource,
        release,
        destroy: async () => {
          done = true;
          lent.delete(resource);
          size--;
          await destroy(resource);
        },
        [Symbol.asyncDispose]: async () => {
          if (!done) await release();
        },
      };
    },
    async use(fn, options = {}) {
      const resource = await pool.acquire(options);
      try {
        const value = await fn(resource);
        await pool.release(resource);
        return value;
      } catch (error) {
        if (options.destroyOnError === true) {
          lent.delete(resource);
          size--;
          await destroy(resource);
        } else await pool.release(resource);
        throw error;
      }
    },
  };
  return pool;
}
resourcePoolContract('a tiny FIFO pool', (env) => tinyPool(env));
resourcePoolContract('a tiny FIFO pool, closed after each test', (env) => tinyPool(env), {
  close: () => {},
});
