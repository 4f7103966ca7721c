// Replaced at build time (tsup `define`) and in tests (vitest `define`) by the version in
// package.json, so the published code never reads package.json at run time.
declare const __LEANVIBE_CORE_VERSION__: string;

/** The version of `@leanvibe/core` itself; a plugin's manifest `sdk` range is checked against it. */
export const CORE_VERSION: string = __LEANVIBE_CORE_VERSION__;
