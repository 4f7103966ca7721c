import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPlugin, writePlugin } from 'create-leanvibe-plugin';

// What `npm create leanvibe-plugin@latest weather-watch -- --type monitoring --yes` writes,
// done from code: render the files in memory, then write them into a new folder.
const files = renderPlugin({
  name: 'weather-watch',
  type: 'monitoring',
  packages: ['resilience', 'metrics'],
  format: 'esm',
});
const dir = join(await mkdtemp(join(tmpdir(), 'scaffold-')), 'weather-watch');
await writePlugin(dir, files);

for (const path of files.map((file) => file.path).sort()) console.log(path);
const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
console.log(`scripts: ${Object.keys(manifest.scripts).join(', ')}`);
console.log(`dependencies: ${Object.keys(manifest.dependencies).join(', ')}`);
const source = await readFile(join(dir, 'src', 'index.ts'), 'utf8');
console.log(source.match(/export const TASK_TYPE = .*/)?.[0]);
console.log(`src/: ${(await readdir(join(dir, 'src'))).join(', ')}`);
await rm(dir, { recursive: true, force: true });
