/** The package managers a generated package can be installed with. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/**
 * The package manager that ran the command, from `npm_config_user_agent` (`pnpm/10.34.0 npm/?
 * node/v20.20.2 ...`, set by `npm create`, `pnpm create`, `yarn create`, `bun create`).
 * @default 'npm'
 */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
}
