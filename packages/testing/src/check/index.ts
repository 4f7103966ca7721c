/**
 * `@leanvibe/testing/check`: the programmatic face of `leanvibe-plugin check` — load a built
 * plugin module, run every framework check on it, print the verdicts.
 */
export type { CheckCliIo } from './cli.js';
export { CHECK_USAGE, runCheckCli } from './cli.js';
export type { CheckUsageErrorCode } from './errors.js';
export { CheckUsageError, isCheckUsageError } from './errors.js';
export type { FormatOptions } from './format.js';
export { formatCheckTable, shouldColor } from './format.js';
export type { PluginSource } from './load-plugin-module.js';
export { isTestablePlugin, loadPluginModule } from './load-plugin-module.js';
export type { PluginCheckOptions, PluginCheckOutcome, PluginCheckResult } from './run-checks.js';
export { checkPlugin, PLUGIN_CHECKS } from './run-checks.js';
export { UNREADABLE_PARAMS_MESSAGE, unreadableParams } from './unreadable-params.js';
