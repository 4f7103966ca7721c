import http from 'node:http';
import https from 'node:https';
import { isInvalidOptionError, isPluginSecurityError } from '@leanvibe/core/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSafeAgent } from '../../src/index.js';
import { answer, PUBLIC, startServer, type TestServer } from './servers.js';

type Result =
  | { status: number; body: string }
  | { error: Error & { code?: string; violation?: string } };

function get(url: string | http.RequestOptions, agent: http.Agent): Promise<Result> {
  return new Promise((resolve) => {
    const request = (
      typeof url === 'string' ? http.request(url, { agent }) : http.request({ ...url, agent })
    )
      .on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      })
      .on('error', (error) => resolve({ error }));
    request.end();
  });
}

function refused(result: Result): Error & { code?: string; violation?: string } {
  if (!('error' in result)) throw new Error(`expected a refusal, got ${result.status}`);
  expect(isPluginSecurityError(result.error)).toBe(true);
  return result.error;
}

describe('createSafeAgent', () => {
  let allowed: TestServer;
  let other: TestServer;

  beforeAll(async () => {
    other = await startServer('127.0.0.2', (_, response) => response.end('reached 127.0.0.2'));
    allowed = await startServer('127.0.0.1', (request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `${other.origin}/` }).end();
      } else response.end('hello');
    });
  });

  afterAll(async () => {
    await allowed.close();
    await other.close();
  });

  it('connects to a loopback service named in allowHosts', async () => {
    const agent = createSafeAgent({ allowHosts: ['127.0.0.1'] });
    expect(await get(`${allowed.origin}/`, agent)).toEqual({ status: 200, body: 'hello' });
    agent.destroy();
  });

  it('refuses a redirect from an allowed host to 127.0.0.2, without connecting', async () => {
    // The same request without the guard does reach 127.0.0.2: the refusal is the guard's.
    const plain = new http.Agent();
    expect(await get(`${other.origin}/`, plain)).toEqual({
      status: 200,
      body: 'reached 127.0.0.2',
    });
    plain.destroy();
    const before = other.connections;

    const agent = createSafeAgent({ allowHosts: ['127.0.0.1'] });
    const first = await get(`${allowed.origin}/redirect`, agent);
    expect(first).toMatchObject({ status: 302 });
    const location = new URL(`${other.origin}/`).href;
    const error = refused(await get(location, agent));
    expect(error.code).toBe('SECURITY_BLOCKED_ADDRESS');
    expect(other.connections).toBe(before);
    agent.destroy();
  });

  it.each(['2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]', '::1'])(
    'refuses the literal host %s, which never reaches a lookup hook',
    async (host) => {
      const lookup = vi.fn(answer(PUBLIC));
      const before = allowed.connections;
      const agent = createSafeAgent({ lookup });
      const error = refused(await get({ host, port: allowed.port, path: '/' }, agent));
      expect(error.code).toBe('SECURITY_BLOCKED_ADDRESS');
      expect(lookup).not.toHaveBeenCalled();
      expect(allowed.connections).toBe(before);
      agent.destroy();
    },
  );

  it('refuses a name whose injected lookup returns a private address', async () => {
    const agent = createSafeAgent({ lookup: answer('10.0.0.8') });
    const error = refused(await get(`http://intranet.test:${allowed.port}/`, agent));
    expect(error.code).toBe('SECURITY_DNS_BLOCKED');
    expect(error.message).toContain('10.0.0.8');
    agent.destroy();
  });

  it('refuses a name whose lookup returns one public and one private address', async () => {
    const agent = createSafeAgent({ lookup: answer(PUBLIC, '192.168.7.7') });
    const error = refused(await get(`http://mixed.test:${allowed.port}/`, agent));
    expect(error.violation).toBe('dns_blocked');
    agent.destroy();
  });

  it('refuses a deny-listed name, and a request with no host at all', async () => {
    const lookup = vi.fn(answer(PUBLIC));
    const agent = createSafeAgent({ lookup });
    expect(refused(await get(`http://localhost:${allowed.port}/`, agent)).violation).toBe(
      'blocked_host',
    );
    expect(refused(await get({ port: allowed.port, path: '/' }, agent)).violation).toBe(
      'blocked_host',
    );
    expect(lookup).not.toHaveBeenCalled();
    agent.destroy();
  });

  it('connects a name only to the address its lookup returned and the policy allowed', async () => {
    const lookup = vi.fn(answer('127.0.0.1'));
    const agent = createSafeAgent({ allowCidrs: ['127.0.0.1/32'], lookup });
    expect(await get(`http://service.test:${allowed.port}/`, agent)).toEqual({
      status: 200,
      body: 'hello',
    });
    expect(lookup).toHaveBeenCalledWith('service.test');
    expect(allowed.requests.at(-1)?.headers.host).toBe(`service.test:${allowed.port}`);
    agent.destroy();
  });

  it('refuses Unix sockets', async () => {
    const agent = createSafeAgent();
    const error = refused(
      await get({ socketPath: '/var/run/docker.sock', path: '/containers/json' }, agent),
    );
    expect(error.violation).toBe('socket_path');
    agent.destroy();
  });

  it('hands net every checked address for all: true, and one for a family', async () => {
    const agent = createSafeAgent({ lookup: answer(PUBLIC, '2606:4700::1111'), allowCidrs: [] });
    const lookup = (agent as unknown as { options: { lookup: Function } }).options.lookup;
    const all = await new Promise((resolve, reject) =>
      lookup('public.test', { all: true }, (error: Error | null, addresses: unknown) =>
        error ? reject(error) : resolve(addresses),
      ),
    );
    expect(all).toEqual([
      { address: PUBLIC, family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
    const six = await new Promise((resolve, reject) =>
      lookup(
        'public.test',
        { family: 6 },
        (error: Error | null, address: string, family: number) =>
          error ? reject(error) : resolve([address, family]),
      ),
    );
    expect(six).toEqual(['2606:4700::1111', 6]);
    const four = await new Promise((resolve) =>
      lookup('public.test', (error: Error | null, address: string) => resolve([error, address])),
    );
    expect(four).toEqual([null, PUBLIC]);
    agent.destroy();
  });

  it('reports a family the name does not have as a failed lookup', async () => {
    const agent = createSafeAgent({ lookup: answer(PUBLIC) });
    const lookup = (agent as unknown as { options: { lookup: Function } }).options.lookup;
    const error = await new Promise<Error>((resolve) => lookup('v4only.test', 6, resolve));
    expect(error).toMatchObject({ violation: 'dns_failed' });
    const viaString = await new Promise<Error>((resolve) =>
      lookup('v4only.test', { family: 'IPv6' }, resolve),
    );
    expect(viaString).toMatchObject({ violation: 'dns_failed' });
    agent.destroy();
  });

  it('builds an https.Agent that refuses literals the same way', async () => {
    const agent = createSafeAgent({ protocol: 'https:', agentOptions: { keepAlive: true } });
    expect(agent).toBeInstanceOf(https.Agent);
    const error = await new Promise<Error>((resolve) => {
      https.get('https://127.0.0.2/', { agent }).on('error', resolve);
    });
    expect(error).toMatchObject({ code: 'SECURITY_BLOCKED_ADDRESS' });
    agent.destroy();
  });

  it.each([
    [{ protocol: 'ftp:' }, 'protocol'],
    [{ agentOptions: { lookup: () => {} } }, 'agentOptions.lookup'],
    [{ agentOptions: { socketPath: '/x' } }, 'agentOptions.socketPath'],
    [{ agentOptions: 5 }, 'agentOptions'],
    [{ allowCidrs: ['x'] }, 'allowCidrs[0]'],
  ])('refuses the options %j naming %s', (options, option) => {
    try {
      createSafeAgent(options as never);
      expect.unreachable();
    } catch (error) {
      expect(isInvalidOptionError(error)).toBe(true);
      expect((error as { option: string }).option).toBe(option);
    }
  });
});
