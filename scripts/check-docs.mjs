#!/usr/bin/env node
// docs/errors.md must document every error code the packages can raise and every exported
// error class: codes are read from the packages' sources, classes from their API reports.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const doc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
const CODE =
  /'((?:PLUGIN|HOST|SECURITY|POOL|CIRCUIT|BULKHEAD|RATE|INVALID|NON_ERROR|TESTING|METRICS|TASK|QUEUE|REDIS|ISOLATE|TRACING)_[A-Z0-9_]+)'/g;

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const missing = [];
for (const name of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', name, 'src');
  if (!existsSync(src)) continue;
  for (const file of sources(src)) {
    for (const [, code] of readFileSync(file, 'utf8').matchAll(CODE)) {
      if (!doc.includes(`\`${code}\``))
        missing.push(`code ${code} (${file.slice(root.length + 1)})`);
    }
  }
  const report = join(root, 'packages', name, 'api-report.md');
  if (!existsSync(report)) continue;
  for (const [, cls] of readFileSync(report, 'utf8').matchAll(/^### ([A-Z]\w*Error)$/gm)) {
    if (!doc.includes(`\`${cls}\``)) missing.push(`class ${cls} (${name})`);
  }
}
const unique = [...new Set(missing)];
if (unique.length > 0) {
  console.error(`✗ docs/errors.md does not document:\n  ${unique.join('\n  ')}`);
  process.exit(1);
}
console.log('✓ docs/errors.md documents every error code and class');
