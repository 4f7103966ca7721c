import {
  createManualClock,
  isInvalidArgumentError,
  isInvalidOptionError,
  isPluginSecurityError,
  isPluginTimeoutError,
  type PermissionChecker,
} from '@leanvibe/core/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createHostMatcher,
  createSafeFetch,
  NET_FETCH_PERMISSION,
  safeFetch,
} from '../../src/index.js';
import { answer, startServer, type TestServer } from './servers.js';

// Every name resolves to 127.0.0.1, which allowCidrs opens: the services below are local.
const local = { allowCidrs: ['127.0.0.1/32'], lookup: answer('127.0.0.1') } as const;

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as Error & { violation: string; code: string },
  );
  expect(isPluginSecurityError(error)).toBe(true);
  return error;
}

describe('safeFetch', () => {
  let a: TestServer;
  let b: TestServer;
  let other: TestServer;
  let bodies: string[];

  beforeAll(async () => {
    bodies = [];
    other = await startServer('127.0.0.2', (_, response) => response.end('reached 127.0.0.2'));
    b = await startServer('127.0.0.1', (request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, headers: request.headers }));
    });
    a = await startServer('127.0.0.1', (request, response, self) => {
      const url = new URL(request.url!, 'http://a.test');
      const hop = Number(url.searchParams.get('hop') ?? 0);
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        bodies.push(body);
        switch (url.pathname) {
          case '/hello':
            return response.end('hello');
          case '/to-other':
            return response.writeHead(302, { location: `${other.origin}/` }).end();
          case '/to-private-name':
            return response
              .writeHead(302, { location: `http://intranet.corp:${self.port}/` })
              .end();
          case '/to-b':
            return response.writeHead(307, { location: `http://b.test:${b.port}/echo` }).end();
          case '/to-self':
            return response.writeHead(302, { location: `/echo-self` }).end();
          case '/echo-self':
            return response.end(
              JSON.stringify({ method: request.method, headers: request.headers, body }),
            );
          case '/see-other':
            return response.writeHead(303, { location: '/echo-self' }).end();
          case '/temporary':
            return response.writeHead(307, { location: '/echo-self' }).end();
          case '/moved-post':
            return response.writeHead(301, { location: '/echo-self' }).end();
          case '/loop':
            return response.writeHead(302, { location: `/loop?hop=${hop + 1}` }).end();
          case '/no-location':
            return response.writeHead(302).end('no location');
          case '/bad-location':
            return response.writeHead(302, { location: 'http://exa mple.com/' }).end();
          case '/ftp':
            return response.writeHead(302, { location: 'ftp://files.test/x' }).end();
          case '/big-declared':
            response.writeHead(200, { 'content-length': '2048' });
            return response.end('x'.repeat(2048));
          case '/big-chunked':
            response.writeHead(200);
            for (let i = 0; i < 8; i++) response.write('y'.repeat(256));
            return response.end();
          case '/exact':
            return response.end('z'.repeat(1024));
          case '/empty':
            return response.writeHead(204).end();
          case '/hang':
            return; // never answers
          default:
            return response.writeHead(404).end('not found');
        }
      });
    });
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    await other.close();
  });

  const at = (path: string) => `http://a.test:${a.port}${path}`;

  it('fetches through the guard and resolves with the whole body', async () => {
    const response = await safeFetch(at('/hello'), local);
    expect(response.status).toBe(200);
    expect(response.url).toBe(at('/hello'));
    expect(response.redirected).toBe(false);
    expect(await response.text()).toBe('hello');
  });

  it('refuses a URL before fetching it', async () => {
    const error = await refusal(safeFetch('http://169.254.169.254/latest/meta-data/'));
    expect(error.violation).toBe('blocked_address');
    expect((await refusal(safeFetch('file:///etc/passwd'))).violation).toBe('url_scheme');
  });

  it('refuses a redirect to 127.0.0.2 and never connects there', async () => {
    const before = other.connections;
    const error = await refusal(safeFetch(at('/to-other'), local));
    expect(error.code).toBe('SECURITY_BLOCKED_ADDRESS');
    expect(other.connections).toBe(before);
  });

  it('refuses a redirect to a name that resolves to a private address, at connect', async () => {
    const lookup = async (name: string) => [
      { address: name === 'a.test' ? '127.0.0.1' : '10.0.0.9' },
    ];
    const error = await refusal(
      safeFetch(at('/to-private-name'), { allowCidrs: ['127.0.0.1'], lookup }),
    );
    expect(error.code).toBe('SECURITY_DNS_BLOCKED');
  });

  it('refuses a redirect to another scheme or an invalid Location', async () => {
    expect((await refusal(safeFetch(at('/ftp'), local))).violation).toBe('url_scheme');
    expect((await refusal(safeFetch(at('/bad-location'), local))).violation).toBe('url_invalid');
  });

  it('follows redirects by hand, re-validating each, and says so', async () => {
    const response = await safeFetch(at('/to-self'), local);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(at('/echo-self'));
    expect(await response.json()).toMatchObject({ method: 'GET' });
  });

  it('stops after maxRedirects', async () => {
    const before = a.requests.length;
    const error = await refusal(safeFetch(at('/loop'), { ...local, maxRedirects: 3 }));
    expect(error.violation).toBe('too_many_redirects');
    expect(a.requests.length - before).toBe(4);
    expect((await refusal(safeFetch(at('/loop'), { ...local, maxRedirects: 0 }))).violation).toBe(
      'too_many_redirects',
    );
  });

  it("returns the 3xx with redirect: 'manual' and refuses it with 'error'", async () => {
    const manual = await safeFetch(at('/to-other'), { ...local, redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe(`${other.origin}/`);
    const error = await refusal(safeFetch(at('/to-self'), { ...local, redirect: 'error' }));
    expect(error.violation).toBe('redirect_refused');
  });

  it('returns a 3xx without Location as it is', async () => {
    const response = await safeFetch(at('/no-location'), local);
    expect(response.status).toBe(302);
    expect(await response.text()).toBe('no location');
  });

  it('drops Authorization and cookies when a redirect changes origin', async () => {
    const headers = { authorization: 'Bearer secret', cookie: 'session=1', 'x-trace': 'kept' };
    const response = await safeFetch(at('/to-b'), { ...local, headers });
    const seen = (await response.json()) as { headers: Record<string, string> };
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['x-trace']).toBe('kept');
  });

  it('keeps them on a same-origin redirect', async () => {
    const headers = { authorization: 'Bearer secret', cookie: 'session=1' };
    const response = await safeFetch(at('/to-self'), { ...local, headers });
    const seen = (await response.json()) as { headers: Record<string, string> };
    expect(seen.headers.authorization).toBe('Bearer secret');
    expect(seen.headers.cookie).toBe('session=1');
  });

  it('turns a POST into a GET without body on 303 and on 301, and keeps it on 307', async () => {
    const post = {
      ...local,
      method: 'POST',
      body: 'payload',
      headers: { 'content-type': 'text/plain' },
    };
    const seeOther = (await (await safeFetch(at('/see-other'), post)).json()) as Record<
      string,
      unknown
    >;
    expect(seeOther).toMatchObject({ method: 'GET', body: '' });
    expect((seeOther.headers as Record<string, string>)['content-type']).toBeUndefined();
    const moved = (await (await safeFetch(at('/moved-post'), post)).json()) as Record<
      string,
      unknown
    >;
    expect(moved).toMatchObject({ method: 'GET', body: '' });
    const temporary = (await (await safeFetch(at('/temporary'), post)).json()) as Record<
      string,
      unknown
    >;
    expect(temporary).toMatchObject({ method: 'POST', body: 'payload' });
  });

  it('refuses to replay a stream body on a 307', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('once'));
        controller.close();
      },
    });
    const error = await safeFetch(at('/temporary'), { ...local, method: 'POST', body }).catch(
      (e: unknown) => e,
    );
    expect(isInvalidArgumentError(error)).toBe(true);
  });

  describe('size cap', () => {
    it('refuses a declared Content-Length over maxResponseBytes', async () => {
      const error = await refusal(
        safeFetch(at('/big-declared'), { ...local, maxResponseBytes: 1024 }),
      );
      expect(error.code).toBe('SECURITY_RESPONSE_TOO_LARGE');
      expect(error.message).toContain('2048');
    });

    it('counts the bytes of a body with no length and cuts it off', async () => {
      const error = await refusal(
        safeFetch(at('/big-chunked'), { ...local, maxResponseBytes: 1000 }),
      );
      expect(error.violation).toBe('response_too_large');
    });

    it('accepts a body of exactly maxResponseBytes', async () => {
      const response = await safeFetch(at('/exact'), { ...local, maxResponseBytes: 1024 });
      expect((await response.arrayBuffer()).byteLength).toBe(1024);
    });

    it('returns a response without body for 204', async () => {
      const response = await safeFetch(at('/empty'), { ...local, maxResponseBytes: 0 });
      expect(response.status).toBe(204);
      expect(response.body).toBeNull();
    });
  });

  describe('time cap', () => {
    it('rejects with PluginTimeoutError after timeoutMs and clears its timer', async () => {
      const clock = createManualClock();
      const pending = safeFetch(at('/hang'), { ...local, clock, timeoutMs: 500 });
      await vi.waitFor(() => expect(a.requests.at(-1)?.url).toBe('/hang'));
      expect(clock.pendingTimers()).toBe(1);
      clock.advance(500);
      const error = await pending.catch((e: unknown) => e);
      expect(isPluginTimeoutError(error)).toBe(true);
      expect(error).toMatchObject({ timeoutMs: 500, operation: 'safeFetch' });
      expect(clock.pendingTimers()).toBe(0);
    });

    it('clears its timer when the fetch succeeds', async () => {
      const clock = createManualClock();
      await safeFetch(at('/hello'), { ...local, clock });
      expect(clock.pendingTimers()).toBe(0);
    });

    it("rejects with the caller's abort reason", async () => {
      const controller = new AbortController();
      const reason = new Error('caller gave up');
      const pending = safeFetch(at('/hang'), { ...local, signal: controller.signal });
      await vi.waitFor(() => expect(a.requests.at(-1)?.url).toBe('/hang'));
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
    });
  });

  describe('net:fetch permission', () => {
    const hosts = createHostMatcher(['a.test']);
    const checker: PermissionChecker = {
      check: vi.fn(
        async (permission, context) =>
          permission === NET_FETCH_PERMISSION && hosts(context.resource ?? ''),
      ),
    };
    // Each test counts its own checks, whichever of them runs first.
    beforeEach(() => {
      vi.mocked(checker.check).mockClear();
    });

    it('asks the checker for every hop, with the host as resource', async () => {
      await safeFetch(at('/to-self'), {
        ...local,
        permission: { checker, pluginId: 'crawler', taskId: 't1' },
      });
      expect(checker.check).toHaveBeenCalledWith('net:fetch', {
        pluginId: 'crawler',
        taskId: 't1',
        resource: 'a.test',
      });
      expect(checker.check).toHaveBeenCalledTimes(2);
    });

    it('refuses a host the plugin may not fetch, naming the permission', async () => {
      const error = await refusal(
        safeFetch(at('/to-b'), { ...local, permission: { checker, pluginId: 'crawler' } }),
      );
      expect(error).toMatchObject({
        violation: 'permission_denied',
        requiredPermission: 'net:fetch',
      });
      expect(error.message).toContain('b.test');
    });
  });

  describe('createSafeFetch', () => {
    it('reuses one dispatcher, takes per-call caps and closes twice safely', async () => {
      const client = createSafeFetch({ ...local, maxResponseBytes: 10 });
      expect(await (await client.fetch(at('/hello'))).text()).toBe('hello');
      expect(
        await (await client.fetch(at('/exact'), { maxResponseBytes: 2048 })).text(),
      ).toHaveLength(1024);
      expect((await refusal(client.fetch(at('/exact')))).violation).toBe('response_too_large');
      await client.close();
      await client[Symbol.asyncDispose]();
      await expect(client.fetch(at('/hello'))).rejects.toThrow();
    });

    it.each([
      [{ maxRedirects: -1 }, 'maxRedirects'],
      [{ maxResponseBytes: 1.5 }, 'maxResponseBytes'],
      [{ timeoutMs: 0 }, 'timeoutMs'],
      [{ permission: { pluginId: 'x' } }, 'permission.checker.check'],
      [{ permission: 'yes' }, 'permission'],
    ])('refuses the options %j naming %s', (options, option) => {
      try {
        createSafeFetch(options as never);
        expect.unreachable();
      } catch (error) {
        expect(isInvalidOptionError(error)).toBe(true);
        expect((error as { option: string }).option).toBe(option);
      }
    });

    it('refuses a bad redirect mode per call', async () => {
      const client = createSafeFetch(local);
      await expect(client.fetch(at('/hello'), { redirect: 'follow-all' as never })).rejects.toThrow(
        /`redirect` must be one of/,
      );
      await client.close();
    });
  });
});
