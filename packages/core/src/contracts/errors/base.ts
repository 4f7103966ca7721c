/** The brand every LeanVibe error carries, shared across installed copies through the symbol registry. */
export const LEANVIBE_ERROR_BRAND: unique symbol = Symbol.for('leanvibe.error');

/** Options every {@link LeanVibeError} accepts. */
export interface LeanVibeErrorOptions {
  /** The error that caused this one; kept as the standard `cause` property. */
  readonly cause?: unknown;
  /** Extra machine-readable facts about the failure, included in {@link LeanVibeError.toJSON}. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The JSON shape of a {@link LeanVibeError}: safe to log or send over the wire. */
export interface LeanVibeErrorJSON {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
  readonly [field: string]: unknown;
}

const BRANDS: unique symbol = Symbol.for('leanvibe.error.kinds');

/**
 * The base of every error the SDK throws. It has a stable, SCREAMING_SNAKE `code` with an area
 * prefix (`PLUGIN_TIMEOUT`, `POOL_CLOSED`), keeps `cause`, and carries a brand so that guards
 * such as {@link isLeanVibeError} work even when two copies of a package are installed.
 *
 * @example
 * ```ts
 * throw new LeanVibeError('POOL_CLOSED', 'the pool is closed', { details: { pool: 'db' } });
 * ```
 */
export class LeanVibeError extends Error {
  /** Brand checked by {@link isLeanVibeError}; the same symbol in every installed copy. */
  readonly [LEANVIBE_ERROR_BRAND] = true as const;
  /** A stable machine-readable code, e.g. `PLUGIN_TIMEOUT`. */
  readonly code: string;
  /** Extra machine-readable facts about the failure. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  static {
    brandError(LeanVibeError, 'LeanVibeError');
  }

  constructor(code: string, message: string, options: LeanVibeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, 'name', {
      value: new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
    this.code = code;
    this.details = options.details;
  }

  /** A plain object with the name, code, message, details, own fields and a JSON form of `cause`. */
  toJSON(): LeanVibeErrorJSON {
    const json: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
    };
    for (const key of Object.keys(this)) {
      if (key === 'code' || key === 'details' || key === 'name') continue;
      const value = (this as unknown as Record<string, unknown>)[key];
      if (value !== undefined) json[key] = value;
    }
    if (this.details !== undefined) json.details = this.details;
    if (this.cause !== undefined) json.cause = causeToJSON(this.cause);
    return json as LeanVibeErrorJSON;
  }
}

function causeToJSON(cause: unknown): unknown {
  if (cause instanceof Error) {
    const withJSON = cause as Error & { toJSON?: () => unknown };
    if (typeof withJSON.toJSON === 'function') return withJSON.toJSON();
    return { name: cause.name, message: cause.message };
  }
  return cause;
}

/**
 * Marks a class's instances with a named brand, so {@link createErrorGuard} recognises them
 * across installed copies. Call it once per class, from a static block.
 *
 * @example
 * ```ts
 * export class PoolClosedError extends LeanVibeError {
 *   static {
 *     brandError(this, 'PoolClosedError');
 *   }
 * }
 * export const isPoolClosedError = createErrorGuard<PoolClosedError>('PoolClosedError');
 * ```
 */
export function brandError(ctor: abstract new (...args: never[]) => Error, kind: string): void {
  const proto = ctor.prototype as { [BRANDS]?: readonly string[] };
  const inherited = Object.getPrototypeOf(proto)?.[BRANDS] as readonly string[] | undefined;
  Object.defineProperty(proto, BRANDS, {
    value: Object.freeze([...(inherited ?? []), kind]),
    enumerable: false,
  });
}

/**
 * Builds a type guard for an error class branded with {@link brandError}. Guards never use
 * `instanceof`, so they hold across two installed copies of a package.
 */
export function createErrorGuard<T extends Error>(kind: string): (error: unknown) => error is T {
  return (error: unknown): error is T => {
    if (typeof error !== 'object' || error === null) return false;
    const kinds = (error as { [BRANDS]?: unknown })[BRANDS];
    return Array.isArray(kinds) && kinds.includes(kind);
  };
}

/** True for any error thrown by a LeanVibe package, from any installed copy. */
export function isLeanVibeError(error: unknown): error is LeanVibeError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [LEANVIBE_ERROR_BRAND]?: unknown })[LEANVIBE_ERROR_BRAND] === true
  );
}

/** The brand kinds an error carries, most general first (`['LeanVibeError', 'PluginError']`). */
export function errorKinds(error: unknown): readonly string[] {
  if (typeof error !== 'object' || error === null) return [];
  const kinds = (error as { [BRANDS]?: unknown })[BRANDS];
  return Array.isArray(kinds)
    ? kinds.filter((kind): kind is string => typeof kind === 'string')
    : [];
}

/**
 * Gives one error instance the brand kinds of a class it could not be built as (an error revived
 * on the far side of a boundary, whose class lives in a package not loaded there), so that
 * guards made by {@link createErrorGuard} recognise it.
 */
export function assignErrorKinds(error: Error, kinds: readonly string[]): void {
  const own = errorKinds(error);
  if (kinds.every((kind) => own.includes(kind))) return;
  Object.defineProperty(error, BRANDS, {
    value: Object.freeze([...own, ...kinds.filter((kind) => !own.includes(kind))]),
    enumerable: false,
  });
}
