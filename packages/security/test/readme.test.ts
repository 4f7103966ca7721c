import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// The sections from `## Paths` on; the URL section's examples run in test/url/readme.test.ts.
const fullReadme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const readme = fullReadme.slice(fullReadme.indexOf('\n## Paths'));

// Each ```ts block of the README, with the ```text block that follows it (its output).
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```\s*\n```text\n([\s\S]*?)```/g)].map(
  (match, index) => ({
    name: `${index + 1}. ${[...readme.slice(0, match.index).matchAll(/^#+ (.*)$/gm)].at(-1)?.[1]}`,
    code: match[1] as string,
    output: match[2] as string,
  }),
);

// Inside the package, so `@leanvibe/security` resolves to its own build, as for a user.
const workDir = mkdtempSync(join(packageDir, '.readme-run-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function normalise(output: string): string {
  return output
    .replace(/"time":\d+/g, '"time":<time>')
    .replace(/"pid":\d+/g, '"pid":<pid>')
    .replace(/"hostname":"[^"]*"/g, '"hostname":"<hostname>"');
}

describe('README examples', () => {
  it('has every ```ts block paired with its output', () => {
    const blocks = readme.match(/```ts\n/g) ?? [];
    expect(examples.length).toBe(blocks.length);
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples)('$name runs and prints its documented output', ({ code, output }) => {
    const { outputText, diagnostics } = ts.transpileModule(code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      reportDiagnostics: true,
    });
    expect(diagnostics ?? []).toEqual([]);
    const file = join(workDir, `example-${examples.findIndex((e) => e.code === code)}.mjs`);
    writeFileSync(file, outputText);
    const stdout = execFileSync(process.execPath, [file], { cwd: packageDir, encoding: 'utf8' });
    expect(normalise(stdout)).toBe(output);
  });
});
