import type { z } from 'zod';
import { checkOptionsObject, checkString, toError } from '../contracts/index.js';
import { loadOnUse } from '../helpers/load-on-use.js';
import { formatPath, toValidationIssues } from '../plugin/results.js';
import { PluginConfig } from './schema.js';

/** Where a configuration value came from. */
export type ConfigSource = 'defaults' | 'file' | 'env';

/** One problem in a layered configuration: its path, what is wrong, and where the value came from. */
export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly source: ConfigSource;
  /** The environment variable that set the value, when `source` is `env`. */
  readonly variable?: string;
}

/** The outcome of {@link loadPluginConfig}. */
export type LoadedConfig<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ConfigIssue[] };

/** Options of {@link loadPluginConfig}. */
export interface LoadPluginConfigOptions<S extends z.ZodType = typeof PluginConfig> {
  /** The plugin's name: `web-fetcher` reads `LEANVIBE_WEB_FETCHER_*` variables. */
  readonly name: string;
  /** The schema that validates, and coerces environment values for, the result. @default PluginConfig */
  readonly schema?: S;
  /** The lowest layer. @default {} */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** A JSON file, the middle layer. Reading or parsing it wrong is an error. */
  readonly file?: string | URL;
  /** The top layer's source. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `maxMemoryMb` → `MAX_MEMORY_MB`, `web-fetcher` → `WEB_FETCHER`: the upper snake case of
 * environment variable names. Runs of separators collapse, so `__` only ever means nesting.
 */
export function toEnvName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}

interface ZodInternals {
  readonly _zod?: {
    readonly def: {
      readonly type: string;
      readonly innerType?: unknown;
      readonly in?: unknown;
      readonly shape?: Record<string, unknown>;
    };
  };
}

/** The schema under optional / default / nullable / readonly / catch / pipe wrappers. */
function unwrap(schema: unknown): ZodInternals['_zod'] {
  let current = schema as ZodInternals;
  for (let depth = 0; depth < 16 && current?._zod !== undefined; depth++) {
    const def = current._zod.def;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return current._zod;
    current = inner as ZodInternals;
  }
  return current?._zod;
}

interface EnvKey {
  readonly path: readonly string[];
  readonly kind: string;
}

/** Every environment variable name the schema knows, below `prefix`. */
function envKeys(schema: unknown, prefix: string, path: string[], out: Map<string, EnvKey>): void {
  const internals = unwrap(schema);
  if (internals === undefined) return;
  const { type, shape } = internals.def;
  if (type === 'object' && shape !== undefined && path.length < 8) {
    for (const [key, child] of Object.entries(shape)) {
      const name = toEnvName(key);
      const nested = path.length === 0 ? `${prefix}_${name}` : `${prefix}__${name}`;
      envKeys(child, nested, [...path, key], out);
    }
    return;
  }
  if (path.length > 0) out.set(prefix, { path, kind: type });
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
const STRUCTURED = new Set(['object', 'record', 'array', 'tuple', 'map', 'set']);

function coerce(raw: string, kind: string): { value: unknown } | { error: string } {
  if (kind === 'number' || kind === 'int' || kind === 'bigint') {
    const trimmed = raw.trim();
    const value = trimmed === '' ? Number.NaN : Number(trimmed);
    return Number.isNaN(value)
      ? { error: `must be a number, got ${JSON.stringify(raw)}` }
      : { value: kind === 'bigint' ? BigInt(trimmed) : value };
  }
  if (kind === 'boolean') {
    const lower = raw.trim().toLowerCase();
    if (TRUE.has(lower)) return { value: true };
    if (FALSE.has(lower)) return { value: false };
    return { error: `must be true/false (or 1/0, yes/no, on/off), got ${JSON.stringify(raw)}` };
  }
  if (STRUCTURED.has(kind)) {
    try {
      return { value: JSON.parse(raw) };
    } catch {
      return { error: `must be JSON (a ${kind}), got ${JSON.stringify(raw)}` };
    }
  }
  return { value: raw };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
  return out;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function has(value: unknown, path: readonly (string | number)[]): boolean {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

function startsWith(path: readonly (string | number)[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}

/**
 * Resolves a plugin's configuration from three layers — `defaults` < a JSON `file` <
 * `LEANVIBE_<PLUGIN_NAME>_<KEY>` environment variables (upper snake case, `__` for nesting) —
 * and validates it with the schema. Environment values are coerced by the schema's type at
 * their path (numbers, booleans, JSON for objects and arrays); variables the schema does not
 * know are ignored. Every problem is returned with its path and source, never thrown.
 *
 * @example
 * ```ts
 * // LEANVIBE_WEB_FETCHER_LIMITS__MAX_EXECUTION_TIME_MS=500
 * const config = loadPluginConfig({ name: 'web-fetcher', file: './web-fetcher.json' });
 * if (config.ok) console.log(config.value.limits.maxExecutionTimeMs); // 500
 * ```
 */
export function loadPluginConfig<S extends z.ZodType = typeof PluginConfig>(
  options: LoadPluginConfigOptions<S>,
): LoadedConfig<z.output<S>> {
  checkOptionsObject('options', options);
  const name = checkString('name', options.name);
  const schema: z.ZodType = options.schema ?? PluginConfig;
  const errors: ConfigIssue[] = [];

  const knownKeys = new Map<string, EnvKey>();
  envKeys(schema, `LEANVIBE_${toEnvName(name)}`, [], knownKeys);
  let defaults: unknown = { ...options.defaults };
  if (knownKeys.has(`LEANVIBE_${toEnvName(name)}_NAME`) && !has(defaults, ['name'])) {
    defaults = { name, ...(defaults as object) };
  }

  let fromFile: unknown = {};
  if (options.file !== undefined) {
    const where = options.file instanceof URL ? options.file.pathname : options.file;
    try {
      fromFile = JSON.parse(
        (loadOnUse('node:fs') as typeof import('node:fs')).readFileSync(options.file, 'utf8'),
      );
      if (!isPlainObject(fromFile)) {
        errors.push({ path: [], message: `${where} must hold a JSON object`, source: 'file' });
        fromFile = {};
      }
    } catch (error) {
      errors.push({
        path: [],
        message: `cannot read ${where}: ${toError(error).message}`,
        source: 'file',
      });
    }
  }

  const fromEnv: Record<string, unknown> = {};
  const variables: { variable: string; path: readonly string[] }[] = [];
  const env = options.env ?? process.env;
  for (const [variable, key] of knownKeys) {
    const raw = env[variable];
    if (raw === undefined) continue;
    const coerced = coerce(raw, key.kind);
    if ('error' in coerced) {
      errors.push({
        path: key.path,
        message: `${variable} ${coerced.error}`,
        source: 'env',
        variable,
      });
      continue;
    }
    setPath(fromEnv, key.path, coerced.value);
    variables.push({ variable, path: key.path });
  }

  const merged = merge(merge(defaults, fromFile), fromEnv);
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of toValidationIssues(parsed.error.issues)) {
      const fromVariable = variables.find((entry) => startsWith(issue.path, entry.path));
      if (fromVariable !== undefined) {
        errors.push({
          path: issue.path,
          message: `${fromVariable.variable}: ${issue.message}`,
          source: 'env',
          variable: fromVariable.variable,
        });
      } else {
        const source: ConfigSource = has(fromFile, issue.path) ? 'file' : 'defaults';
        const at = issue.path.length === 0 ? '' : `${formatPath(issue.path)}: `;
        errors.push({ path: issue.path, message: `${at}${issue.message}`, source });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors: Object.freeze(errors) };
  return { ok: true, value: (parsed as { data: z.output<S> }).data };
}
