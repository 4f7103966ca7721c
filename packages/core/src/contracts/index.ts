export type { Clock, TimerHandle } from './clock.js';
export { systemClock } from './clock.js';
export type { EncodedErrorJSON } from './codec/error-codec.js';
export { encodeError, reviveError } from './codec/error-codec.js';
export type { EncodedTaskRequest, EncodedTaskResult } from './codec/task-codec.js';
export {
  assertJsonSafe,
  decodeTaskRequest,
  decodeTaskResult,
  encodeTaskRequest,
  encodeTaskResult,
} from './codec/task-codec.js';
export type { PluginContext } from './context.js';
export { describeValue } from './describe.js';
export type {
  DiagnosticsChannelName,
  PluginLifecycleMessage,
} from './diagnostics.js';
export { DIAGNOSTICS_CHANNELS } from './diagnostics.js';
export type { Epic1Budget, Epic1Check, Epic1Figures, Epic1Report } from './epic1.js';
export { checkEpic1, EPIC1 } from './epic1.js';
export type { LeanVibeErrorJSON, LeanVibeErrorOptions } from './errors/base.js';
export {
  brandError,
  createErrorGuard,
  isLeanVibeError,
  LEANVIBE_ERROR_BRAND,
  LeanVibeError,
} from './errors/base.js';
export type { TaskEncodingErrorOptions } from './errors/encoding.js';
export { TaskEncodingError } from './errors/encoding.js';
export {
  isInvalidArgumentError,
  isInvalidOptionError,
  isPluginError,
  isPluginExecutionError,
  isPluginMemoryError,
  isPluginSecurityError,
  isPluginTimeoutError,
  isPluginValidationError,
  isTaskEncodingError,
  isThrownValueError,
} from './errors/guards.js';
export type {
  PluginErrorOptions,
  PluginMemoryErrorOptions,
  PluginSecurityErrorOptions,
  PluginTimeoutErrorOptions,
  ValidationIssue,
} from './errors/plugin.js';
export {
  PluginError,
  PluginExecutionError,
  PluginMemoryError,
  PluginSecurityError,
  PluginTimeoutError,
  PluginValidationError,
} from './errors/plugin.js';
export { ThrownValueError, toError } from './errors/thrown.js';
export { InvalidArgumentError, InvalidOptionError } from './errors/usage.js';
export type { JsonProblem, JsonValue } from './json.js';
export { findJsonProblem } from './json.js';
export type { LogFn, Logger } from './logger.js';
export { noopLogger } from './logger.js';
export type {
  InferParams,
  ParamsSchema,
  PluginLimits,
  PluginManifest,
  PluginType,
  SchemaIssue,
} from './manifest.js';
export type { ManualClock, ManualClockOptions } from './manual-clock.js';
export { createManualClock } from './manual-clock.js';
export type { Labels, MetricsSink } from './metrics.js';
export { noopMetrics } from './metrics.js';
export type { IntegerBounds, NumberBounds } from './options.js';
export {
  checkBoolean,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkOneOf,
  checkOptionsObject,
  checkSignal,
  checkString,
  invalidArgument,
  invalidOption,
} from './options.js';
export type { Agent, AgentTask, Orchestrator, TaskStatusEvent } from './orchestrator.js';
export type { Policy, PolicyContext, PolicyExecuteOptions } from './policy.js';
export type { AcquireOptions, Lease, ResourcePool, UseOptions } from './pool.js';
export type { Cipher, PermissionChecker, PermissionContext } from './security.js';
export type { LinkedController } from './signals.js';
export { abortReason, linkedController, neverAbortedSignal, onAbort } from './signals.js';
export type {
  Task,
  TaskFailure,
  TaskRequest,
  TaskResult,
  TaskStatus,
  TaskStatusUpdate,
  TaskSuccess,
} from './task.js';
