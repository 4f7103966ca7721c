import { createRequire } from 'node:module';

/**
 * `require` for modules core loads on first use rather than at import: semver's functions, and
 * the built-ins only some hosts need (`node:v8` when memory is measured, `node:fs` when a config
 * file is read). Keeps `import('@leanvibe/core')` close to the cost of zod alone.
 */
export const loadOnUse: NodeJS.Require = createRequire(import.meta.url);
