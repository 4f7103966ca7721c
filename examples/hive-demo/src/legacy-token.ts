/**
 * A secret the original Python hive stored: its legacy scheme (PBKDF2-HMAC-SHA256, 100,000
 * iterations, the fixed salt `leanvibe_plugin_salt`, a Fernet token base64-encoded once more),
 * under the password the Python code fell back to.
 *
 * Source: the `legacy[0]` entry of packages/security/test/fixtures/python-fixtures.json, made by
 * packages/security/test/fixtures/generate-python-fixtures.py with Python's `cryptography` 38.0.4.
 */
export const LEGACY_SECRET = {
  password: 'default',
  stored:
    'Z0FBQUFBQmxVX0VBRUUzNTlGSkJqc1pmU3FJckFHQnltZ0haeFJLMHA1amVzNXl4ek5RbUVsT1NUaHNFTlcydzZkRnNKQ0pxZXhoeVlzN1F6VWk5RVVnZjhucWpCT0hzN2c9PQ==',
  /** What it decrypts to, for the check after migration. */
  plaintext: 'api-token-123',
} as const;
