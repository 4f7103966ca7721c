// Input helpers: the only entry of this package that loads zod.

/** The zod these helpers build on, so params schemas mix them with the very same `z`. */
export { z } from 'zod';
export type { SanitizeAllowance, SanitizeStringOptions } from './sanitize-string.js';
export { sanitizeString } from './sanitize-string.js';
export type { BoundedArrayOptions, BoundedStringOptions } from './schemas.js';
export { boundedArray, boundedString, sanitizedString, strictParams } from './schemas.js';
