// Runs every suite in src/suites (or those named on the command line) and writes results.json.
import { readdir, writeFile } from 'node:fs/promises';
import { results } from './harness.js';

const only = process.argv.slice(2);
const dir = new URL('./suites/', import.meta.url);
const files = (await readdir(dir)).filter((file) => file.endsWith('.js')).sort();

for (const file of files) {
  const name = file.replace(/\.js$/, '');
  if (only.length > 0 && !only.includes(name)) continue;
  const suite = await import(new URL(file, dir).href);
  console.log(`\n${suite.title ?? name}`);
  await suite.run();
}

await writeFile(
  new URL('../results.json', import.meta.url),
  `${JSON.stringify(results(), null, 2)}\n`,
);
console.log('\nresults written to benchmarks/results.json');
