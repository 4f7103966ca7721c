import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestablePlugin } from '@leanvibe/testing';
import { CheckUsageError } from './errors.js';

/** Where the plugins to check come from: one instance, or a factory giving a new one per call. */
export interface PluginSource {
  /** The first plugin, the one most checks run on. */
  readonly plugin: TestablePlugin;
  /** A new plugin per call, when the module exports a factory or a class; else `undefined`. */
  readonly create: (() => Promise<TestablePlugin>) | undefined;
}

/** True for an object shaped as a plugin: a manifest and the lifecycle methods. */
export function isTestablePlugin(value: unknown): value is TestablePlugin {
  const candidate = value as Partial<TestablePlugin> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.manifest === 'object' &&
    candidate.manifest !== null &&
    typeof candidate.initialize === 'function' &&
    typeof candidate.execute === 'function' &&
    typeof candidate.cleanup === 'function'
  );
}

function notAPlugin(specifier: string, what: string): CheckUsageError {
  return new CheckUsageError(
    'TESTING_CHECK_LOAD',
    `${specifier} ${what}: export a plugin, a plugin class or a factory as its default or \`plugin\` export`,
  );
}

/**
 * Imports a built plugin module as `PluginHost#register(specifier)` does — a relative or absolute
 * path, or a package name — and finds its plugin: the default or `plugin` export, a class
 * (instantiated) or a factory (called). With a class or factory, `create` makes fresh plugins,
 * so a check can start from a plugin nothing has touched.
 *
 * @example
 * ```ts
 * const { plugin } = await loadPluginModule('./dist/index.js');
 * ```
 */
export async function loadPluginModule(specifier: string): Promise<PluginSource> {
  if (typeof specifier !== 'string' || specifier === '') {
    throw new CheckUsageError('TESTING_CHECK_USAGE', 'the plugin module must be a non-empty path');
  }
  const url =
    specifier.startsWith('.') || isAbsolute(specifier)
      ? pathToFileURL(resolve(specifier)).href
      : specifier;
  let module: { default?: unknown; plugin?: unknown };
  try {
    module = (await import(url)) as typeof module;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CheckUsageError('TESTING_CHECK_LOAD', `cannot import ${specifier}: ${reason}`, {
      cause: error,
    });
  }
  // A CommonJS module imported from ESM puts its exports under `default`.
  const exported =
    module.default !== undefined &&
    !isTestablePlugin(module.default) &&
    typeof module.default !== 'function' &&
    typeof module.default === 'object'
      ? ((module.default as { default?: unknown; plugin?: unknown }).default ??
        (module.default as { plugin?: unknown }).plugin)
      : (module.default ?? module.plugin);
  if (isTestablePlugin(exported)) return { plugin: exported, create: undefined };
  if (typeof exported !== 'function') {
    throw notAPlugin(specifier, 'has no default or `plugin` export that is a plugin');
  }
  const isClass = typeof (exported as { prototype?: { execute?: unknown } }).prototype?.execute;
  const create = async (): Promise<TestablePlugin> => {
    let made: unknown;
    try {
      made =
        isClass === 'function'
          ? new (exported as new () => unknown)()
          : await (exported as () => unknown)();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CheckUsageError(
        'TESTING_CHECK_LOAD',
        `${specifier}: making the plugin threw: ${reason}`,
        {
          cause: error,
        },
      );
    }
    if (!isTestablePlugin(made)) {
      throw notAPlugin(specifier, 'exports a function whose result is not a plugin');
    }
    return made;
  };
  return { plugin: await create(), create };
}
