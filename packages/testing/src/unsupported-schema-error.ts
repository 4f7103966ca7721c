import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/**
 * A schema (or part of one) that the zod → fast-check derivation cannot turn into an
 * arbitrary. The message names the zod type and where it sits; pass an arbitrary for that path
 * through `overrides` to go on.
 */
export class UnsupportedSchemaError extends LeanVibeError {
  static {
    brandError(this, 'UnsupportedSchemaError');
  }
  /** The zod type, e.g. `lazy`, `transform`, `custom`. */
  readonly zodType: string;
  /** Where it sits, dotted from the root (`''` for the root itself). */
  readonly path: string;

  constructor(zodType: string, path: string, reason?: string) {
    const where = path === '' ? 'at the root' : `at \`${path}\``;
    super(
      'TESTING_UNSUPPORTED_SCHEMA',
      `Cannot derive an arbitrary from the zod type '${zodType}' ${where}${reason === undefined ? '' : ` (${reason})`}: pass one for this path in \`overrides\``,
      { details: { zodType, path } },
    );
    this.zodType = zodType;
    this.path = path;
  }
}

/** True for an {@link UnsupportedSchemaError}, from any installed copy. */
export const isUnsupportedSchemaError =
  createErrorGuard<UnsupportedSchemaError>('UnsupportedSchemaError');
