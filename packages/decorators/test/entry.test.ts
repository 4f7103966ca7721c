import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The built entries (turbo builds before testing): picking this package must stay cheap.
const specifiers = (file: string, pattern: RegExp): string[] => {
  const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
  return [
    ...new Set([...code.matchAll(pattern)].map((match) => (match[1] ?? '').replace(/^node:/, ''))),
  ].sort();
};

describe('built entries', () => {
  it.each([
    ['index.js', /^import .* from ["']([^"']+)["'];?$/gm],
    ['index.cjs', /require\(["']([^"']+)["']\)/g],
  ])(
    '%s loads only the contracts entry of core, lru-cache, async_hooks and diagnostics_channel',
    (file, pattern) => {
      expect(specifiers(file, pattern)).toEqual([
        '@leanvibe/core/contracts',
        'async_hooks',
        'diagnostics_channel',
        'lru-cache',
      ]);
    },
  );

  it('never names lru-cache in the public types', () => {
    for (const file of ['index.d.ts', 'index.d.cts']) {
      const types = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      expect(types).not.toContain('lru-cache');
      expect(types).not.toContain('LRUCache');
    }
  });
});
