import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/** The codes of a {@link CheckUsageError}. */
export type CheckUsageErrorCode = 'TESTING_CHECK_USAGE' | 'TESTING_CHECK_LOAD';

/**
 * `leanvibe-plugin check` was called wrongly (`TESTING_CHECK_USAGE`: an unknown flag, a missing
 * module, a malformed task), or the module it was given is not a plugin it can load
 * (`TESTING_CHECK_LOAD`). The message is one line, fit for a terminal.
 */
export class CheckUsageError extends LeanVibeError {
  static {
    brandError(this, 'CheckUsageError');
  }

  constructor(code: CheckUsageErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
  }
}

/** True for a {@link CheckUsageError}, from any installed copy. */
export const isCheckUsageError = createErrorGuard<CheckUsageError>('CheckUsageError');
