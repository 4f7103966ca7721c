declare const __LEANVIBE_VERSIONS__: Readonly<Record<string, string>>;

/**
 * The versions a generated package depends on: the tools (tsup, vitest, typescript,
 * @types/node), zod and fast-check exactly as the SDK's workspace pins them, and `^` the
 * current version of each @leanvibe package. Embedded when the scaffolder is built.
 */
export const VERSIONS: Readonly<Record<string, string>> = Object.freeze({
  ...__LEANVIBE_VERSIONS__,
});

/** The version of `name` a generated package pins. */
export function versionOf(name: string): string {
  const version = VERSIONS[name];
  if (version === undefined) throw new Error(`no version is embedded for ${name}`);
  return version;
}
