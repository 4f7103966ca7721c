import type { ResolvedOptions } from '../options.js';
import { factoryName, metricPrefix, TASK_KINDS } from './task-kinds.js';

const lines = (...parts: (string | false)[]): string =>
  parts.filter((part): part is string => part !== false).join('\n');

/** The generated `test/contract.test.ts`: the shared suite every plugin passes. */
export function contractTest(options: ResolvedOptions): string {
  const factory = factoryName(options.pluginName);
  return `${lines(
    "import { pluginContract } from '@leanvibe/testing/vitest';",
    `import { ${factory} } from '../src/index.js';`,
    '',
    '// Initialises within Epic 1, never throws from execute, names its plugin and task, rejects',
    '// invalid params with PLUGIN_VALIDATION, stops within 100 ms of a cancel, runs in a real',
    '// PluginHost and cleans up idempotently. Time runs on a manual clock.',
    `pluginContract(${factory}, {`,
    `  name: '${options.pluginName}',`,
    "  task: { params: { items: ['alpha', 'beta'] } },",
    "  slowTask: { params: { items: ['alpha'], delayMs: 500 } },",
    '});',
  )}\n`;
}

/** The generated `test/task.test.ts`: what the plugin's one task does. */
export function taskTest(options: ResolvedOptions): string {
  const has = (name: string): boolean => (options.packages as readonly string[]).includes(name);
  const factory = factoryName(options.pluginName);
  const metric = `${metricPrefix(options.pluginName)}_items_total`;
  const kind = TASK_KINDS[options.type];
  return `${lines(
    "import '@leanvibe/testing/vitest';",
    "import { createManualClock } from '@leanvibe/core/contracts';",
    has('metrics') && "import { createMetrics } from '@leanvibe/metrics';",
    "import { MockTask, PluginTestFramework } from '@leanvibe/testing';",
    "import { afterEach, describe, expect, it } from 'vitest';",
    `import { ${factory}, TASK_TYPE } from '../src/index.js';`,
    '',
    `const plugin = ${factory}();`,
    'const framework = new PluginTestFramework({ clock: createManualClock() });',
    has('metrics') && 'const metrics = createMetrics();',
    '',
    'async function ready(config: Record<string, unknown> = {}) {',
    has('metrics')
      ? '  await plugin.initialize(framework.createContext(plugin, { config, metrics }));'
      : '  await plugin.initialize(framework.createContext(plugin, { config }));',
    '  return plugin;',
    '}',
    '',
    'afterEach(async () => {',
    '  await plugin.cleanup();',
    '});',
    '',
    `describe('the ${kind.taskType} task', () => {`,
    "  it('works on every item, with the configured prefix', async () => {",
    "    await ready({ prefix: '> ' });",
    "    const task = new MockTask({ type: TASK_TYPE, params: { items: ['alpha', ' beta '] } });",
    '    const result = await plugin.execute(task);',
    '    expect(result).toSucceed();',
    "    expect(result.success && result.data).toEqual({ processed: 2, items: ['> alpha', '> beta'] });",
    has('metrics') &&
      `    expect(metrics.toPrometheus()).toContain(\`${metric}{task_type="\${TASK_TYPE}"} 2\`);`,
    '  });',
    '',
    "  it('rejects params its schema does not accept', async () => {",
    '    await ready();',
    '    const result = await plugin.execute(new MockTask({ type: TASK_TYPE, params: { items: [] } }));',
    "    expect(result).toFailWith('PLUGIN_VALIDATION');",
    '  });',
    '',
    "  it('stops when its task is cancelled', async () => {",
    '    await ready();',
    "    const task = new MockTask({ type: TASK_TYPE, params: { items: ['alpha'], delayMs: 500 } });",
    '    const pending = plugin.execute(task);',
    "    task.abort(new Error('no longer needed'));",
    '    const result = await pending;',
    '    expect(result.success).toBe(false);',
    '  });',
    '',
    "  it('refuses a configuration its schema does not accept', async () => {",
    '    await expect(ready({ prefix: 42 })).rejects.toThrow();',
    '    expect(plugin.isInitialized).toBe(false);',
    '  });',
    '});',
  )}\n`;
}
