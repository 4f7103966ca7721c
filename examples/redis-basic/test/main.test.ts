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

describe('redis-basic', () => {
  it('is the example of the @leanvibe/redis README, verbatim', () => {
    expect(readmeExample('redis', 'redis-basic')).toBe(exampleFile('redis-basic', 'src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('redis-basic');
    expect(output).toContain("B followed A's open: true; B now refuses: true");
    expect(output).toContain('four calls under 3/s: 3 ran, 1 limited');
    expect(output).toContain('B got {"sku":"sku-1","cents":1250,"load":1} after 1 load');
  });
});
