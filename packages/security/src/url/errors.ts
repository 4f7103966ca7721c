import { PluginSecurityError } from '@leanvibe/core/contracts';

/**
 * Why a URL, a host, an address or a fetch was refused: the `violation` of the
 * `PluginSecurityError` thrown, each with its own SCREAMING_SNAKE `code` (see {@link SSRF_CODES}).
 */
export type SsrfViolation =
  | 'url_invalid'
  | 'url_scheme'
  | 'url_credentials'
  | 'blocked_host'
  | 'blocked_address'
  | 'dns_blocked'
  | 'dns_failed'
  | 'socket_path'
  | 'redirect_refused'
  | 'too_many_redirects'
  | 'response_too_large'
  | 'permission_denied';

/** The `code` of the `PluginSecurityError` thrown for each {@link SsrfViolation}. */
export const SSRF_CODES: Readonly<Record<SsrfViolation, string>> = Object.freeze({
  url_invalid: 'SECURITY_INVALID_URL',
  url_scheme: 'SECURITY_URL_SCHEME',
  url_credentials: 'SECURITY_URL_CREDENTIALS',
  blocked_host: 'SECURITY_BLOCKED_HOST',
  blocked_address: 'SECURITY_BLOCKED_ADDRESS',
  dns_blocked: 'SECURITY_DNS_BLOCKED',
  dns_failed: 'SECURITY_DNS_FAILED',
  socket_path: 'SECURITY_SOCKET_PATH',
  redirect_refused: 'SECURITY_REDIRECT_REFUSED',
  too_many_redirects: 'SECURITY_TOO_MANY_REDIRECTS',
  response_too_large: 'SECURITY_RESPONSE_TOO_LARGE',
  permission_denied: 'SECURITY_PERMISSION_DENIED',
});

/** Builds the `PluginSecurityError` for a refusal, with its code, details and cause. */
export function refusal(
  violation: SsrfViolation,
  message: string,
  details: Readonly<Record<string, unknown>>,
  extra: { readonly cause?: unknown; readonly requiredPermission?: string } = {},
): PluginSecurityError {
  return new PluginSecurityError(message, {
    violation,
    code: SSRF_CODES[violation],
    details,
    ...(extra.cause === undefined ? {} : { cause: extra.cause }),
    ...(extra.requiredPermission === undefined
      ? {}
      : { requiredPermission: extra.requiredPermission }),
  });
}
