import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupFunction } from '../../src/index.js';

/** A server on a loopback address that counts the connections it accepts. */
export interface TestServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`. */
  readonly origin: string;
  readonly requests: http.IncomingMessage[];
  connections: number;
  close(): Promise<void>;
}

export async function startServer(
  host: string,
  handler: (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    server: TestServer,
  ) => void,
): Promise<TestServer> {
  const server = http.createServer();
  const state: TestServer = {
    host,
    port: 0,
    origin: '',
    requests: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections++;
  });
  server.on('request', (request, response) => {
    state.requests.push(request);
    handler(request, response, state);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, { port, origin: `http://${host}:${port}` });
  return state;
}

/** A lookup that answers every name with the given addresses (no DNS is ever asked). */
export const answer =
  (...addresses: string[]): LookupFunction =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

/** A public address for lookups that must pass; never connected to by any test. */
export const PUBLIC = '93.184.215.14';
