import { parseArgs } from 'node:util';
import { ScaffoldError } from './errors.js';
import type { ModuleFormat, PluginType, SdkPackage } from './options.js';

/** The usage text of `create-leanvibe-plugin`. */
export const USAGE = `Usage: create-leanvibe-plugin [folder] [options]

Scaffolds a LeanVibe plugin package that builds and passes its tests as generated.
In a terminal it asks for what the flags do not say; elsewhere, pass the flags or --yes.

Options:
  --name <name>        the npm package name (default: the folder's name)
  --type <type>        workflow, monitoring, security, integration, productivity,
                       communication, analytics or automation (default: workflow)
  --packages <list>    @leanvibe packages to wire in, comma-separated: resilience, pool,
                       decorators, security, metrics, or none (default: resilience,metrics)
  --format <format>    esm or dual (ESM and CommonJS) (default: esm)
  -y, --yes            take the defaults for everything not given, without asking
  --no-install         do not install dependencies
  -h, --help           show this help
`;

/** What the command line says; `undefined` where it says nothing. */
export interface CliArgs {
  readonly dir: string | undefined;
  readonly name: string | undefined;
  readonly type: PluginType | undefined;
  readonly packages: readonly SdkPackage[] | undefined;
  readonly format: ModuleFormat | undefined;
  readonly yes: boolean;
  readonly install: boolean;
  readonly help: boolean;
}

function usage(message: string): ScaffoldError {
  return new ScaffoldError('SCAFFOLD_USAGE', message);
}

/** Splits `--packages`: a comma-separated list, or `none`. Names are checked later. */
function packageList(text: string | undefined): readonly SdkPackage[] | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === 'none' || text.trim() === '') return [];
  return text.split(',').map((name) => name.trim().replace(/^@leanvibe\//, '') as SdkPackage);
}

/**
 * Parses the command line strictly: an unknown flag, a flag missing its value or a second
 * folder is a `SCAFFOLD_USAGE` error, with a one-line message.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs' messages may run over several lines; the first names the flag.
    throw usage((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw usage(`unexpected argument ${positionals[1]}: give one folder`);
  return {
    dir: positionals[0],
    name: values.name,
    type: values.type as PluginType | undefined,
    packages: packageList(values.packages),
    format: values.format as ModuleFormat | undefined,
    yes: values.yes === true,
    install: values['no-install'] !== true,
    help: values.help === true,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      type: { type: 'string' },
      packages: { type: 'string' },
      format: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      'no-install': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
