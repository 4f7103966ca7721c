import { type ResolvedOptions, resolveOptions, type ScaffoldOptions } from './options.js';
import {
  gitignore,
  packageJson,
  tsconfig,
  tsupConfig,
  vitestConfig,
} from './templates/config-files.js';
import { pluginSource } from './templates/plugin-source.js';
import { readme } from './templates/readme.js';
import { contractTest, taskTest } from './templates/tests.js';

/** A generated file: its path inside the package (with `/`) and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}

/** Options of {@link renderPlugin} beyond the answers. */
export interface RenderOptions {
  /** The package manager the README's commands name. @default 'npm' */
  readonly packageManager?: string;
}

/**
 * Every file of a generated plugin package, in memory: `package.json`, `src/index.ts` (the
 * plugin, its zod config and params schemas, one task using the chosen packages), the contract
 * suite and a task test, tsup, vitest and TypeScript configs, a README and a `.gitignore`.
 * Throws a `ScaffoldError` for options it cannot use.
 *
 * @example
 * ```ts
 * const files = renderPlugin({ name: 'my-plugin', type: 'analytics', packages: ['resilience'] });
 * ```
 */
export function renderPlugin(
  options: ScaffoldOptions,
  renderOptions: RenderOptions = {},
): readonly GeneratedFile[] {
  const resolved: ResolvedOptions = resolveOptions(options);
  const files: GeneratedFile[] = [
    { path: 'package.json', contents: packageJson(resolved) },
    { path: 'README.md', contents: readme(resolved, renderOptions.packageManager ?? 'npm') },
    { path: '.gitignore', contents: gitignore() },
    { path: 'tsconfig.json', contents: tsconfig() },
    { path: 'tsup.config.ts', contents: tsupConfig(resolved) },
    { path: 'vitest.config.ts', contents: vitestConfig() },
    { path: 'src/index.ts', contents: pluginSource(resolved) },
    { path: 'test/contract.test.ts', contents: contractTest(resolved) },
    { path: 'test/task.test.ts', contents: taskTest(resolved) },
  ];
  return Object.freeze(files.map((file) => Object.freeze(file)));
}
