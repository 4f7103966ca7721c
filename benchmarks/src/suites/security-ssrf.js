// @leanvibe/security, URLs and SSRF: the cost of validating a URL (IP literals, and names with an
// injected lookup so that no DNS is involved), and the cold import of the main entry against the
// npm `fernet` package, a small security library a user might otherwise load.
import { classifyAddress, createUrlValidator, validateUrl } from '@leanvibe/security';
import { coldImportComparison } from '../cold-import.js';
import { compare, record } from '../harness.js';

export const title = '@leanvibe/security (URLs and SSRF)';

const answers = [{ address: '93.184.215.14', family: 4 }];
const lookup = async () => answers;
const ignore = () => {};

export async function run() {
  const validate = createUrlValidator({ lookup });

  await compare('validateUrl: public IP literal', {
    name: 'ours',
    fn: () => validate('http://93.184.215.14/path'),
  });
  await compare('validateUrl: blocked literal 0x7f.1 (refusal)', {
    name: 'ours',
    fn: () => validate('http://0x7f.1/').catch(ignore),
  });
  await compare('validateUrl: IPv6 literal [2606:4700::1111]', {
    name: 'ours',
    fn: () => validate('https://[2606:4700::1111]/'),
  });
  await compare('validateUrl: name, injected lookup', {
    name: 'ours',
    fn: () => validate('https://api.example.com/v1/items?q=1'),
  });
  await compare('validateUrl: deny-listed name localhost. (refusal)', {
    name: 'ours',
    fn: () => validate('http://localhost./').catch(ignore),
  });
  await compare('validateUrl(url, options): name, options compiled per call', {
    name: 'ours',
    fn: () => validateUrl('https://api.example.com/', { lookup }),
  });
  await compare('classifyAddress(::ffff:127.0.0.1)', {
    name: 'ours',
    fn: () => classifyAddress('::ffff:127.0.0.1'),
  });

  record(
    coldImportComparison(
      'cold import @leanvibe/security vs fernet (ESM)',
      '@leanvibe/security',
      'fernet',
    ),
  );
  record(
    coldImportComparison(
      'cold import @leanvibe/security vs fernet (CJS)',
      '@leanvibe/security',
      'fernet',
      'require',
    ),
  );
}
