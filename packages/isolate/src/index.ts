export {
  IsolateError,
  type IsolateErrorCode,
  type IsolateErrorOptions,
  isIsolateError,
} from './errors.js';
export { type IsolatedPlugin, type IsolationStatus, isolatedPlugin } from './isolated-plugin.js';
export type { IsolateOptions } from './options.js';
export type { IsolateState } from './worker-group.js';
