/**
 * Decodes OTLP/HTTP JSON trace exports (ExportTraceServiceRequest, as
 * @opentelemetry/exporter-trace-otlp-http sends them) into plain spans for assertions.
 */
import { startFakeCollector, type FakeCollector, type FakeCollectorOptions } from './fake-collector.ts';

/** One exported span, decoded. */
export interface DecodedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Record<string, unknown>;
  readonly status: { code: number; message?: string };
  readonly resource: Record<string, unknown>;
  readonly scope: string;
}

/** A fake OTLP/HTTP receiver (`POST /v1/traces` unless other paths are given). */
export interface FakeOtlp extends FakeCollector {
  /** Every span received so far. */
  spans(): DecodedSpan[];
}

/** Starts a fake OTLP receiver. */
export async function startFakeOtlp(options: FakeCollectorOptions = {}): Promise<FakeOtlp> {
  const collector = await startFakeCollector({ paths: ['/v1/traces'], ...options });
  return { ...collector, spans: () => collector.requests.flatMap((request) => decodeOtlpTraces(request.body)) };
}

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpKeyValue[];
  status?: { code?: number; message?: string };
}
interface OtlpRequest {
  resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[] }[];
}

/** Decodes one ExportTraceServiceRequest (JSON encoding: hex ids, nanosecond strings). */
export function decodeOtlpTraces(body: unknown): DecodedSpan[] {
  const request = body as OtlpRequest;
  if (!Array.isArray(request.resourceSpans)) throw new Error(`not an OTLP trace export: ${JSON.stringify(body).slice(0, 200)}`);
  return request.resourceSpans.flatMap((resourceSpans) => {
    const resource = decodeAttributes(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId === undefined || span.parentSpanId === '' ? undefined : span.parentSpanId,
        name: span.name,
        kind: span.kind,
        startMs: Number(BigInt(span.startTimeUnixNano) / 1_000_000n),
        endMs: Number(BigInt(span.endTimeUnixNano) / 1_000_000n),
        attributes: decodeAttributes(span.attributes),
        status: { code: span.status?.code ?? 0, ...(span.status?.message === undefined ? {} : { message: span.status.message }) },
        resource,
        scope: scopeSpans.scope?.name ?? '',
      })),
    );
  });
}

function decodeAttributes(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = decodeValue(value);
  return out;
}

function decodeValue(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(decodeValue);
  if (value.kvlistValue !== undefined) return decodeAttributes(value.kvlistValue.values);
  return undefined;
}
