import type { PluginType } from '../options.js';

/** The one task a generated plugin of each type starts with. */
export interface TaskKind {
  /** The task type the host routes to the plugin. */
  readonly taskType: string;
  /** What the task does, for TSDoc and the README. */
  readonly does: string;
}

/** The starter task of each plugin type. */
export const TASK_KINDS: Readonly<Record<PluginType, TaskKind>> = Object.freeze({
  workflow: { taskType: 'run-step', does: 'runs one step of a workflow over its items' },
  monitoring: { taskType: 'check', does: 'checks each of its targets and reports what it saw' },
  security: { taskType: 'scan', does: 'scans its inputs and reports what it found' },
  integration: { taskType: 'sync', does: 'syncs its records to an upstream system' },
  productivity: { taskType: 'summarize', does: 'summarises its notes' },
  communication: { taskType: 'notify', does: 'sends its messages to their recipients' },
  analytics: { taskType: 'aggregate', does: 'aggregates its events' },
  automation: { taskType: 'trigger', does: 'triggers an action for each of its items' },
});

/** `my-plugin` → `MyPlugin`; `@acme/stats` → `Stats`. */
export function pascalCase(pluginName: string): string {
  const words = pluginName.split(/[^a-zA-Z0-9]+/).filter((word) => word !== '');
  const pascal = words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
  return /^[0-9]/.test(pascal) ? `P${pascal}` : pascal || 'Plugin';
}

/** The name of the generated factory: `createMyPlugin`, `createStatsPlugin`. */
export function factoryName(pluginName: string): string {
  const pascal = pascalCase(pluginName);
  return `create${pascal}${pascal.endsWith('Plugin') ? '' : 'Plugin'}`;
}

/** The metric name prefix of a plugin: `my-plugin` → `my_plugin`. */
export function metricPrefix(pluginName: string): string {
  const prefix = pluginName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(prefix) ? prefix : `plugin_${prefix}`;
}
