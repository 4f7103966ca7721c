import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A loopback service for plugin tests: `/hang` never answers, anything else answers JSON. */
export interface LocalService {
  readonly url: string;
  close(): Promise<void>;
}

export async function startLocalService(): Promise<LocalService> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests++;
    if (request.url === '/hang') return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ request: requests, value: requests * 7 }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
