// @leanvibe/core: cold imports of its three entries, and what the host adds to each task
// over calling the handler directly, broken down by feature so the time can be attributed.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { DIAGNOSTICS_CHANNELS, definePlugin, PluginHost } from '@leanvibe/core';
import { z } from 'zod';
import { coldImportComparison, coldImportRow } from '../cold-import.js';
import { compare, record, results } from '../harness.js';

export const title = '@leanvibe/core';

const handle = (task) => task.params.n + 1;

function plugin(name, extra = {}) {
  return definePlugin({
    name,
    version: '1.0.0',
    type: 'custom',
    taskTypes: [name],
    sdk: '^0.1.0',
    handle,
    ...extra,
  });
}

async function hostWith(extra = {}, options = {}) {
  const host = new PluginHost({ id: 'bench', ...options });
  await host.register(plugin('p', extra));
  await host.start();
  return host;
}

function lastNs() {
  return results().at(-1).ours;
}

export async function run() {
  record(coldImportRow('cold import @leanvibe/core/contracts (ESM)', '@leanvibe/core/contracts'));
  record(
    coldImportRow(
      'cold import @leanvibe/core/contracts (CJS)',
      '@leanvibe/core/contracts',
      'require',
    ),
  );
  record(coldImportRow('cold import @leanvibe/core (ESM, loads zod)', '@leanvibe/core'));
  // The main entry against zod alone: what core adds to the schema library it is built on.
  record(
    coldImportComparison('cold import @leanvibe/core vs zod alone (ESM)', '@leanvibe/core', 'zod'),
  );
  record(
    coldImportRow('cold import @leanvibe/core/logger (ESM, loads pino)', '@leanvibe/core/logger'),
  );

  const params = { n: 1 };
  const task = {
    id: 't',
    type: 'p',
    params,
    signal: new AbortController().signal,
    updateStatus() {},
  };

  // The baseline: what a caller pays without the SDK (an async call of the handler).
  await compare('handler called directly (await)', {
    name: 'direct',
    fn: async () => handle(task),
  });
  const direct = lastNs();

  // The plugin layer alone: PluginBase#execute (result object, timing, counters).
  const bare = plugin('p');
  await bare.initialize({
    orchestrator: {},
    logger: undefined,
    config: {},
    signal: task.signal,
  });
  await compare('PluginBase#execute, no host', { name: 'plugin', fn: () => bare.execute(task) });
  const pluginNs = lastNs();

  const variants = [
    ['host.execute: no limits', {}, {}],
    ['host.execute: + maxExecutionTimeMs (a timer)', { limits: { maxExecutionTimeMs: 1_000 } }, {}],
    ['host.execute: + concurrency 64', { limits: { concurrency: 64 } }, {}],
    ['host.execute: + zod params schema', { params: z.object({ n: z.number() }) }, {}],
    ['host.execute: + measureMemory', {}, { measureMemory: true }],
    ['host.execute: + permission checker', {}, { permissions: { check: async () => true } }],
  ];
  const figures = [];
  for (const [row, extra, options] of variants) {
    const host = await hostWith(extra, options);
    const request = { type: 'p', params };
    await compare(row, { name: 'host', fn: () => host.execute(request) });
    figures.push([row, lastNs()]);
    await host.close();
  }

  const host = await hostWith();
  const listener = () => {};
  subscribe(DIAGNOSTICS_CHANNELS.execute, listener);
  await compare('host.execute: + a diagnostics subscriber', {
    name: 'host',
    fn: () => host.execute({ type: 'p', params }),
  });
  figures.push(['host.execute: + a diagnostics subscriber', lastNs()]);
  unsubscribe(DIAGNOSTICS_CHANNELS.execute, listener);
  await host.close();

  const [, plain] = figures[0];
  record({
    row: 'host overhead per task (no limits) vs handler',
    ours: plain - direct,
    note: `goal < 5 µs; plugin layer ${((pluginNs - direct) / 1e3).toFixed(2)} µs, routing + dispatch ${((plain - pluginNs) / 1e3).toFixed(2)} µs`,
  });
  for (const [row, ns] of figures.slice(1)) {
    record({ row: `  cost of ${row.replace('host.execute: + ', '')}`, ours: ns - plain });
  }
}
