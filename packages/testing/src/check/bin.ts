import { runCheckCli } from '@leanvibe/testing/check';

// `leanvibe-plugin`: exit once the result is written, so a plugin's stray timer (a finding of
// the cleanup check) cannot keep the process alive.
const code = await runCheckCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY,
  env: process.env,
});
process.exit(code);
