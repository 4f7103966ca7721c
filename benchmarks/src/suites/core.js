import { coldImportRow } from '../cold-import.js';
import { record } from '../harness.js';

export const title = '@leanvibe/core';

export async function run() {
  record(coldImportRow('cold import @leanvibe/core/contracts (ESM)', '@leanvibe/core/contracts'));
  record(
    coldImportRow(
      'cold import @leanvibe/core/contracts (CJS)',
      '@leanvibe/core/contracts',
      'require',
    ),
  );
}
