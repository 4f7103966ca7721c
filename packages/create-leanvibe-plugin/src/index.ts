export type { CliArgs } from './args.js';
export { parseCliArgs, USAGE } from './args.js';
export type { CreateCliIo } from './cli.js';
export { runCreateCli } from './cli.js';
export type { ScaffoldErrorCode } from './errors.js';
export { isScaffoldError, ScaffoldError } from './errors.js';
export type {
  ModuleFormat,
  PluginType,
  ResolvedOptions,
  ScaffoldOptions,
  SdkPackage,
} from './options.js';
export { DEFAULTS, nameProblem, PLUGIN_TYPES, resolveOptions, SDK_PACKAGES } from './options.js';
export type { PackageManager } from './package-manager.js';
export { detectPackageManager } from './package-manager.js';
export type { Answers, PromptStreams } from './prompts.js';
export type { GeneratedFile, RenderOptions } from './render.js';
export { renderPlugin } from './render.js';
export { TASK_KINDS, type TaskKind } from './templates/task-kinds.js';
export { VERSIONS } from './versions.js';
export { checkTarget, writePlugin } from './write.js';
