export type {
  CleanupCheckOptions,
  CleanupMetrics,
  InitializationMetrics,
  InitializationReport,
} from './checks-lifecycle.js';
export type {
  ConcurrencyMetrics,
  ConcurrencyOptions,
  MemoryMetrics,
  MemoryOptions,
  PerformanceMetrics,
  PerformanceOptions,
} from './checks-load.js';
export type {
  CancellationMetrics,
  CancellationOptions,
  ErrorHandlingOptions,
  ParamsValidationOptions,
  TaskExecutionOptions,
} from './checks-tasks.js';
export type { DriveOptions, Settled } from './drive.js';
export { drive, isManualClock } from './drive.js';
export type { PluginTestFrameworkOptions } from './framework.js';
export { PluginTestFramework } from './framework.js';
export type { OpenHandle } from './handle-tracker.js';
export { HandleTracker } from './handle-tracker.js';
export type { GcFunction } from './heap.js';
export type { MatcherContext, MatcherResult } from './matchers.js';
export {
  leanvibeMatchers,
  toFailWith,
  toHaveRecordedMetric,
  toMeetEpic1,
  toSucceed,
} from './matchers.js';
export type { MockAgentHandler, MockAgentOptions } from './mock-agent.js';
export { MockAgent } from './mock-agent.js';
export type { LoggedEvent, RecordedMetric } from './mock-monitoring.js';
export { labelsMatch, MockMonitoring } from './mock-monitoring.js';
export type { MockOrchestratorOptions, SubmitHandler } from './mock-orchestrator.js';
export { MockOrchestrator } from './mock-orchestrator.js';
export type { MockSecurityOptions, PermissionCheck } from './mock-security.js';
export { grantCovers, MockSecurity } from './mock-security.js';
export type { MockTaskOptions, RecordedStatus } from './mock-task.js';
export { MockTask } from './mock-task.js';
export type { TaskSource, TaskSpec, TestablePlugin } from './plugin.js';
export type { TaskArbitraryOptions } from './property.js';
export {
  invalidParamsArbitrary,
  manifestArbitrary,
  paramsArbitrary,
  taskArbitrary,
} from './property.js';
export type {
  CheckMetrics,
  CheckName,
  CheckReport,
  Epic1CheckReport,
  TaskCheckReport,
} from './report.js';
export type { DurationStats } from './stats.js';
export { percentile, summarize } from './stats.js';
export type { TestHost, TestHostOptions } from './test-host.js';
export { createTestHost } from './test-host.js';
export { isUnsupportedSchemaError, UnsupportedSchemaError } from './unsupported-schema-error.js';
export type { SchemaArbitraryOptions } from './zod-arbitrary.js';
export { arbitraryFromSchema, isZodSchema } from './zod-arbitrary.js';
export type { ZodDef, ZodSchemaLike } from './zod-def.js';
export { invalidArbitraryFromSchema } from './zod-invalid.js';
