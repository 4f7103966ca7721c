import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('## URLs and fetch (SSRF)');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
// Every ```ts block but the main example, which examples/security-basic runs.
const blocks = [...section.matchAll(/(<!-- example: security-basic -->\s*)?```ts\n([\s\S]*?)```/g)]
  .filter((match) => match[1] === undefined)
  .map((match) => match[2]!);

describe('the README section on URLs and fetch', () => {
  it('has examples beyond the main one (which examples/security-basic runs)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((code, i) => [i + 1, code]))(
    'runs example %i and prints what it says',
    (_, code) => {
      // Each example is plain JavaScript as written (no type annotations), run as a module.
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)].map((m) =>
        m[1]!.trim(),
      );
      expect(expected.length).toBeGreaterThan(0);
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: packageDir,
        encoding: 'utf8',
      });
      expect(output.trim().split('\n')).toEqual(expected);
    },
  );
});
