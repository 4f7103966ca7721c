import { loadOnUse } from '../helpers/load-on-use.js';
import { isPlugin } from '../plugin/plugin.js';

/**
 * Imports a plugin module by specifier (a relative or absolute path, or a package name) and
 * returns what it exports: its default or `plugin` export, a class instantiated, or a factory's
 * result.
 */
export async function loadPlugin(specifier: string): Promise<unknown> {
  const path = loadOnUse('node:path') as typeof import('node:path');
  const url =
    specifier.startsWith('.') || path.isAbsolute(specifier)
      ? (loadOnUse('node:url') as typeof import('node:url')).pathToFileURL(path.resolve(specifier))
          .href
      : specifier;
  const module = (await import(url)) as { default?: unknown; plugin?: unknown };
  const exported = module.default ?? module.plugin;
  if (typeof exported !== 'function' || isPlugin(exported)) return exported;
  const factory = exported as { prototype?: { execute?: unknown } };
  if (typeof factory.prototype?.execute === 'function') {
    return new (exported as new () => unknown)();
  }
  return await (exported as () => unknown)();
}
