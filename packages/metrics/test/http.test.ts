import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, metricsHandler, PROMETHEUS_CONTENT_TYPE } from '../src/index.js';
import { recordingLogger } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('metricsHandler', () => {
  it('serves the exposition with the Prometheus content type', async () => {
    const metrics = createMetrics();
    metrics.counter('hits_total', 3);
    const base = await serve(metrics.metricsHandler());
    const response = await fetch(`${base}/anything`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('hits_total 3\n');
  });

  it('collects afresh on every scrape', async () => {
    const metrics = createMetrics();
    let n = 0;
    metrics.registerCollector(() => metrics.gauge('scrapes', ++n));
    const base = await serve(metrics.metricsHandler());
    await fetch(base).then((r) => r.text());
    expect(await fetch(base).then((r) => r.text())).toContain('scrapes 2\n');
  });

  it('serves only its path when given one, ignoring the query string', async () => {
    const metrics = createMetrics();
    const base = await serve(metrics.metricsHandler({ path: '/metrics' }));
    expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
    const other = await fetch(`${base}/other`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('Not Found\n');
  });

  it('answers HEAD with headers only and other methods with 405', async () => {
    const metrics = createMetrics();
    metrics.gauge('g', 1);
    const base = await serve(metrics.metricsHandler());
    const head = await fetch(base, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(metrics.toPrometheus().length);
    expect(await head.text()).toBe('');
    const post = await fetch(base, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 500 and logs when a collection throws', async () => {
    const logger = recordingLogger();
    const handler = metricsHandler(
      {
        contentType: PROMETHEUS_CONTENT_TYPE,
        toPrometheus: () => {
          throw new Error('boom');
        },
      },
      { logger },
    );
    const base = await serve(handler);
    const response = await fetch(base);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('metrics collection failed\n');
    expect(logger.lines[0]?.message).toContain('collecting metrics for an HTTP scrape failed');
  });

  it('rejects a path that does not start with a slash', () => {
    expect(() => createMetrics().metricsHandler({ path: 'metrics' })).toThrow(
      '`path` must be a path starting with "/", got "metrics"',
    );
  });

  it('counts the body in bytes for Content-Length', async () => {
    const metrics = createMetrics();
    metrics.gauge('g', 1, { name: 'ünïcødé' });
    const base = await serve(metrics.metricsHandler());
    const response = await fetch(base);
    const body = await response.text();
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(body));
  });
});
