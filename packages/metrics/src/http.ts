import {
  checkOptionsObject,
  checkString,
  invalidOption,
  type Logger,
  noopLogger,
} from '@leanvibe/core/contracts';

/** The part of `node:http`'s `IncomingMessage` the handler reads. */
export interface MetricsRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
}

/** The part of `node:http`'s `ServerResponse` the handler writes. */
export interface MetricsResponse {
  statusCode: number;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  end(body?: string): unknown;
}

/** A `node:http` request listener: `http.createServer(handler)` or a route of a larger server. */
export type MetricsHandler = (request: MetricsRequest, response: MetricsResponse) => void;

/** Options of {@link Metrics.metricsHandler}. */
export interface MetricsHandlerOptions {
  /**
   * Serve only this path (the query string is ignored) and answer 404 elsewhere; without it,
   * every path serves the metrics. @default every path
   */
  readonly path?: string;
  /** Where a failed collection is logged (it is answered with 500). @default noopLogger */
  readonly logger?: Logger;
}

/** What the handler serves. */
export interface ExpositionSource {
  toPrometheus(): string;
  readonly contentType: string;
}

/**
 * Builds a request listener serving `source` in the Prometheus text format: `GET` and `HEAD`,
 * `405` with `Allow` for other methods, `Cache-Control: no-store`, and `500` when a collection
 * throws.
 */
export function metricsHandler(
  source: ExpositionSource,
  options: MetricsHandlerOptions = {},
): MetricsHandler {
  checkOptionsObject('options', options);
  const path = options.path === undefined ? undefined : checkString('path', options.path);
  if (path !== undefined && !path.startsWith('/')) {
    throw invalidOption('path', 'a path starting with "/"', path);
  }
  const logger = options.logger ?? noopLogger;
  return (request, response) => {
    if (path !== undefined) {
      const url = request.url ?? '/';
      const query = url.indexOf('?');
      if ((query === -1 ? url : url.slice(0, query)) !== path) {
        send(response, 404, 'text/plain; charset=utf-8', 'Not Found\n');
        return;
      }
    }
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      send(response, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n');
      return;
    }
    let body: string;
    try {
      body = source.toPrometheus();
    } catch (error) {
      logger.error({ err: error }, 'collecting metrics for an HTTP scrape failed');
      send(response, 500, 'text/plain; charset=utf-8', 'metrics collection failed\n');
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    send(response, 200, source.contentType, method === 'HEAD' ? undefined : body, body);
  };
}

function send(
  response: MetricsResponse,
  status: number,
  contentType: string,
  body: string | undefined,
  lengthOf: string | undefined = body,
): void {
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(lengthOf ?? ''));
  response.end(body);
}
