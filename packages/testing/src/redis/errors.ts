import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/** `redis-server` is not on `PATH` (or not at the `binary` given). */
export class RedisServerNotFoundError extends LeanVibeError {
  static {
    brandError(this, 'RedisServerNotFoundError');
  }
  /** The binary that was looked for. */
  readonly binary: string;

  constructor(binary: string) {
    super(
      'TESTING_REDIS_NOT_FOUND',
      `${binary} was not found: install it (Debian/Ubuntu: \`apt-get install redis-server\`) or pass \`binary\``,
      { details: { binary } },
    );
    this.binary = binary;
  }
}

/** `redis-server` started but exited, or did not answer `PING` within `startTimeoutMs`. */
export class RedisServerStartError extends LeanVibeError {
  static {
    brandError(this, 'RedisServerStartError');
  }
  /** The last lines the server printed. */
  readonly output: string;

  constructor(message: string, output: string) {
    super('TESTING_REDIS_START_FAILED', `${message}${output === '' ? '' : `\n${output}`}`, {
      details: { output },
    });
    this.output = output;
  }
}

/** True for a {@link RedisServerNotFoundError}, from any installed copy. */
export const isRedisServerNotFoundError = createErrorGuard<RedisServerNotFoundError>(
  'RedisServerNotFoundError',
);
/** True for a {@link RedisServerStartError}, from any installed copy. */
export const isRedisServerStartError =
  createErrorGuard<RedisServerStartError>('RedisServerStartError');
