import type satisfiesFn from 'semver/functions/satisfies.js';
import type validFn from 'semver/functions/valid.js';
import type validRangeFn from 'semver/ranges/valid.js';
import { loadOnUse as load } from '../helpers/load-on-use.js';

// semver's index loads all of its ~50 modules (about 35 ms cold); core needs three functions,
// and only when a manifest or a config is checked. Each is required on first use, by its own path.
let satisfiesImpl: typeof satisfiesFn | undefined;
let validImpl: typeof validFn | undefined;
let validRangeImpl: typeof validRangeFn | undefined;

/** `semver.satisfies`, loaded on first call. */
export function satisfies(version: string, range: string): boolean {
  satisfiesImpl ??= load('semver/functions/satisfies.js') as typeof satisfiesFn;
  return satisfiesImpl(version, range, { includePrerelease: true });
}

/** Whether `value` is a semver version (`semver.valid`), loaded on first call. */
export function isVersion(value: string): boolean {
  validImpl ??= load('semver/functions/valid.js') as typeof validFn;
  return validImpl(value) !== null;
}

/** Whether `range` is a semver range (`semver.validRange`), loaded on first call. */
export function isRange(range: string): boolean {
  validRangeImpl ??= load('semver/ranges/valid.js') as typeof validRangeFn;
  return validRangeImpl(range) !== null;
}
