import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('create-leanvibe-plugin-basic', () => {
  it('is the example of the create-leanvibe-plugin README, verbatim', () => {
    expect(readmeExample('create-leanvibe-plugin', 'create-leanvibe-plugin-basic')).toBe(
      exampleFile('create-leanvibe-plugin-basic', 'src/main.ts'),
    );
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('create-leanvibe-plugin-basic');
    expect(output).toContain(
      [
        '.gitignore',
        'README.md',
        'package.json',
        'src/index.ts',
        'test/contract.test.ts',
        'test/task.test.ts',
        'tsconfig.json',
        'tsup.config.ts',
        'vitest.config.ts',
      ].join('\n'),
    );
    expect(output).toContain('scripts: build, typecheck, test, check');
    expect(output).toContain('dependencies: @leanvibe/core, @leanvibe/resilience, zod');
    expect(output).toContain("export const TASK_TYPE = 'check';");
    expect(output).toContain('src/: index.ts');
  });
});
