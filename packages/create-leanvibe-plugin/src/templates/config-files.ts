import type { ResolvedOptions } from '../options.js';
import { versionOf } from '../versions.js';
import { TASK_KINDS } from './task-kinds.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const pick = (names: readonly string[]): Record<string, string> =>
  Object.fromEntries([...names].sort().map((name) => [name, versionOf(name)]));

/** The generated `package.json`. */
export function packageJson(options: ResolvedOptions): string {
  const runtime = options.packages.filter((p) => p !== 'metrics').map((p) => `@leanvibe/${p}`);
  const dev = options.packages.includes('metrics') ? ['@leanvibe/metrics'] : [];
  const esm = { types: './dist/index.d.ts', default: './dist/index.js' };
  const dual = options.format === 'dual';
  return json({
    name: options.name,
    version: '0.1.0',
    description: `A LeanVibe ${options.type} plugin: its ${TASK_KINDS[options.type].taskType} task ${TASK_KINDS[options.type].does}.`,
    keywords: ['leanvibe', 'leanvibe-plugin', options.type],
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20.19' },
    ...(dual
      ? { main: './dist/index.cjs', module: './dist/index.js', types: './dist/index.d.cts' }
      : {}),
    exports: {
      '.': dual
        ? { import: esm, require: { types: './dist/index.d.cts', default: './dist/index.cjs' } }
        : esm,
      './package.json': './package.json',
    },
    files: ['dist'],
    scripts: {
      build: 'tsup',
      typecheck: 'tsc -p tsconfig.json',
      test: 'vitest run',
      check: 'leanvibe-plugin check ./dist/index.js',
    },
    dependencies: pick(['@leanvibe/core', 'zod', ...runtime]),
    devDependencies: pick([
      '@leanvibe/testing',
      '@types/node',
      'fast-check',
      'tsup',
      'typescript',
      'vitest',
      ...dev,
    ]),
  });
}

/** The generated `tsconfig.json`. */
export function tsconfig(): string {
  return json({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023', 'ESNext.Disposable'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['src', 'test', '*.ts'],
  });
}

/** The generated `tsup.config.ts`. */
export function tsupConfig(options: ResolvedOptions): string {
  const formats = options.format === 'dual' ? "['esm', 'cjs']" : "['esm']";
  return `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ${formats},
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
`;
}

/** The generated `vitest.config.ts`. */
export function vitestConfig(): string {
  return `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hang guard; the tests judge time on a manual clock, never on the wall.
    testTimeout: 30_000,
  },
});
`;
}

/** The generated `.gitignore`. */
export function gitignore(): string {
  return 'node_modules/\ndist/\ncoverage/\n*.tsbuildinfo\n';
}
