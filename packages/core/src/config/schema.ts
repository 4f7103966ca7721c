import { z } from 'zod';
import type { ValidationIssue } from '../contracts/index.js';
import { isVersion } from '../host/semver.js';
import { toValidationIssues } from '../plugin/results.js';

/** The limits of a plugin, as a zod schema (the shape of the contracts' `PluginLimits`). */
export const PluginLimitsSchema = z
  .object({
    maxExecutionTimeMs: z
      .number()
      .positive({ error: 'must be a number of milliseconds > 0' })
      .optional(),
    maxMemoryMb: z.number().positive({ error: 'must be a number of MB > 0' }).optional(),
    concurrency: z.number().int().min(1, { error: 'must be an integer ≥ 1' }).optional(),
    maxQueue: z.number().int().min(0, { error: 'must be an integer ≥ 0' }).optional(),
  })
  .strict();

/** A semver version string such as `1.2.3`. */
export const SemverVersion = z.string().refine((value) => isVersion(value), {
  error: 'must be a semver version like 1.2.3',
});

/**
 * The configuration of one plugin, as operators write it (file, environment): the Python SDK's
 * `PluginConfig`. Unknown keys are errors, so a typo never passes silently.
 */
export const PluginConfig = z
  .object({
    /** The plugin's name. */
    name: z.string().min(1, { error: 'must not be empty' }),
    /** The plugin's version. */
    version: SemverVersion.optional(),
    description: z.string().optional(),
    /** When false, a host should not register the plugin. @default true */
    enabled: z.boolean().default(true),
    /** Overrides the manifest's limits, key by key. */
    limits: PluginLimitsSchema.default({}),
    /** The plugin's own settings. @default {} */
    settings: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** A validated plugin configuration. */
export type PluginConfig = z.output<typeof PluginConfig>;
/** A plugin configuration as written, before defaults. */
export type PluginConfigInput = z.input<typeof PluginConfig>;

/** The outcome of a validation: the value, or every problem with its path. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

/**
 * Validates a plugin configuration (against {@link PluginConfig}, or a schema of your own) and
 * returns every problem with its path instead of throwing at the first.
 *
 * @example
 * ```ts
 * const result = validatePluginConfig({ name: '', limits: { maxMemoryMb: -1 } });
 * // { ok: false, errors: [{ path: ['name'], message: 'must not be empty' },
 * //                       { path: ['limits', 'maxMemoryMb'], message: 'must be a number of MB > 0' }] }
 * ```
 */
export function validatePluginConfig(input: unknown): ValidationResult<PluginConfig>;
export function validatePluginConfig<S extends z.ZodType>(
  input: unknown,
  schema: S,
): ValidationResult<z.output<S>>;
export function validatePluginConfig(
  input: unknown,
  schema: z.ZodType = PluginConfig,
): ValidationResult<unknown> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: Object.freeze(toValidationIssues(parsed.error.issues)) };
}
