import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/**
 * A Fernet token could not be accepted. The reason is never told apart — a malformed token, a
 * wrong key, a flipped byte, bad padding and an expired token all raise this same error with the
 * same message — so that a caller who shows it leaks nothing an attacker could use as an oracle.
 */
export class InvalidTokenError extends LeanVibeError {
  static {
    brandError(this, 'InvalidTokenError');
  }

  constructor() {
    super(
      'SECURITY_INVALID_TOKEN',
      'the token is invalid: it is malformed, was made with another key, was altered, or has expired',
    );
  }
}

/** True for an {@link InvalidTokenError}, from any installed copy. */
export const isInvalidTokenError = createErrorGuard<InvalidTokenError>('InvalidTokenError');
