import { connect } from 'node:net';

/** Sends one command in RESP to a Redis server on loopback and resolves with its raw reply. */
export function command(port: number, ...args: string[]): Promise<string> {
  const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('error', reject);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const complete = reply.startsWith('$')
        ? /^\$-1\r\n|^\$\d+\r\n[\s\S]*\r\n$/.test(reply)
        : reply.endsWith('\r\n');
      if (complete) {
        socket.destroy();
        resolve(reply);
      }
    });
  });
}
