export type {
  ConfigIssue,
  ConfigSource,
  LoadedConfig,
  LoadPluginConfigOptions,
} from './config/layers.js';
export { loadPluginConfig, toEnvName } from './config/layers.js';
export type { PluginConfigInput, ValidationResult } from './config/schema.js';
export { PluginConfig, PluginLimitsSchema, validatePluginConfig } from './config/schema.js';
export * from './contracts/index.js';
export type { ChunkContext, ChunkOptions, ChunkProgress, ChunkSummary } from './helpers/chunks.js';
export { processInChunks } from './helpers/chunks.js';
export type { Lazy, LazyOptions } from './helpers/lazy.js';
export { lazy } from './helpers/lazy.js';
export type { TaskGroup } from './helpers/task-group.js';
export { taskGroup } from './helpers/task-group.js';
export type { BootReport, BootReportEntry, PluginState } from './host/boot-report.js';
export type { PluginHostErrorCode, PluginHostErrorOptions } from './host/errors.js';
export { isPluginHostError, PluginHostError, TASK_ERROR_CODES } from './host/errors.js';
export type { HostHealth, HostStatus } from './host/health.js';
export { PluginHost } from './host/host.js';
export type { PluginHostOptions } from './host/options.js';
export { DEFAULT_MAX_QUEUE } from './host/runtime.js';
export type {
  AgentResult,
  CoordinationResult,
  PluginPerformanceMetrics,
  TaskScope,
} from './plugin/base.js';
export { PluginBase } from './plugin/base.js';
export type { PluginDefinition } from './plugin/define.js';
export { definePlugin } from './plugin/define.js';
export type { Plugin } from './plugin/plugin.js';
export { isPlugin, LIMITS_ENFORCED } from './plugin/plugin.js';
export { CORE_VERSION } from './version.js';
