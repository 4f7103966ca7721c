import { writeFile } from 'node:fs/promises';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Writes `spans` to `path` as OTLP JSON — an `ExportTraceServiceRequest` in the protobuf JSON
 * mapping (`resourceSpans[].scopeSpans[].spans[]`, hex ids, times as strings in nanoseconds),
 * the format OpenTelemetry collectors and trace viewers import — through OpenTelemetry's own
 * serializer, as the OTLP/HTTP JSON exporter sends it.
 */
export async function writeOtlpJson(path: string, spans: readonly ReadableSpan[]): Promise<void> {
  const body = JsonTraceSerializer.serializeRequest([...spans]);
  if (body === undefined) throw new Error(`the ${spans.length} span(s) could not be serialized`);
  // One request on one line, as the collector's `otlpjsonfile` receiver reads JSON Lines.
  await writeFile(path, `${new TextDecoder().decode(body)}\n`);
}
