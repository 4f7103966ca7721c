// Shared by the examples' tests: the code of a package README's main example, the example's own
// source, and a run of the built example app.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const examplesDir = new URL('./', import.meta.url);

/**
 * The ```ts block marked `<!-- example: <example> -->` in `packages/<pkg>/README.md`, or
 * `undefined` when there is none.
 */
export function readmeExample(pkg: string, example: string): string | undefined {
  const readme = readFileSync(new URL(`../packages/${pkg}/README.md`, examplesDir), 'utf8');
  const marker = new RegExp(`<!-- example: ${example} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``);
  return marker.exec(readme)?.[1];
}

/** A file of an example, read as text: `exampleFile('core-basic', 'src/main.ts')`. */
export function exampleFile(example: string, path: string): string {
  return readFileSync(new URL(`${example}/${path}`, examplesDir), 'utf8');
}

/** Runs the built example (`dist/main.js`) and returns what it printed. */
export function runExample(example: string): string {
  return execFileSync(process.execPath, ['dist/main.js'], {
    cwd: new URL(`${example}/`, examplesDir),
    encoding: 'utf8',
  });
}
