import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const contracts = createRequire(import.meta.url).resolve('@leanvibe/core/contracts');
const dir = mkdtempSync(join(tmpdir(), 'resilience-readme-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines a block promises to print, from its `// prints: ...` comments, in order. */
function promised(block: string): string[] {
  return [...block.matchAll(/\/\/ prints: (.*)$/gm)].map((match) => match[1] as string);
}

describe('README examples', () => {
  it('has the main example and one per policy', () => {
    expect(readme).toContain('<!-- example: resilience-basic -->\n```ts\n');
    expect(blocks.length).toBeGreaterThanOrEqual(9);
  });

  it.each(blocks.map((block, index) => [index, block] as const))(
    'block %i runs and prints what it says',
    async (index, block) => {
      const file = join(dir, `block-${index}.ts`);
      const code = block
        .replaceAll("'@leanvibe/resilience'", JSON.stringify(source))
        .replaceAll("'@leanvibe/core/contracts'", JSON.stringify(contracts));
      writeFileSync(file, `${code}\nexport {};\n`);
      const lines: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      });
      try {
        await import(pathToFileURL(file).href);
      } finally {
        log.mockRestore();
      }
      const expected = promised(block);
      if (expected.length > 0) expect(lines).toEqual(expected);
      else expect(lines.length).toBeGreaterThan(0);
    },
  );
});
