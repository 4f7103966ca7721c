import { builtinModules } from 'node:module';
import { ScaffoldError } from './errors.js';

/** The plugin types of the hive, as the SDK guide names them. */
export const PLUGIN_TYPES = Object.freeze([
  'workflow',
  'monitoring',
  'security',
  'integration',
  'productivity',
  'communication',
  'analytics',
  'automation',
] as const);

/** A plugin type of the hive. */
export type PluginType = (typeof PLUGIN_TYPES)[number];

/** The @leanvibe packages a generated plugin can wire in. */
export const SDK_PACKAGES = Object.freeze([
  'resilience',
  'pool',
  'decorators',
  'security',
  'metrics',
] as const);

/** A package a generated plugin can wire in (`@leanvibe/<name>`). */
export type SdkPackage = (typeof SDK_PACKAGES)[number];

/** How the generated package is built: ESM only, or ESM and CommonJS. */
export type ModuleFormat = 'esm' | 'dual';

/** Everything a scaffold needs to know. */
export interface ScaffoldOptions {
  /** The npm name of the package, optionally scoped; its unscoped part is the plugin's name. */
  readonly name: string;
  /** The hive's plugin type. */
  readonly type: PluginType;
  /** The @leanvibe packages the plugin's task uses. @default [] */
  readonly packages?: readonly SdkPackage[];
  /** ESM only, or ESM and CommonJS. @default 'esm' */
  readonly format?: ModuleFormat;
}

/** {@link ScaffoldOptions} checked, with every default filled in. */
export interface ResolvedOptions {
  readonly name: string;
  /** The unscoped name: the plugin's id. */
  readonly pluginName: string;
  readonly type: PluginType;
  /** In the order of {@link SDK_PACKAGES}, without repeats. */
  readonly packages: readonly SdkPackage[];
  readonly format: ModuleFormat;
}

/** The answers `--yes` takes for everything not given. */
export const DEFAULTS = Object.freeze({
  type: 'workflow' as PluginType,
  packages: Object.freeze(['resilience', 'metrics']) as readonly SdkPackage[],
  format: 'esm' as ModuleFormat,
});

const NAME = /^(?:@([a-z0-9][a-z0-9._~-]*)\/)?([a-z0-9][a-z0-9._~-]*)$/;

/** Why `name` is not a valid npm package name, or `undefined` when it is. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return 'it is longer than 214 characters';
  if (name !== name.toLowerCase()) return 'it has capital letters';
  if (name.trim() !== name || /\s/.test(name)) return 'it has spaces';
  const match = NAME.exec(name);
  if (match === null) {
    return /^[._]/.test(name)
      ? 'it starts with a dot or an underscore'
      : 'it may hold only lowercase letters, digits, "-", ".", "_" and "~" (and one "@scope/")';
  }
  const base = match[2] ?? '';
  if (base === 'node_modules' || base === 'favicon.ico') return `"${base}" is reserved`;
  if (match[1] === undefined && builtinModules.includes(base)) {
    return `"${base}" is a Node.js built-in module`;
  }
  return undefined;
}

function oneOf<T extends string>(what: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new ScaffoldError(
    'SCAFFOLD_INVALID_OPTION',
    `unknown ${what} ${JSON.stringify(value)}: choose one of ${allowed.join(', ')}`,
  );
}

/** Checks `options` and fills in the defaults; throws a {@link ScaffoldError} naming what is wrong. */
export function resolveOptions(options: ScaffoldOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ScaffoldError('SCAFFOLD_INVALID_OPTION', 'the scaffold options must be an object');
  }
  const name = options.name;
  const problem = typeof name === 'string' ? nameProblem(name) : 'it is not a string';
  if (problem !== undefined) {
    throw new ScaffoldError(
      'SCAFFOLD_INVALID_NAME',
      `${JSON.stringify(name)} is not a valid npm package name: ${problem}`,
    );
  }
  const packages = options.packages ?? [];
  if (!Array.isArray(packages)) {
    throw new ScaffoldError('SCAFFOLD_INVALID_OPTION', 'packages must be an array');
  }
  const chosen = new Set(packages.map((p) => oneOf('package', p, SDK_PACKAGES)));
  return Object.freeze({
    name,
    pluginName: name.replace(/^@[^/]+\//, ''),
    type: oneOf('plugin type', options.type, PLUGIN_TYPES),
    packages: Object.freeze(SDK_PACKAGES.filter((p) => chosen.has(p))),
    format: oneOf('format', options.format ?? DEFAULTS.format, ['esm', 'dual'] as const),
  });
}
