import { setMaxListeners } from 'node:events';
import { type DemoOptions, parseOptions, USAGE, UsageError } from './cli.js';
import { runDemo } from './demo.js';

async function main(): Promise<number> {
  let options: DemoOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const controller = new AbortController();
  // Every task of the run follows this one signal: one listener each, removed when it settles.
  setMaxListeners(0, controller.signal);
  process.once('SIGINT', () => controller.abort(new Error('interrupted (SIGINT)')));
  const run = await runDemo(options, {
    out: options.json ? process.stderr : process.stdout,
    signal: controller.signal,
  });
  console.log(JSON.stringify(run, null, 2));
  return run.interrupted ? 130 : 0;
}

process.exitCode = await main();
