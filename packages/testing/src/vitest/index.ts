/**
 * `@leanvibe/testing/vitest`: importing it registers the matchers with vitest's `expect`
 * (`toSucceed`, `toFailWith`, `toMeetEpic1`, `toHaveRecordedMetric`) and gives the contract
 * suites. ESM-only, because vitest cannot be loaded from CommonJS.
 */
import { leanvibeMatchers } from '@leanvibe/testing';
import { expect } from 'vitest';

expect.extend(leanvibeMatchers);

/** The matchers this entry registers, typed for `expect(...)`. */
export interface LeanVibeMatchers<R = unknown> {
  /** The TaskResult succeeded. */
  toSucceed(): R;
  /** The TaskResult failed (or the error is) with `code`, e.g. `PLUGIN_TIMEOUT`. */
  toFailWith(code: string): R;
  /** The Epic 1 report, figures or a report's `epic1` meets every measured budget. */
  toMeetEpic1(): R;
  /** The MockMonitoring recorded a metric named `name` carrying every one of `labels`. */
  toHaveRecordedMetric(name: string, labels?: Readonly<Record<string, string>>): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration, `Matchers<T = any>`.
  interface Matchers<T = any> extends LeanVibeMatchers<T> {}
}

export type { MetricsReader, MetricsSinkContractOptions } from './metrics-sink-contract.js';
export { metricsSinkContract } from './metrics-sink-contract.js';
export type { PluginContractOptions } from './plugin-contract.js';
export { pluginContract } from './plugin-contract.js';
export type { ContractEnv, ContractPolicy, PolicyContractOptions } from './policy-contract.js';
export { policyContract } from './policy-contract.js';
export type { ContractResource, PoolContractEnv, PoolContractOptions } from './pool-contract.js';
export { resourcePoolContract } from './pool-contract.js';
export type { CipherContractOptions } from './security-contracts.js';
export { cipherContract, permissionCheckerContract } from './security-contracts.js';
