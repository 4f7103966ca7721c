import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How a run of the built demo ended. */
export interface DemoProcess {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * Runs `node dist/main.js` with `args`; `onLine` sees every line of both streams as it comes,
 * with the child, so a test can act while the demo runs; `env` is its environment.
 */
export function runBuiltDemo(
  args: readonly string[],
  onLine: (line: string, child: ChildProcess) => void = () => {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<DemoProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', main, ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const out = { stdout: '', stderr: '' };
    for (const name of ['stdout', 'stderr'] as const) {
      let pending = '';
      child[name].setEncoding('utf8');
      child[name].on('data', (text: string) => {
        out[name] += text;
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line, child);
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...out }));
  });
}
