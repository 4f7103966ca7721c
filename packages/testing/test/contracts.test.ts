import {
  type Clock,
  linkedController,
  PluginTimeoutError,
  type Policy,
  type ResourcePool,
} from '@leanvibe/core/contracts';
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
import { SumPlugin } from './support/plugins.js';

metricsSinkContract('MockMonitoring', () => new MockMonitoring(), {
  read: (sink, _kind, name, labels) => sink.valueOf(name, labels),
});
permissionCheckerContract('MockSecurity', (grants) => new MockSecurity({ grants }));
cipherContract('MockSecurity', () => new MockSecurity());

const plugins: SumPlugin[] = [];
pluginContract(
  () => {
    const plugin = new SumPlugin();
    plugins.push(plugin);
    return plugin;
  },
  { task: { params: { values: [1, 2] } }, slowTask: { params: { values: [1], delayMs: 500 } } },
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
