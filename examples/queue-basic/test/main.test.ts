import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
  process.env.REDIS_URL = server.url;
});

afterAll(async () => {
  await server.stop();
});

describe('queue-basic', () => {
  it('is the example of the @leanvibe/queue README, verbatim', () => {
    expect(readmeExample('queue', 'queue-basic')).toBe(exampleFile('queue-basic', 'src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('queue-basic');
    expect(output).toContain('resized: cat.png@320w');
    expect(output).toContain('resubmit is the same job: true');
    expect(output).toContain('invalid: PLUGIN_VALIDATION, validation error: true, attempts: 1');
  });
});
