import type { CliArgs } from './args.js';
import {
  DEFAULTS,
  type ModuleFormat,
  nameProblem,
  PLUGIN_TYPES,
  type PluginType,
  SDK_PACKAGES,
  type SdkPackage,
} from './options.js';
import { TASK_KINDS } from './templates/task-kinds.js';

/** The answers a scaffold needs. */
export interface Answers {
  readonly name: string;
  readonly type: PluginType;
  readonly packages: readonly SdkPackage[];
  readonly format: ModuleFormat;
}

/** Where the prompts read keys and draw. */
export interface PromptStreams {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

const PACKAGE_HINTS: Readonly<Record<SdkPackage, string>> = {
  resilience: 'retry, timeout, circuit breaker',
  pool: 'a pool of connections',
  decorators: 'measured and cached methods',
  security: 'bounded, sanitised input',
  metrics: 'a Prometheus registry',
};

/** Thrown when the person cancels a prompt (Ctrl-C, Escape). */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PromptCancelled';
  }
}

/**
 * Asks, in the terminal, for each answer the command line did not give, with `@clack/prompts`
 * (loaded only here). The name is checked as it is typed.
 */
export async function askMissing(
  args: CliArgs,
  defaultName: string,
  streams: PromptStreams = {},
): Promise<Answers> {
  const clack = await import('@clack/prompts');
  const common = {
    ...(streams.input === undefined ? {} : { input: streams.input as never }),
    ...(streams.output === undefined ? {} : { output: streams.output as never }),
  };
  const answer = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) {
      clack.cancel('Cancelled: nothing was written.', common);
      throw new PromptCancelled();
    }
    return value as Exclude<T, symbol>;
  };
  clack.intro('create-leanvibe-plugin', common);
  const name =
    args.name ??
    answer(
      await clack.text({
        ...common,
        message: 'Package name',
        placeholder: defaultName,
        defaultValue: defaultName,
        validate: (value) => {
          const problem = nameProblem(value === undefined || value === '' ? defaultName : value);
          return problem === undefined ? undefined : `Not a valid npm name: ${problem}`;
        },
      }),
    );
  const type =
    args.type ??
    answer(
      await clack.select<PluginType>({
        ...common,
        message: 'Plugin type',
        initialValue: DEFAULTS.type,
        options: PLUGIN_TYPES.map((value) => ({
          value,
          label: value,
          hint: `its task ${TASK_KINDS[value].does}`,
        })),
      }),
    );
  const packages =
    args.packages ??
    answer(
      await clack.multiselect<SdkPackage>({
        ...common,
        message: 'Packages to wire in (space toggles, enter confirms)',
        initialValues: [...DEFAULTS.packages],
        required: false,
        options: SDK_PACKAGES.map((value) => ({
          value,
          label: `@leanvibe/${value}`,
          hint: PACKAGE_HINTS[value],
        })),
      }),
    );
  const format =
    args.format ??
    answer(
      await clack.select<ModuleFormat>({
        ...common,
        message: 'Module format',
        initialValue: DEFAULTS.format,
        options: [
          { value: 'esm', label: 'ESM only', hint: 'what the host imports' },
          { value: 'dual', label: 'ESM and CommonJS', hint: 'for require() consumers too' },
        ],
      }),
    );
  return { name, type, packages, format };
}
