import { existsSync } from 'node:fs';
import { isInvalidOptionError } from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isRedisServerNotFoundError,
  isRedisServerStartError,
  type RedisServer,
  startRedisServer,
} from '../src/redis/index.js';
import { command } from './support/resp.js';

const started: RedisServer[] = [];
async function start(...args: Parameters<typeof startRedisServer>): Promise<RedisServer> {
  const server = await startRedisServer(...args);
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

function childProcesses(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'ProcessWrap').length;
}

describe('startRedisServer', () => {
  it('starts a private server on a loopback port that answers, and stop() leaves nothing behind', async () => {
    const before = childProcesses();
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.running).toBe(true);
    expect(server.pid).toBeTypeOf('number');
    expect(await command(server.port, 'PING')).toBe('+PONG\r\n');
    expect(await command(server.port, 'CONFIG', 'GET', 'appendonly')).toContain('no');
    expect(await command(server.port, 'CONFIG', 'GET', 'save')).toMatch(/save\r\n\$0\r\n/);
    await server.stop();
    expect(server.running).toBe(false);
    expect(server.pid).toBeUndefined();
    expect(existsSync(server.dir)).toBe(false);
    await expect(command(server.port, 'PING')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(childProcesses()).toBe(before);
    await server.stop();
  });

  it('gives two servers two ports and two directories', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a?.port).not.toBe(b?.port);
    expect(a?.dir).not.toBe(b?.dir);
  });

  it('keeps data across a restart, and across a SIGKILL, with the append-only file on', async () => {
    const server = await start({ appendOnly: true, args: ['--appendfsync', 'always'] });
    const { port } = server;
    expect(await command(port, 'SET', 'k', 'before')).toBe('+OK\r\n');
    const firstPid = server.pid;
    await server.restart();
    expect(server.port).toBe(port);
    expect(server.pid).not.toBe(firstPid);
    expect(await command(port, 'GET', 'k')).toBe('$6\r\nbefore\r\n');
    await command(port, 'SET', 'k', 'crash');
    await server.kill();
    expect(server.running).toBe(false);
    await expect(command(port, 'PING')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await server.restart();
    expect(await command(port, 'GET', 'k')).toBe('$5\r\ncrash\r\n');
  });

  it('loses data across a restart without the append-only file', async () => {
    const server = await start();
    await command(server.port, 'SET', 'k', 'v');
    await server.restart();
    expect(await command(server.port, 'GET', 'k')).toBe('$-1\r\n');
  });

  it('refuses to restart a stopped server', async () => {
    const server = await start();
    await server.stop();
    await expect(server.restart()).rejects.toThrow(/was stopped/);
  });

  it('stops through Symbol.asyncDispose', async () => {
    const server = await startRedisServer();
    await server[Symbol.asyncDispose]();
    expect(existsSync(server.dir)).toBe(false);
  });

  it('names how to install the binary when it is missing', async () => {
    const error = await startRedisServer({ binary: 'no-such-redis-server' }).catch(
      (e: unknown) => e,
    );
    expect(isRedisServerNotFoundError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'TESTING_REDIS_NOT_FOUND',
      binary: 'no-such-redis-server',
    });
    expect((error as Error).message).toContain('apt-get install redis-server');
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  it('reports what the server printed when it exits at start', async () => {
    const error = await startRedisServer({ args: ['--no-such-directive', 'x'] }).catch(
      (e: unknown) => e,
    );
    expect(isRedisServerStartError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TESTING_REDIS_START_FAILED' });
    expect((error as { output: string }).output).toMatch(/no-such-directive/i);
  });

  it.each([
    [{ appendOnly: 'yes' }, 'appendOnly'],
    [{ startTimeoutMs: 0 }, 'startTimeoutMs'],
    [{ binary: '' }, 'binary'],
    [{ args: ['--port', 1] }, 'args'],
    [5, 'options'],
  ])('refuses a bad option %j naming %s', async (options, option) => {
    const error = await startRedisServer(options as never).catch((e: unknown) => e);
    expect(isInvalidOptionError(error)).toBe(true);
    expect(error).toMatchObject({ option });
  });
});

describe("the README's example", () => {
  it('runs as written against the built entry', async () => {
    const { readFileSync, writeFileSync, rmSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /<!-- example: redis-server -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    // Inside the package, so `@leanvibe/testing/redis` resolves to the build by self-reference.
    const file = new URL('../readme-redis-example.mjs', import.meta.url);
    writeFileSync(file, code ?? '');
    try {
      expect(execFileSync(process.execPath, [file.pathname], { encoding: 'utf8' })).toBe(
        'true\nfalse\n',
      );
    } finally {
      rmSync(file);
    }
  });
});
