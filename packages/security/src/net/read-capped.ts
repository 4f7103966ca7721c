import { refusal } from '../url/errors.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Reads a response's whole body, refusing it past `maxBytes` (declared or counted, after any
 * decoding, so a compressed bomb is cut off too), and returns a `Response` holding the bytes.
 */
export async function bufferResponse(
  response: Response,
  maxBytes: number,
  finalUrl: URL,
  redirected: boolean,
): Promise<Response> {
  const host = finalUrl.hostname;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(host, maxBytes, declared);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (reader !== undefined) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(host, maxBytes, size);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const buffered = new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has no URL; give it the one fetched, as fetch's own would have.
  Object.defineProperties(buffered, {
    url: { value: finalUrl.href, enumerable: true },
    redirected: { value: redirected, enumerable: true },
  });
  return buffered;
}

function tooLarge(host: string, maxBytes: number, seen: number) {
  return refusal(
    'response_too_large',
    `Refused the response from ${JSON.stringify(host)}: it is larger than maxResponseBytes (${maxBytes} bytes; got at least ${seen})`,
    { host, maxResponseBytes: maxBytes, bytes: seen },
  );
}
