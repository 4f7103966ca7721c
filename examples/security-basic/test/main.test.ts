import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('security-basic', () => {
  it('is the example of the @leanvibe/security README, verbatim', () => {
    expect(readmeExample('security', 'security-basic')).toBe(
      exampleFile('security-basic', 'src/main.ts'),
    );
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('security-basic');
    expect(output).toMatch(/http:\/\/2130706433\/\s+→ SECURITY_BLOCKED_ADDRESS/);
    expect(output).toMatch(/http:\/\/0x7f\.1\/\s+→ SECURITY_BLOCKED_ADDRESS/);
    expect(output).toMatch(/169\.254\.169\.254\]\/\s+→ SECURITY_BLOCKED_ADDRESS/);
    expect(output).toMatch(/http:\/\/localhost\.\/\s+→ SECURITY_BLOCKED_HOST/);
    expect(output).toMatch(/file:\/\/\/etc\/passwd\s+→ SECURITY_URL_SCHEME/);
    expect(output).toContain('200 hello from the local service');
    expect(output).toContain('redirect to 127.0.0.2 → SECURITY_BLOCKED_ADDRESS');
  });
});
