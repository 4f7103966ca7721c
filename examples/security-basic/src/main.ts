import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeFetch, validateUrl } from '@leanvibe/security';

// A local service standing in for an internal API; one route redirects to another loopback address.
const server = createServer((request, response) => {
  if (request.url === '/go') response.writeHead(302, { location: 'http://127.0.0.2/admin' }).end();
  else response.end('hello from the local service');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

// URLs from users: loopback, metadata and private hosts are refused in every notation.
for (const url of [
  'http://2130706433/',
  'http://0x7f.1/',
  'http://[::ffff:169.254.169.254]/',
  'http://localhost./',
  'file:///etc/passwd',
]) {
  const error = await validateUrl(url).catch((e: { code: string }) => e);
  console.log(`${url.padEnd(34)} → ${'code' in error ? error.code : 'allowed'}`);
}

// The one local service we mean to reach is an explicit exception; its redirect is checked again.
const options = { allowHosts: ['127.0.0.1'], timeoutMs: 2_000, maxResponseBytes: 64_000 };
const response = await safeFetch(`http://127.0.0.1:${port}/`, options);
console.log(response.status, await response.text());
const refused = await safeFetch(`http://127.0.0.1:${port}/go`, options).catch((e) => e);
console.log('redirect to 127.0.0.2 →', refused.code);

server.close();
