import { resolve } from 'node:path';

/** A path the user gave, relative to where `pnpm demo` was run, not to this package's directory. */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
