import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DemoOptions, parseOptions, USAGE, UsageError } from './cli.js';
import { runDemo } from './demo.js';
import { renderInterruption, renderReport } from './render.js';
import type { DemoReport } from './report.js';
import { userPath } from './user-path.js';

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
  const traceDir =
    options.tracePath === undefined ? undefined : dirname(userPath(options.tracePath));
  if (traceDir !== undefined && !existsSync(traceDir)) {
    process.stderr.write(`--trace: the directory ${traceDir} does not exist\n\n${USAGE}`);
    return 2;
  }
  const controller = new AbortController();
  // Every task of the run follows this one signal: one listener each, removed when it settles.
  setMaxListeners(0, controller.signal);
  // The first Ctrl-C stops the run and closes the host; a second one ends the process at once.
  process.once('SIGINT', () => {
    process.stderr.write('\nCtrl-C: stopping after the tasks in flight, then closing the host\n');
    controller.abort(new Error('interrupted by SIGINT'));
  });

  // With --json, standard output carries the report alone; everything else goes to stderr.
  const human = options.json ? process.stderr : process.stdout;
  const io = { out: human, signal: controller.signal };
  let report: DemoReport;
  if (options.workers === undefined) report = await runDemo(options, io);
  else {
    // Loaded only for --workers: the embedded demo never touches the queue or Redis.
    const { DistributedStartError, runDistributed } = await import('./distributed/run.js');
    try {
      report = await runDistributed(options, io);
    } catch (error) {
      if (!(error instanceof DistributedStartError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
  }
  const reportPath = userPath(options.reportPath);
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`\n${renderReport(report)}`);
  if (report.interrupted) human.write(`\n${renderInterruption(report)}`);
  human.write(`report written to ${reportPath}\n`);
  if (report.interrupted) return 130;
  // The distributed run's one promise: every job submitted came back, completed or failed.
  const lost = report.distributed?.lost ?? 0;
  if (lost > 0) human.write(`${lost} job(s) lost: submitted but never completed or failed\n`);
  return lost > 0 ? 1 : 0;
}

process.exitCode = await main();
