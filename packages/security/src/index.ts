// URLs and network (SSRF)

export type { SafeAgentOptions } from './net/safe-agent.js';
export { createSafeAgent } from './net/safe-agent.js';
export type { FetchDispatcher, SafeDispatcherOptions } from './net/safe-dispatcher.js';
export { createSafeDispatcher } from './net/safe-dispatcher.js';
export type {
  SafeFetchCaps,
  SafeFetchClient,
  SafeFetchOptions,
  SafeFetchPermission,
  SafeRequestInit,
} from './net/safe-fetch.js';
export { createSafeFetch, safeFetch } from './net/safe-fetch.js';
export type { AddressClassification, AddressRange } from './url/address.js';
export { classifyAddress } from './url/address.js';
export type { SsrfViolation } from './url/errors.js';
export { SSRF_CODES } from './url/errors.js';
export type { HostMatcher } from './url/host.js';
export {
  canonicalHost,
  createHostMatcher,
  isHostAllowed,
  NET_FETCH_PERMISSION,
} from './url/host.js';
export type { LookupAddress, LookupFunction } from './url/lookup.js';
export { systemLookup } from './url/lookup.js';
export type { SsrfPolicyOptions } from './url/policy.js';
export { DEFAULT_DENIED_ADDRESSES, DEFAULT_DENIED_HOSTS } from './url/policy.js';
export type {
  UrlProtocol,
  UrlValidator,
  UrlValidatorOptions,
  ValidateUrlOptions,
} from './url/validate-url.js';
export { createUrlValidator, validateUrl } from './url/validate-url.js';

// Paths, encryption, permissions, JSON, redaction

export type {
  DerivedKey,
  DeriveKeyOptions,
  KeyDerivationAlgorithm,
  KeyDerivationParams,
} from './crypto/derive-key.js';
export { deriveKey } from './crypto/derive-key.js';
export { InvalidTokenError, isInvalidTokenError } from './crypto/errors.js';
export type {
  FernetDecryptOptions,
  FernetEncryptOptions,
  FernetPayload,
} from './crypto/fernet.js';
export { Fernet } from './crypto/fernet.js';
export type { LegacyHiveCipherOptions } from './crypto/legacy-hive-cipher.js';
export { LegacyHiveCipher } from './crypto/legacy-hive-cipher.js';
export { MultiFernet } from './crypto/multi-fernet.js';
export type { Instant } from './crypto/time.js';
export type { SafeJsonParseOptions, UnsafeJsonReason } from './json/safe-json-parse.js';
export { isUnsafeJsonError, safeJsonParse, UnsafeJsonError } from './json/safe-json-parse.js';
export type { PathViolation } from './paths/errors.js';
export { isUnsafePathError, UnsafePathError } from './paths/errors.js';
export { openSafeFile } from './paths/open-safe-file.js';
export type { FilePathOptions } from './paths/validate-file-path.js';
export { validateFilePath } from './paths/validate-file-path.js';
export type {
  DenialReason,
  GrantPermissionChecker,
  NormalisedGrant,
  PermissionCheckerOptions,
  PermissionGrant,
} from './permissions/permission-checker.js';
export { createPermissionChecker } from './permissions/permission-checker.js';
export { isPermission, isPermissionPattern } from './permissions/permission-string.js';
export type { RedactionPathsOptions } from './redact/redact-paths.js';
export { redactionPaths, SECRET_FIELD_NAMES } from './redact/redact-paths.js';
