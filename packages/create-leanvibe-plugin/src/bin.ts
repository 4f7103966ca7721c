import { runCreateCli } from './cli.js';

process.exitCode = await runCreateCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
  env: process.env,
});
