import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The worker entry shipped beside this file: `worker.js` next to the ESM build, `worker.cjs` next
 * to the CommonJS one (tsup's shim gives `import.meta.url` there), `dist/worker.js` when this runs
 * from source in the package's own tests.
 */
export function workerEntry(here: string = import.meta.url): URL {
  if (here.endsWith('.ts')) return new URL('../dist/worker.js', here);
  return new URL(here.endsWith('.cjs') ? './worker.cjs' : './worker.js', here);
}

/**
 * What the worker imports for `specifier`, resolved as `host.register` resolves it: a relative or
 * absolute path against the working directory, a package name from the working directory.
 */
export function resolveSpecifier(specifier: string, cwd: string = process.cwd()): string {
  if (specifier.startsWith('file:')) return specifier;
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    return pathToFileURL(resolve(cwd, specifier)).href;
  }
  try {
    return pathToFileURL(createRequire(join(cwd, 'index.js')).resolve(specifier)).href;
  } catch {
    // Left to the worker's own resolution, which reports a clear load failure.
    return specifier;
  }
}

/**
 * The worker's `execArgv`: inherited (nothing set) unless the host has `--input-type`, which is
 * for `--eval` only and would fail the worker; then the host's flags without it.
 */
export function workerExecArgv(argv: readonly string[]): { execArgv?: string[] } {
  const kept = argv.filter((flag) => !flag.startsWith('--input-type'));
  return kept.length === argv.length ? {} : { execArgv: kept };
}
