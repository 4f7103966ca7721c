import { createErrorGuard } from './base.js';
import type { TaskEncodingError } from './encoding.js';
import type {
  PluginError,
  PluginExecutionError,
  PluginMemoryError,
  PluginSecurityError,
  PluginTimeoutError,
  PluginValidationError,
} from './plugin.js';
import type { ThrownValueError } from './thrown.js';
import type { InvalidArgumentError, InvalidOptionError } from './usage.js';

/** True for a {@link PluginError} or any subclass, from any installed copy. */
export const isPluginError = createErrorGuard<PluginError>('PluginError');
/** True for a {@link PluginValidationError}, from any installed copy. */
export const isPluginValidationError =
  createErrorGuard<PluginValidationError>('PluginValidationError');
/** True for a {@link PluginExecutionError}, from any installed copy. */
export const isPluginExecutionError =
  createErrorGuard<PluginExecutionError>('PluginExecutionError');
/** True for a {@link PluginTimeoutError}, from any installed copy. */
export const isPluginTimeoutError = createErrorGuard<PluginTimeoutError>('PluginTimeoutError');
/** True for a {@link PluginSecurityError}, from any installed copy. */
export const isPluginSecurityError = createErrorGuard<PluginSecurityError>('PluginSecurityError');
/** True for a {@link PluginMemoryError}, from any installed copy. */
export const isPluginMemoryError = createErrorGuard<PluginMemoryError>('PluginMemoryError');
/** True for an {@link InvalidOptionError}, from any installed copy. */
export const isInvalidOptionError = createErrorGuard<InvalidOptionError>('InvalidOptionError');
/** True for an {@link InvalidArgumentError}, from any installed copy. */
export const isInvalidArgumentError =
  createErrorGuard<InvalidArgumentError>('InvalidArgumentError');
/** True for a {@link ThrownValueError}, from any installed copy. */
export const isThrownValueError = createErrorGuard<ThrownValueError>('ThrownValueError');
/** True for a {@link TaskEncodingError}, from any installed copy. */
export const isTaskEncodingError = createErrorGuard<TaskEncodingError>('TaskEncodingError');
