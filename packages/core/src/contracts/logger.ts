/** One logging method: an object of fields with an optional message, or a message alone (pino's order). */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/**
 * The logger every package writes to: the subset of pino's API the SDK uses, so a pino logger
 * (or `createLogger()` from `@leanvibe/core/logger`) fits as it is.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger whose every line carries `bindings`. */
  child(bindings: Record<string, unknown>): Logger;
}

function ignore(): void {}

/** A logger that discards everything; the default wherever no logger is given. */
export const noopLogger: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => noopLogger,
});
