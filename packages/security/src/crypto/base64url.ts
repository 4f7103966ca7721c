// Strict url-safe base64: the canonical, padded form only. Node's decoder skips characters it does
// not know and ignores stray bits, which would let many strings stand for one token.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

const SHAPE = /^[A-Za-z0-9_-]*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

/**
 * Decodes canonical padded url-safe base64, or returns `undefined` when `text` is anything else
 * (wrong alphabet, missing or misplaced padding, non-zero unused bits).
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !SHAPE.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0) {
    // The last character before the padding carries 4 (==) or 2 (=) unused bits; they must be 0.
    const last = VALUE[text.charCodeAt(text.length - padding - 1)] as number;
    const unusedMask = padding === 2 ? 0b1111 : 0b11;
    if ((last & unusedMask) !== 0) return undefined;
  }
  return Buffer.from(text, 'base64url');
}

/** Encodes bytes as padded url-safe base64, as Python's `base64.urlsafe_b64encode` does. */
export function encodeBase64Url(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  const remainder = text.length % 4;
  return remainder === 0 ? text : text + '='.repeat(4 - remainder);
}
