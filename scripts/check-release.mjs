#!/usr/bin/env node
// A release dry run on a scratch copy of the repository: `changeset version` applies the
// pending changesets (versions, CHANGELOGs, internal dependents), then every package is packed
// as `pnpm publish` would pack it, and each tarball's package.json must carry real versions,
// never `workspace:` ranges. Nothing is published and the work tree is left untouched.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'leanvibe-release-'));
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

try {
  const files = run('git', ['ls-files', '-co', '--exclude-standard'], root)
    .split('\n')
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(root, file), join(scratch, file));
  }
  const packagesDir = join(scratch, 'packages');
  const names = readdirSync(packagesDir).filter((name) =>
    existsSync(join(packagesDir, name, 'package.json')),
  );
  const read = (name) => JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'));
  const before = Object.fromEntries(names.map((name) => [name, read(name).version]));
  const pending = readdirSync(join(scratch, '.changeset')).filter(
    (file) => file.endsWith('.md') && file !== 'README.md',
  );

  const changeset = join(root, 'node_modules', '@changesets', 'cli', 'bin.js');
  run(process.execPath, [changeset, 'version'], scratch);
  const bumped = names.filter((name) => read(name).version !== before[name]);
  console.log(
    `changeset version: ${pending.length} pending changesets bumped ${bumped.map((n) => `${read(n).name}@${read(n).version}`).join(', ') || 'nothing'}`,
  );
  if (pending.length > 0 && bumped.length === 0)
    throw new Error('pending changesets bumped no package');
  for (const name of bumped) {
    if (!existsSync(join(packagesDir, name, 'CHANGELOG.md')))
      throw new Error(`${name}: no CHANGELOG.md written`);
  }

  // pnpm resolves `workspace:` ranges from the installed workspace, as `pnpm publish` does.
  run(
    'pnpm',
    ['install', '--offline', '--frozen-lockfile', '--ignore-scripts', '--filter', './packages/**'],
    scratch,
  );
  const tarballs = join(scratch, '.tarballs');
  mkdirSync(tarballs);
  for (const name of names) {
    if (read(name).private === true) continue;
    const { filename } = JSON.parse(
      run('pnpm', ['pack', '--pack-destination', tarballs, '--json'], join(packagesDir, name)),
    );
    const manifest = JSON.parse(run('tar', ['-xzOf', filename, 'package/package.json'], scratch));
    const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
      Object.entries(manifest[field] ?? {}).map(([dep, range]) => ({ dep, range })),
    );
    const leaked = ranges.filter(({ range }) => String(range).startsWith('workspace:'));
    if (leaked.length > 0)
      throw new Error(
        `${manifest.name}: tarball keeps ${leaked.map((l) => `${l.dep}@${l.range}`).join(', ')}`,
      );
    const internal = ranges
      .filter(({ dep }) => dep.startsWith('@leanvibe/'))
      .map(({ dep, range }) => `${dep}@${range}`);
    console.log(
      `✓ ${manifest.name}@${manifest.version}${internal.length > 0 ? ` → ${internal.join(', ')}` : ''}`,
    );
  }
  console.log('release dry run passed');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
