import { z } from 'zod';
import { PluginLimitsSchema, SemverVersion } from '../config/schema.js';
import { type PluginManifest, PluginValidationError } from '../contracts/index.js';
import type { Plugin } from '../plugin/plugin.js';
import { describeIssues, toValidationIssues } from '../plugin/results.js';
import { CORE_VERSION } from '../version.js';
import { PluginHostError } from './errors.js';
import { isRange, satisfies } from './semver.js';

// Built on the first `register`, not at import: zod schemas cost a few ms each to construct.
let manifestSchema: ReturnType<typeof buildManifestSchema> | undefined;

function buildManifestSchema() {
  const name = z.string().regex(/^[A-Za-z0-9@][\w@./-]*$/, {
    error: 'must be a non-empty name of letters, digits, @ . / _ -',
  });
  const nonEmpty = z.string().min(1, { error: 'must not be empty' });
  return z.object({
    name,
    version: SemverVersion,
    type: nonEmpty,
    taskTypes: z
      .array(nonEmpty)
      .min(1, { error: 'must list at least one task type' })
      .refine((types) => new Set(types).size === types.length, { error: 'must not repeat a type' }),
    sdk: z.string().refine((range) => isRange(range), {
      error: 'must be a semver range such as ^0.1.0',
    }),
    dependencies: z.array(name).optional(),
    optional: z.boolean().optional(),
    params: z
      .custom<unknown>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { safeParse?: unknown }).safeParse === 'function',
        { error: 'must be a schema with safeParse (a zod schema)' },
      )
      .optional(),
    requiredPermissions: z.array(nonEmpty).optional(),
    limits: PluginLimitsSchema.optional(),
  });
}

/**
 * Checks what `register()` gets: the plugin's shape, its manifest (every problem listed, as a
 * `PluginValidationError`), and its `sdk` range against this core's version.
 */
export function checkPlugin(plugin: Plugin): PluginManifest {
  const manifest = plugin.manifest;
  manifestSchema ??= buildManifestSchema();
  const parsed = manifestSchema.safeParse(manifest);
  const pluginId = typeof manifest?.name === 'string' ? manifest.name : String(plugin.pluginId);
  const issues = parsed.success ? [] : toValidationIssues(parsed.error.issues);
  if (parsed.success && plugin.pluginId !== manifest.name) {
    issues.push({ path: ['name'], message: `must equal pluginId "${plugin.pluginId}"` });
  }
  if (parsed.success && manifest.dependencies?.includes(manifest.name)) {
    issues.push({ path: ['dependencies'], message: 'must not list the plugin itself' });
  }
  if (issues.length > 0) {
    throw new PluginValidationError(
      `plugin "${pluginId}" has an invalid manifest: ${describeIssues(issues)}`,
      { pluginId, issues },
    );
  }
  if (!satisfies(CORE_VERSION, manifest.sdk)) {
    throw new PluginHostError(
      'HOST_SDK_MISMATCH',
      `plugin "${pluginId}" was built for @leanvibe/core ${manifest.sdk}, but this is ${CORE_VERSION}`,
      { plugins: [pluginId], details: { sdk: manifest.sdk, core: CORE_VERSION } },
    );
  }
  return manifest;
}
