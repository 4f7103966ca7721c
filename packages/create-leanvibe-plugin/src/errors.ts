const BRAND = Symbol.for('leanvibe.error');

/** The codes of a {@link ScaffoldError}. */
export type ScaffoldErrorCode =
  | 'SCAFFOLD_USAGE'
  | 'SCAFFOLD_INVALID_NAME'
  | 'SCAFFOLD_INVALID_OPTION'
  | 'SCAFFOLD_TARGET_NOT_EMPTY';

/**
 * A scaffold the command refused before writing anything: an unknown flag or a missing answer
 * (`SCAFFOLD_USAGE`), a name npm would refuse (`SCAFFOLD_INVALID_NAME`), an unknown plugin type,
 * package or format (`SCAFFOLD_INVALID_OPTION`), a target folder that exists and is not empty
 * (`SCAFFOLD_TARGET_NOT_EMPTY`). The message is one line. Carries the brand of the SDK's errors
 * (`Symbol.for('leanvibe.error')`) without depending on `@leanvibe/core`, so that
 * `npm create leanvibe-plugin` installs one small package.
 */
export class ScaffoldError extends Error {
  /** What was wrong. */
  readonly code: ScaffoldErrorCode;

  constructor(code: ScaffoldErrorCode, message: string) {
    super(message);
    this.name = 'ScaffoldError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: 'ScaffoldError' });
  }
}

/** True for a {@link ScaffoldError}, from any installed copy. */
export function isScaffoldError(error: unknown): error is ScaffoldError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [BRAND]?: unknown })[BRAND] === 'ScaffoldError'
  );
}
