import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('security-basic', () => {
  it('is the example of the @leanvibe/security README, verbatim', () => {
    const readme = read('../../../packages/security/README.md');
    const block = /<!-- example: security-basic -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(read('../src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = execFileSync(process.execPath, ['dist/main.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toMatch(/http:\/\/2130706433\/\s+→ SECURITY_BLOCKED_ADDRESS/);
    expect(output).toMatch(/http:\/\/0x7f\.1\/\s+→ SECURITY_BLOCKED_ADDRESS/);
    expect(output).toMatch(/169\.254\.169\.254\]\/\s+→ SECURITY_BLOCKED_ADDRESS/);
    expect(output).toMatch(/http:\/\/localhost\.\/\s+→ SECURITY_BLOCKED_HOST/);
    expect(output).toMatch(/file:\/\/\/etc\/passwd\s+→ SECURITY_URL_SCHEME/);
    expect(output).toContain('200 hello from the local service');
    expect(output).toContain('redirect to 127.0.0.2 → SECURITY_BLOCKED_ADDRESS');
  });
});
