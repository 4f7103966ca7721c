import { isInvalidOptionError, isPluginSecurityError } from '@leanvibe/core/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSafeDispatcher, type LookupFunction, validateUrl } from '../../src/index.js';
import { answer, PUBLIC, startServer, type TestServer } from './servers.js';

async function causeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected fetch to fail');
    },
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(TypeError);
  expect(isPluginSecurityError(error.cause)).toBe(true);
  return error.cause as Error & { code: string; violation: string };
}

describe('createSafeDispatcher (with the global fetch)', () => {
  let allowed: TestServer;
  let other: TestServer;

  beforeAll(async () => {
    other = await startServer('127.0.0.2', (_, response) => response.end('reached 127.0.0.2'));
    allowed = await startServer('127.0.0.1', (request, response) => {
      if (request.url === '/redirect')
        response.writeHead(302, { location: `${other.origin}/` }).end();
      else response.end(`hello ${request.headers.host}`);
    });
  });

  afterAll(async () => {
    await allowed.close();
    await other.close();
  });

  it('is accepted by the global fetch and reaches a service named in allowHosts', async () => {
    const dispatcher = createSafeDispatcher({ allowHosts: ['127.0.0.1'] });
    const response = await fetch(`${allowed.origin}/`, { dispatcher });
    expect(await response.text()).toBe(`hello 127.0.0.1:${allowed.port}`);
    await dispatcher.close();
  });

  it('refuses a redirect that fetch follows from an allowed host to 127.0.0.2', async () => {
    // Without the guard, fetch follows the redirect all the way: the refusal is the guard's.
    const plain = await fetch(`${allowed.origin}/redirect`);
    expect(await plain.text()).toBe('reached 127.0.0.2');
    const before = other.connections;

    const dispatcher = createSafeDispatcher({ allowHosts: ['127.0.0.1'] });
    const cause = await causeOf(fetch(`${allowed.origin}/redirect`, { dispatcher }));
    expect(cause.code).toBe('SECURITY_BLOCKED_ADDRESS');
    expect(other.connections).toBe(before);
    await dispatcher.close();
  });

  it.each([
    'http://[::1]:8080/',
    'http://0x7f.1:8080/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://2852039166/',
  ])('refuses %s', async (url) => {
    const dispatcher = createSafeDispatcher({ lookup: answer(PUBLIC) });
    const cause = await causeOf(fetch(url, { dispatcher }));
    expect(cause.violation).toBe('blocked_address');
    await dispatcher.close();
  });

  it('refuses a name whose injected lookup returns a private address', async () => {
    const dispatcher = createSafeDispatcher({ lookup: answer('172.20.0.3') });
    const cause = await causeOf(fetch(`http://db.test:${allowed.port}/`, { dispatcher }));
    expect(cause.code).toBe('SECURITY_DNS_BLOCKED');
    await dispatcher.close();
  });

  it('refuses a name whose lookup returns one public and one private address', async () => {
    const dispatcher = createSafeDispatcher({ lookup: answer(PUBLIC, 'fd00::7') });
    const cause = await causeOf(fetch(`http://mixed.test:${allowed.port}/`, { dispatcher }));
    expect(cause.violation).toBe('dns_blocked');
    await dispatcher.close();
  });

  it('defeats DNS rebinding: the address checked at connect is the one connected to', async () => {
    let calls = 0;
    const lookup: LookupFunction = async () => [{ address: calls++ === 0 ? PUBLIC : '127.0.0.1' }];
    const before = allowed.connections;
    // The first answer passes validateUrl; by connect time the name points at loopback.
    await expect(
      validateUrl(`http://rebind.test:${allowed.port}/`, { lookup }),
    ).resolves.toBeInstanceOf(URL);
    const dispatcher = createSafeDispatcher({ lookup });
    const cause = await causeOf(fetch(`http://rebind.test:${allowed.port}/`, { dispatcher }));
    expect(cause.violation).toBe('dns_blocked');
    expect(allowed.connections).toBe(before);
    await dispatcher.close();
  });

  it('connects a name to the loopback address its lookup returned when allowCidrs permits it', async () => {
    const lookup = vi.fn(answer('127.0.0.1'));
    const dispatcher = createSafeDispatcher({ allowCidrs: ['127.0.0.0/8'], lookup });
    const response = await fetch(`http://service.test:${allowed.port}/`, { dispatcher });
    expect(await response.text()).toBe(`hello service.test:${allowed.port}`);
    expect(lookup).toHaveBeenCalledWith('service.test');
    await dispatcher.destroy();
  });

  it.each([
    [{ tls: { lookup: () => {} } }, 'tls.lookup'],
    [{ tls: { host: 'x' } }, 'tls.host'],
    [{ connectTimeoutMs: 0 }, 'connectTimeoutMs'],
    [{ keepAliveTimeoutMs: 1.5 }, 'keepAliveTimeoutMs'],
    [{ connectionsPerOrigin: -1 }, 'connectionsPerOrigin'],
    [{ denyHosts: [''] }, 'denyHosts[0]'],
  ])('refuses the options %j naming %s', (options, option) => {
    try {
      createSafeDispatcher(options as never);
      expect.unreachable();
    } catch (error) {
      expect(isInvalidOptionError(error)).toBe(true);
      expect((error as { option: string }).option).toBe(option);
    }
  });

  it('takes a connection limit per origin', async () => {
    const dispatcher = createSafeDispatcher({ allowHosts: ['127.0.0.1'], connectionsPerOrigin: 1 });
    const texts = await Promise.all(
      [1, 2, 3].map(async () => (await fetch(`${allowed.origin}/`, { dispatcher })).text()),
    );
    expect(texts).toHaveLength(3);
    await dispatcher.close();
  });
});
