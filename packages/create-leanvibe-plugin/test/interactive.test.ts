// The interactive path, in a real pseudo-terminal (python3's pty module, so no native addon):
// the test answers each prompt with keystrokes and checks the package written.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from './support/run.js';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const driver = fileURLToPath(new URL('./support/answer_prompts.py', import.meta.url));

const DOWN = '\u001b[B';
const ENTER = '\r';
const SPACE = ' ';

interface Step {
  readonly expect: string;
  readonly keys: readonly string[];
}

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'create-leanvibe-plugin-tty-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function inTerminal(args: readonly string[], steps: readonly Step[]) {
  const stepsFile = join(cwd, '..', `${cwd.split('/').pop()}-steps.json`);
  writeFileSync(stepsFile, JSON.stringify(steps));
  return run('python3', [driver, stepsFile, process.execPath, bin, ...args], {
    cwd,
    env: { ...process.env, npm_config_user_agent: 'pnpm/10.34.0 node/v20', TERM: 'xterm-256color' },
  }).finally(() => rmSync(stepsFile, { force: true }));
}

describe('create-leanvibe-plugin in a terminal', () => {
  it('asks for the name, the type, the packages and the format', async () => {
    const ran = await inTerminal(
      ['--no-install'],
      [
        { expect: 'Package name', keys: [...'weather-watch', ENTER] },
        // monitoring is the second of the eight.
        { expect: 'Plugin type', keys: [DOWN, ENTER] },
        // resilience and metrics start selected: drop resilience, add pool.
        { expect: 'Packages to wire in', keys: [SPACE, DOWN, SPACE, ENTER] },
        // ESM and CommonJS.
        { expect: 'Module format', keys: [DOWN, ENTER] },
      ],
    );
    expect(ran.stdout).toContain('Created weather-watch (a monitoring plugin) in weather-watch');
    expect(ran.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(cwd, 'weather-watch', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('weather-watch');
    expect(Object.keys(manifest.dependencies)).toEqual(['@leanvibe/core', '@leanvibe/pool', 'zod']);
    expect(manifest.devDependencies['@leanvibe/metrics']).toBeDefined();
    expect(manifest.exports['.'].require).toBeDefined();
    const source = readFileSync(join(cwd, 'weather-watch', 'src', 'index.ts'), 'utf8');
    expect(source).toContain("type: 'monitoring',");
    expect(source).toContain("export const TASK_TYPE = 'check';");
  });

  it('asks only what the flags leave open, and re-asks an invalid name', async () => {
    const ran = await inTerminal(
      ['--type', 'automation', '--packages', 'none', '--format', 'esm', '--no-install'],
      [
        { expect: 'Package name', keys: [...'Bad', ENTER] },
        {
          expect: 'Not a valid npm name: it has capital letters',
          keys: ['\u007f', '\u007f', '\u007f', ...'good-one', ENTER],
        },
      ],
    );
    expect(ran.code).toBe(0);
    expect(ran.stdout).not.toContain('Plugin type');
    const manifest = JSON.parse(readFileSync(join(cwd, 'good-one', 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toEqual(['@leanvibe/core', 'zod']);
  });

  it('writes nothing when the prompts are cancelled', async () => {
    const ran = await inTerminal(['--no-install'], [{ expect: 'Package name', keys: ['\u0003'] }]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain('Cancelled: nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
