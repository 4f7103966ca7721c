import { invalidArgument, type PluginManifest, type PluginType } from '@leanvibe/core/contracts';
import fc, { type Arbitrary } from 'fast-check';
import { MockTask } from './mock-task.js';
import type { TestablePlugin } from './plugin.js';
import { arbitraryFromSchema, isZodSchema, type SchemaArbitraryOptions } from './zod-arbitrary.js';
import { invalidArbitraryFromSchema } from './zod-invalid.js';

function schemaOf(plugin: Pick<TestablePlugin, 'manifest' | 'pluginId'>): unknown {
  const schema = plugin?.manifest?.params;
  if (!isZodSchema(schema)) {
    throw invalidArgument(
      'plugin',
      'a plugin whose manifest.params is a zod 4 schema',
      schema === undefined ? `plugin "${plugin?.pluginId}" without a params schema` : schema,
    );
  }
  return schema;
}

/**
 * Params the plugin's zod 4 params schema accepts. See {@link arbitraryFromSchema} for the zod
 * types covered and those that are not.
 *
 * @example
 * ```ts
 * test.prop([paramsArbitrary(plugin)])('never fails validation', async (params) => {
 *   expect(await plugin.execute(new MockTask({ type: 'sum', params }))).not.toFailWith('PLUGIN_VALIDATION');
 * });
 * ```
 */
export function paramsArbitrary<Params>(
  plugin: Pick<TestablePlugin<Params>, 'manifest' | 'pluginId'>,
  options?: SchemaArbitraryOptions,
): Arbitrary<Params> {
  return arbitraryFromSchema<Params>(schemaOf(plugin), options);
}

/** Params the plugin's zod 4 params schema rejects (see {@link invalidArbitraryFromSchema}). */
export function invalidParamsArbitrary(
  plugin: Pick<TestablePlugin, 'manifest' | 'pluginId'>,
  options?: SchemaArbitraryOptions,
): Arbitrary<unknown> {
  return invalidArbitraryFromSchema(schemaOf(plugin), options);
}

/** Options of {@link taskArbitrary}. */
export interface TaskArbitraryOptions<Params> {
  /** Params to use. @default derived from the plugin's params schema, or `{}` without one */
  readonly params?: Arbitrary<Params>;
  /** Task types to pick from. @default the plugin's `manifest.taskTypes` */
  readonly types?: readonly string[];
}

/**
 * Fresh {@link MockTask}s for the plugin: one of its task types, with params its schema accepts.
 *
 * @example
 * ```ts
 * test.prop([taskArbitrary(plugin)])('names its plugin and task', async (task) => {
 *   const result = await plugin.execute(task);
 *   expect([result.pluginId, result.taskId]).toEqual([plugin.pluginId, task.id]);
 * });
 * ```
 */
export function taskArbitrary<Params>(
  plugin: Pick<TestablePlugin<Params>, 'manifest' | 'pluginId'>,
  options: TaskArbitraryOptions<Params> = {},
): Arbitrary<MockTask<Params>> {
  const types = options.types ?? plugin.manifest.taskTypes;
  if (types.length === 0) throw invalidArgument('types', 'a non-empty array of task types', types);
  const params =
    options.params ??
    (plugin.manifest.params === undefined
      ? (fc.constant({}) as unknown as Arbitrary<Params>)
      : paramsArbitrary(plugin));
  return fc
    .tuple(fc.constantFrom(...types), params)
    .map(([type, value]) => new MockTask<Params>({ type, params: value }));
}

const NAME = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const VERSION = fc
  .tuple(fc.nat({ max: 20 }), fc.nat({ max: 50 }), fc.nat({ max: 99 }))
  .map((parts) => parts.join('.'));
const TYPES: readonly PluginType[] = [
  'workflow',
  'monitoring',
  'security',
  'integration',
  'productivity',
  'communication',
  'analytics',
  'automation',
  'data_processing',
  'custom',
];

/**
 * Valid plugin manifests (without a params schema): a lower-kebab name, a semver version, a
 * known type, one to three task types, an `sdk` range and optional limits — the config half of
 * the Python guide's `PluginConfig` properties.
 */
export function manifestArbitrary(): Arbitrary<PluginManifest> {
  return fc.record(
    {
      name: NAME,
      version: VERSION,
      type: fc.constantFrom(...TYPES),
      taskTypes: fc.uniqueArray(NAME, { minLength: 1, maxLength: 3 }),
      sdk: fc.constantFrom('^0.1.0', '>=0.1.0 <1.0.0', '*'),
      limits: fc.record(
        {
          maxExecutionTimeMs: fc.integer({ min: 1, max: 60_000 }),
          maxMemoryMb: fc.integer({ min: 1, max: 1024 }),
          concurrency: fc.integer({ min: 1, max: 64 }),
          maxQueue: fc.integer({ min: 0, max: 1000 }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['name', 'version', 'type', 'taskTypes', 'sdk'] },
  );
}
