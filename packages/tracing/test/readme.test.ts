import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

describe('README', () => {
  it('runs its example and prints what it promises', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /<!-- example: tracing-basic -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => {
      lines.push(args.join(' '));
    });
    const source = (block as string).replace(
      /import \{([^}]*)\} from '([^']+)';/g,
      (_m, names: string, from: string) => {
        const target = from === '@leanvibe/tracing' ? '../src/index.js' : from;
        return `const {${names.replace(/\s+as\s+/g, ': ')}} = await import(${JSON.stringify(target)});`;
      },
    );
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
    const importer = (specifier: string) => import(specifier);
    await new AsyncFunction('__import', source.replaceAll('await import(', 'await __import('))(
      importer,
    );
    log.mockRestore();
    expect(lines).toEqual(['render success', 'retry, retry']);
  });
});
