// The shared contract suites of @leanvibe/testing, run on this package's implementations of
// core's `PermissionChecker` and `Cipher`.
import { cipherContract, permissionCheckerContract } from '@leanvibe/testing/vitest';
import { createPermissionChecker, Fernet, LegacyHiveCipher, MultiFernet } from '../src/index.js';

// The suite's factory takes the grants of one plugin; the checker takes grants by plugin id.
permissionCheckerContract('createPermissionChecker', (grants, pluginId) =>
  createPermissionChecker({ grants: { [pluginId]: grants } }),
);

cipherContract('Fernet', () => new Fernet(Fernet.generateKey()));
cipherContract(
  'MultiFernet',
  () => new MultiFernet([Fernet.generateKey(), Fernet.generateKey(), Fernet.generateKey()]),
);

// Each cipher gets its own password, so two of them have independent keys (the legacy scheme's
// salt is fixed: one password is one key everywhere).
let passwords = 0;
cipherContract(
  'LegacyHiveCipher',
  () => new LegacyHiveCipher({ password: `contract password ${++passwords}` }),
);
