import { pino } from 'pino';
import {
  checkBoolean,
  checkOneOf,
  checkOptionsObject,
  checkString,
  invalidOption,
  type Logger,
} from '../contracts/index.js';
import { createRedactor, DEFAULT_REDACT_KEYS } from './redact.js';

export { DEFAULT_REDACT_KEYS } from './redact.js';

/** Log levels, most verbose last. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Where log lines go: anything with `write(line)`, a file descriptor, or a file path. */
export type LogDestination = { write(line: string): unknown } | number | string;

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Bound to every line as `name`. */
  readonly name?: string;
  /** The lowest level written. @default 'info' */
  readonly level?: LogLevel;
  /** Fields bound to every line. */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /**
   * Keys whose values are replaced at any depth, matched case-insensitively ignoring `_` and
   * `-`, also as suffixes. @default DEFAULT_REDACT_KEYS (password, token, secret, apiKey, authorization, ...)
   */
  readonly redactKeys?: readonly string[];
  /** Exact paths to redact as well, in pino's syntax (`req.headers["x-session"]`). @default [] */
  readonly redactPaths?: readonly string[];
  /** What replaces a redacted value. @default '[REDACTED]' */
  readonly censor?: string;
  /** Where lines go. @default standard output */
  readonly destination?: LogDestination;
  /** Write synchronously to a file descriptor or path (no loss on a crash, slower). @default true */
  readonly sync?: boolean;
}

/** The logger {@link createLogger} returns: the SDK's `Logger`, plus levels and `flush`. */
export interface LeanVibeLogger extends Logger {
  trace: Logger['debug'];
  fatal: Logger['error'];
  /** The current level; assignable. */
  level: LogLevel;
  isLevelEnabled(level: LogLevel): boolean;
  child(bindings: Record<string, unknown>): LeanVibeLogger;
  /** Writes out anything buffered (for an asynchronous destination). */
  flush(): void;
}

/**
 * Creates a JSON logger (pino underneath) that redacts secret-looking keys — `password`,
 * `token`, `secret`, `apiKey`, `authorization` and more — at any depth by default, including
 * child bindings and the fields of logged errors. It fits every `logger` option of the SDK.
 *
 * @example
 * ```ts
 * const logger = createLogger({ name: 'hive', level: 'debug' });
 * logger.info({ user: { name: 'ada', password: 'hunter2' } }, 'signed in');
 * // {"level":30,...,"name":"hive","user":{"name":"ada","password":"[REDACTED]"},"msg":"signed in"}
 * ```
 */
export function createLogger(options: CreateLoggerOptions = {}): LeanVibeLogger {
  checkOptionsObject('options', options);
  const level = checkOneOf('level', options.level ?? 'info', LEVELS);
  const censor = checkString('censor', options.censor ?? '[REDACTED]', { allowEmpty: true });
  const keys = options.redactKeys ?? DEFAULT_REDACT_KEYS;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key === '')) {
    throw invalidOption('redactKeys', 'an array of non-empty strings', keys);
  }
  const paths = options.redactPaths ?? [];
  if (!Array.isArray(paths) || paths.some((path) => typeof path !== 'string' || path === '')) {
    throw invalidOption('redactPaths', 'an array of non-empty strings', paths);
  }
  const sync = checkBoolean('sync', options.sync ?? true);
  const redact = createRedactor(keys, censor);
  const destination = toDestination(options.destination, sync);
  const instance = pino(
    {
      level,
      ...(options.name === undefined ? {} : { name: checkString('name', options.name) }),
      ...(paths.length === 0 ? {} : { redact: { paths: [...paths], censor } }),
      formatters: {
        log: (object) => redact(object),
        bindings: (bindings) => redact(bindings),
      },
    },
    destination as never,
  );
  // pino formats child bindings without `formatters.bindings`: redact them on the way in. Child
  // loggers inherit from their parent, so this one override covers every descendant.
  const child = instance.child;
  Object.defineProperty(instance, 'child', {
    value: function redactedChild(
      this: typeof instance,
      bindings: Record<string, unknown>,
      ...rest: unknown[]
    ) {
      return child.call(this, redact(bindings), ...(rest as []));
    },
    configurable: true,
    writable: true,
  });
  const logger =
    options.bindings === undefined ? instance : instance.child({ ...options.bindings });
  return logger as unknown as LeanVibeLogger;
}

function toDestination(destination: LogDestination | undefined, sync: boolean): unknown {
  if (destination === undefined) return pino.destination({ dest: 1, sync });
  if (typeof destination === 'number' || typeof destination === 'string') {
    return pino.destination({ dest: destination, sync, mkdir: typeof destination === 'string' });
  }
  if (
    typeof destination !== 'object' ||
    destination === null ||
    typeof destination.write !== 'function'
  ) {
    throw invalidOption(
      'destination',
      'a stream with write(), a file descriptor or a path',
      destination,
    );
  }
  return destination;
}
