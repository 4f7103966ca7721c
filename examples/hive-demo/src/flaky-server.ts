import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { unitFor } from './random.js';

/** What the server does with one request. */
export type Fault = 'ok' | 'fail' | 'slow' | 'hang';

/** One decision, as logged. */
export interface Decision {
  readonly request: number;
  readonly fault: Fault;
}

/** Options of {@link startFlakyServer}. */
export interface FlakyServerOptions {
  /** Decides every fault together with the request number. */
  readonly seed: number;
  /** Share of requests that fail (500), hang or answer slowly, in 0..1. */
  readonly failureRate: number;
  /** How long a slow answer takes, in ms. @default 150 */
  readonly slowMs?: number;
  /**
   * Requests in this range (1-based, inclusive) all fail: an outage, so the breaker opens and
   * then recovers once it is over.
   */
  readonly outage?: { readonly from: number; readonly to: number };
}

/** A running flaky service on 127.0.0.1. */
export interface FlakyServer {
  readonly url: string;
  /** Every decision so far, in request order. */
  readonly decisions: readonly Decision[];
  close(): Promise<void>;
}

/**
 * Decides what to do with request `n`: a pure function of the seed, the request number and the
 * failure rate, so `--seed` reproduces the fault pattern exactly. Of the faulty share, half
 * fail, a quarter hang and a quarter answer slowly.
 */
export function decide(options: FlakyServerOptions, n: number): Fault {
  const { outage } = options;
  if (outage !== undefined && n >= outage.from && n <= outage.to) return 'fail';
  const u = unitFor(options.seed, n);
  const rate = options.failureRate;
  if (u >= rate) return 'ok';
  const share = u / rate;
  if (share < 0.5) return 'fail';
  if (share < 0.75) return 'hang';
  return 'slow';
}

/**
 * The demo's outage for a run of `tasks` fetches: seven requests in a row that fail, more than
 * the five calls the circuit breaker needs to judge, about a third of the way in.
 */
export function outageFor(tasks: number): FlakyServerOptions['outage'] {
  if (tasks < 10) return undefined;
  const from = Math.max(8, Math.round(tasks * 0.3));
  return { from, to: from + 6 };
}

/** Starts the flaky service on a random loopback port. */
export async function startFlakyServer(options: FlakyServerOptions): Promise<FlakyServer> {
  const decisions: Decision[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const slowMs = options.slowMs ?? 150;
  let count = 0;

  const respond = (response: ServerResponse, status: number, body: object): void => {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const n = ++count;
    const fault = decide(options, n);
    decisions.push({ request: n, fault });
    const body = { request: n, path: request.url, value: n * 7 };
    if (fault === 'ok') return respond(response, 200, body);
    if (fault === 'fail') return respond(response, 503, { error: 'unavailable', request: n });
    if (fault === 'hang') return; // never answers; the client's timeout must end it
    const timer = setTimeout(() => {
      timers.delete(timer);
      respond(response, 200, body);
    }, slowMs);
    timers.add(timer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    decisions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
