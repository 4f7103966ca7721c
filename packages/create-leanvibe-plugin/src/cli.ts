import { spawn } from 'node:child_process';
import { basename, relative, resolve } from 'node:path';
import { type CliArgs, parseCliArgs, USAGE } from './args.js';
import { isScaffoldError, ScaffoldError } from './errors.js';
import { DEFAULTS } from './options.js';
import { detectPackageManager, type PackageManager } from './package-manager.js';
import { type Answers, askMissing, PromptCancelled, type PromptStreams } from './prompts.js';
import { renderPlugin } from './render.js';
import { checkTarget, writePlugin } from './write.js';

/** Where {@link runCreateCli} reads and writes, and what it knows of its terminal. */
export interface CreateCliIo extends PromptStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether a person is at a terminal to answer prompts. @default false */
  readonly interactive?: boolean;
  /** `npm_config_user_agent` names the package manager that ran the command. @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folders are relative to it. @default process.cwd() */
  readonly cwd?: string;
  /** Installs the package's dependencies. @default runs `<package manager> install` in `dir` */
  readonly install?: (packageManager: PackageManager, dir: string) => Promise<boolean>;
}

const MISSING = ['type', 'packages', 'format'] as const;

function runInstall(packageManager: PackageManager, dir: string): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(packageManager, ['install'], {
      cwd: dir,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('error', () => done(false));
    child.on('exit', (code) => done(code === 0));
  });
}

async function answersFor(
  args: CliArgs,
  io: CreateCliIo,
): Promise<{ answers: Answers; dir: string }> {
  const defaultName =
    args.dir === undefined ? 'my-plugin' : basename(resolve(io.cwd ?? '.', args.dir));
  const missing = [
    ...(args.dir === undefined && args.name === undefined ? ['folder'] : []),
    ...MISSING.filter((key) => args[key] === undefined).map((key) => `--${key}`),
  ];
  let answers: Answers;
  if (
    missing.length === 0 ||
    (args.yes && args.dir !== undefined) ||
    (args.yes && args.name !== undefined)
  ) {
    answers = {
      name: args.name ?? defaultName,
      type: args.type ?? DEFAULTS.type,
      packages: args.packages ?? DEFAULTS.packages,
      format: args.format ?? DEFAULTS.format,
    };
  } else if (io.interactive === true && !args.yes) {
    answers = await askMissing(args, defaultName, io);
  } else {
    throw new ScaffoldError(
      'SCAFFOLD_USAGE',
      `missing ${missing.join(', ')}: there is no terminal to ask, so pass ${missing.length === 1 ? 'it' : 'them'} (or --yes for the defaults)`,
    );
  }
  const dir = args.dir ?? answers.name.replace(/^@[^/]+\//, '');
  return { answers, dir };
}

/**
 * The `create-leanvibe-plugin` command. Resolves with its exit code: 0 when the package was
 * written (and installed, unless `--no-install`), 1 when the install failed or the prompts
 * were cancelled, 2 when it refused — an unknown flag, an invalid name, a target folder that
 * exists and is not empty — with one line on stderr and nothing written.
 *
 * @example
 * ```ts
 * process.exitCode = await runCreateCli(process.argv.slice(2), {
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 *   interactive: process.stdin.isTTY && process.stdout.isTTY,
 *   env: process.env,
 * });
 * ```
 */
export async function runCreateCli(argv: readonly string[], io: CreateCliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    // A folder given on the command line is refused before any question is asked.
    if (args.dir !== undefined) await checkTarget(resolve(cwd, args.dir), args.dir);
    const { answers, dir } = await answersFor(args, io);
    const packageManager = detectPackageManager(io.env?.npm_config_user_agent);
    const files = renderPlugin(answers, { packageManager });
    const target = resolve(cwd, dir);
    const shown = relative(cwd, target) || '.';
    await checkTarget(target, shown);
    await writePlugin(target, files);
    io.stdout.write(`Created ${answers.name} (a ${answers.type} plugin) in ${shown}\n`);
    if (args.install) {
      io.stdout.write(`Installing with ${packageManager}...\n`);
      const installed = await (io.install ?? runInstall)(packageManager, target);
      if (!installed) {
        io.stderr.write(`create-leanvibe-plugin: ${packageManager} install failed in ${shown}\n`);
        return 1;
      }
    }
    const run = packageManager === 'npm' ? 'npm run' : packageManager;
    io.stdout.write(
      `\nNext:\n  cd ${shown}\n${args.install ? '' : `  ${packageManager} install\n`}  ${run} build && ${run} test && ${run} check\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PromptCancelled) return 1;
    if (!isScaffoldError(error)) throw error;
    io.stderr.write(`create-leanvibe-plugin: ${error.message}\n`);
    return 2;
  }
}
