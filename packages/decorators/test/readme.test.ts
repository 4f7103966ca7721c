import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Each ```ts block of the README with the marker comment right before it. */
function blocks(): { marker: string; code: string }[] {
  return [...readme.matchAll(/(?:<!-- ([^>]+) -->\s*)?```ts\n([\s\S]*?)```/g)].map((match) => ({
    marker: match[1] ?? '',
    code: match[2] ?? '',
  }));
}

async function outputOf(file: string): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  await import(file);
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README', () => {
  it('marks every ts example as run by a test', () => {
    const markers = blocks().map((block) => block.marker);
    expect(markers).toEqual([
      'example: decorators-basic',
      'readme: function-forms',
      'readme: weak-store',
    ]);
  });

  it.each(['function-forms', 'weak-store'])('holds test/readme/%s.ts verbatim', (name) => {
    const block = blocks().find((candidate) => candidate.marker === `readme: ${name}`);
    expect(block?.code).toBe(read(`./readme/${name}.ts`));
  });

  it('function forms print what the README says', async () => {
    expect(await outputOf('./readme/function-forms.js')).toEqual([
      'db → 10.0.0.1 | db → 10.0.0.1',
      'db → 10.0.0.2',
      'slow: undefined',
      'flaky: ok after 2 attempts',
    ]);
  });

  it('the weak store serves a value while it is held', async () => {
    expect(await outputOf('./readme/weak-store.js')).toEqual(['true decodes: 1']);
  });
});
