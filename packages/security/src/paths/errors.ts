import {
  brandError,
  createErrorGuard,
  describeValue,
  PluginSecurityError,
} from '@leanvibe/core/contracts';

/** Why a path was refused (the error's `violation`). */
export type PathViolation =
  /** Not a string, empty, or a character, escape or name that is not allowed on every OS. */
  | 'invalid_path'
  /** A Unicode format or bidirectional control character (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+FEFF) that disguises a name. */
  | 'spoofed_name'
  /** A `..` that climbs out of the root. */
  | 'path_traversal'
  /** A symbolic link that leads out of the root. */
  | 'symlink_escape'
  /** A symbolic link that leads nowhere. */
  | 'dangling_symlink'
  /** A directory, device, socket or FIFO where a regular file was expected. */
  | 'not_a_file'
  /** The extension is not in `allowedExtensions`. */
  | 'invalid_file_extension'
  /** The file is larger than `maxSizeBytes`. */
  | 'file_too_large'
  /** The file was replaced between validation and opening. */
  | 'file_changed';

/**
 * A path was refused by {@link validateFilePath} or {@link openSafeFile}. A `PluginSecurityError`
 * with code `SECURITY_UNSAFE_PATH`; `violation` says why.
 */
export class UnsafePathError extends PluginSecurityError {
  static {
    brandError(this, 'UnsafePathError');
  }
  declare readonly violation: PathViolation;
  /** The path as it was given (cut to 120 characters in the message). */
  readonly path: unknown;

  constructor(violation: PathViolation, path: unknown, reason: string) {
    super(`path ${describeValue(path)} refused: ${reason}`, {
      violation,
      code: 'SECURITY_UNSAFE_PATH',
    });
    this.path = path;
  }
}

/** True for an {@link UnsafePathError}, from any installed copy. */
export const isUnsafePathError = createErrorGuard<UnsafePathError>('UnsafePathError');
