// Times a cold `import` of a module in a fresh Node process, so nothing is cached.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 9);

/**
 * Median wall time, in nanoseconds, of `await import(specifier)` in a fresh process, measured
 * inside that process (process start-up excluded).
 *
 * @param {string} specifier a package name or subpath, resolved from `benchmarks/`
 * @param {'import' | 'require'} how
 */
export function coldImportNs(specifier, how = 'import') {
  return median(Array.from({ length: RUNS }, () => coldImportSampleNs(specifier, how)));
}

/**
 * One sample: the wall time, in nanoseconds, of loading `specifier` in a fresh process.
 *
 * @param {string} specifier
 * @param {'import' | 'require'} how
 */
function coldImportSampleNs(specifier, how) {
  const load =
    how === 'import'
      ? `await import(${JSON.stringify(specifier)})`
      : `(await import('node:module')).createRequire(process.cwd() + '/')(${JSON.stringify(specifier)})`;
  const script = `const t = process.hrtime.bigint(); ${load}; process.stdout.write(String(process.hrtime.bigint() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
  });
  return Number(out);
}

/** @param {number[]} samples */
function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

let baseline;

/**
 * The cost of loading an empty module the same way: the fixed price of Node's module loader,
 * to subtract from a package's figure.
 *
 * @param {'import' | 'require'} how
 */
export function coldImportBaselineNs(how = 'import') {
  baseline ??= {};
  baseline[how] ??= coldImportNs('./src/fixtures/empty.js', how);
  return baseline[how];
}

/**
 * Records nothing; returns a row for `record()`: the cold import of `specifier`, with the empty
 * module's cost noted so the package's own share can be read off.
 *
 * @param {string} row
 * @param {string} specifier
 * @param {'import' | 'require'} how
 */
export function coldImportRow(row, specifier, how = 'import') {
  const total = coldImportNs(specifier, how);
  const base = coldImportBaselineNs(how);
  return {
    row,
    ours: total,
    note: `${((total - base) / 1e6).toFixed(2)} ms over an empty module's ${(base / 1e6).toFixed(2)} ms`,
  };
}

/**
 * A row comparing the cold import of ours against a peer's: ratio = peer ÷ ours.
 *
 * @param {string} row
 * @param {string} ours
 * @param {string} peer
 * @param {'import' | 'require'} how
 */
export function coldImportComparison(row, ours, peer, how = 'import') {
  // Samples alternate between the two, so a busy moment of the machine weighs on both alike.
  const oursSamples = [];
  const peerSamples = [];
  for (let i = 0; i < RUNS; i++) {
    oursSamples.push(coldImportSampleNs(ours, how));
    peerSamples.push(coldImportSampleNs(peer, how));
  }
  const oursNs = median(oursSamples);
  const peerNs = median(peerSamples);
  return { row, ours: oursNs, peer, peerNs, ratio: peerNs / oursNs };
}
