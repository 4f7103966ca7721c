import type { ResolvedOptions } from '../options.js';
import { factoryName, TASK_KINDS } from './task-kinds.js';

const USES: Readonly<Record<string, string>> = {
  resilience: 'a retry and a per-attempt timeout (`@leanvibe/resilience`)',
  pool: 'a pool of upstream connections (`@leanvibe/pool`)',
  decorators: 'a measured transform (`tracked` from `@leanvibe/decorators`)',
  security: 'bounded, sanitised input (`@leanvibe/security/input`)',
  metrics: 'a Prometheus registry in its test (`@leanvibe/metrics`)',
};

/** The generated `README.md`. */
export function readme(options: ResolvedOptions, packageManager: string): string {
  const kind = TASK_KINDS[options.type];
  const run = packageManager === 'npm' ? 'npm run' : packageManager;
  const uses =
    options.packages.length === 0
      ? ''
      : `\nIts task uses ${options.packages.map((p) => USES[p]).join(', ')}.\n`;
  return `# ${options.name}

A LeanVibe \`${options.type}\` plugin: its \`${kind.taskType}\` task ${kind.does}.
${uses}
## Commands

| command | what |
| --- | --- |
| \`${run} build\` | builds \`dist/\` with tsup (${options.format === 'dual' ? 'ESM and CommonJS' : 'ESM'}, with types) |
| \`${run} typecheck\` | typechecks the sources and tests |
| \`${run} test\` | runs the plugin contract suite and the task's tests with vitest |
| \`${run} check\` | runs \`leanvibe-plugin check\` on the build: every check of the plugin test framework |

## Use

\`\`\`ts
import { PluginHost } from '@leanvibe/core';
import { ${factoryName(options.pluginName)} } from '${options.name}';

const host = new PluginHost();
await host.register(${factoryName(options.pluginName)}());
await host.start();
const result = await host.execute({ type: '${kind.taskType}', params: { items: ['alpha'] } });
await host.close();
\`\`\`

A host can also load it by name: \`await host.register('${options.name}')\`.

## Task params

| param | type | default | what |
| --- | --- | --- | --- |
| \`items\` | \`string[]\` (1 to 50, each 1 to 200 characters) | | what the task works on |
| \`delayMs\` | integer, 0 to 500 | \`0\` | how long the placeholder upstream call takes: replace it with your real work |

Configuration (\`ctx.config\`) is the zod schema \`Config\` in \`src/index.ts\`.
`;
}
