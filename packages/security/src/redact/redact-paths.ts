import { checkInteger, checkOptionsObject, invalidOption } from '@leanvibe/core/contracts';

/**
 * Field names that commonly hold secrets, in the spellings seen in code, config and HTTP headers.
 * Matching is exact (pino's redaction is case-sensitive).
 */
export const SECRET_FIELD_NAMES: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'apiKey',
  'api_key',
  'apikey',
  'x-api-key',
  'clientSecret',
  'client_secret',
  'privateKey',
  'private_key',
  'encryptionKey',
  'encryption_key',
  'encryption_password',
  'credentials',
  'sessionId',
  'session_id',
  'authorization',
  'Authorization',
  'proxy-authorization',
  'cookie',
  'Cookie',
  'set-cookie',
]);

/** Options of {@link redactionPaths}. */
export interface RedactionPathsOptions {
  /**
   * Field names to redact.
   * @default SECRET_FIELD_NAMES
   */
  readonly fields?: readonly string[];
  /**
   * More field names, added to `fields`.
   * @default []
   */
  readonly extraFields?: readonly string[];
  /**
   * How deep to look: 0 redacts only top-level fields, 2 also `a.b.password`
   * (so `req.headers.authorization`).
   * @default 2
   */
  readonly depth?: number;
}

function checkNames(name: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    throw invalidOption(name, 'an array of non-empty field names', value);
  }
  return value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function segment(name: string): string {
  return IDENTIFIER.test(name) ? name : `[${JSON.stringify(name)}]`;
}

/**
 * Paths in pino's `redact` syntax (`password`, `*.password`, `*.*["set-cookie"]`) that cover
 * the secret field names at every depth up to `depth`. Give them to pino, or to `createLogger`
 * from `@leanvibe/core/logger`, as `redact: { paths }`.
 *
 * @example
 * ```ts
 * const logger = pino({ redact: { paths: redactionPaths({ extraFields: ['ssn'] }) } });
 * ```
 */
export function redactionPaths(options?: RedactionPathsOptions): string[] {
  const opts = checkOptionsObject('options', options);
  const fields = [
    ...checkNames('fields', opts.fields ?? SECRET_FIELD_NAMES),
    ...checkNames('extraFields', opts.extraFields ?? []),
  ];
  const depth = checkInteger('depth', opts.depth ?? 2, { min: 0, max: 5 });
  const paths: string[] = [];
  for (let level = 0; level <= depth; level++) {
    const prefix = '*.'.repeat(level);
    for (const field of new Set(fields)) {
      const part = segment(field);
      paths.push(part.startsWith('[') ? `${prefix.slice(0, -1)}${part}` : `${prefix}${part}`);
    }
  }
  return paths;
}
