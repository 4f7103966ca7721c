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
