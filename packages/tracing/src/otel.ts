import { createRequire } from 'node:module';

type OtelApi = typeof import('@opentelemetry/api');

let api: OtelApi | undefined;

/**
 * `@opentelemetry/api`, the optional peer, loaded on the first instrumentation rather than at
 * import, so `import('@leanvibe/tracing')` costs nothing when nobody traces. The API keeps its
 * state on `globalThis`, so this copy sees the provider and propagator the application set.
 */
export function otel(): OtelApi {
  api ??= createRequire(import.meta.url)('@opentelemetry/api') as OtelApi;
  return api;
}
