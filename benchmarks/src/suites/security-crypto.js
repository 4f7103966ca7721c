import { createRequire } from 'node:module';
import { Fernet } from '@leanvibe/security';
import { coldImportComparison, coldImportRow } from '../cold-import.js';
import { compare, record } from '../harness.js';

const require = createRequire(import.meta.url);
const fernetNpm = require('fernet');

export const title = '@leanvibe/security: encryption and cold import';

export async function run() {
  const key = Fernet.generateKey();
  const message = 'x'.repeat(1024);

  const ours = new Fernet(key);
  const secret = new fernetNpm.Secret(key);

  // Sanity: each side reads the other's tokens, so both do the same work.
  const peerToken = new fernetNpm.Token({ secret, ttl: 0 }).encode(message);
  if (ours.decryptStringSync(peerToken) !== message) throw new Error('ours cannot read fernet');
  const ourToken = ours.encryptSync(message);
  if (new fernetNpm.Token({ secret, token: ourToken, ttl: 0 }).decode() !== message) {
    throw new Error('fernet cannot read ours');
  }

  const peer = {
    name: 'fernet (npm)',
    fn: () => {
      const token = new fernetNpm.Token({ secret, ttl: 0 }).encode(message);
      return new fernetNpm.Token({ secret, token, ttl: 0 }).decode();
    },
  };

  await compare(
    'Fernet encrypt+decrypt 1 KB (Cipher API, async)',
    {
      name: 'Fernet',
      fn: async () => ours.decryptString(await ours.encrypt(message)),
    },
    [peer],
  );
  await compare(
    'Fernet encrypt+decrypt 1 KB (sync)',
    { name: 'Fernet sync', fn: () => ours.decryptStringSync(ours.encryptSync(message)) },
    [peer],
  );

  record(
    coldImportComparison(
      'cold import @leanvibe/security vs fernet (ESM)',
      '@leanvibe/security',
      'fernet',
    ),
  );
  record(coldImportRow('cold import @leanvibe/security (CJS)', '@leanvibe/security', 'require'));
  record(coldImportRow('cold import @leanvibe/security/input (zod)', '@leanvibe/security/input'));
}
