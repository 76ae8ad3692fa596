import { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { CallSink } from './langfuse-telemetry.ts';
import type { OtelSettings } from './otel-settings.ts';
import { otelSpanAttributes, otelSpanName } from './otel-span-attributes.ts';

/** Seconds one OTLP export may take before it is given up. */
const EXPORT_TIMEOUT_MS = 10_000;

/**
 * The otel callback: one CLIENT span per call with GenAI semantic-convention attributes,
 * continuing the caller's W3C `traceparent` when sent. Its own tracer provider and
 * BatchSpanProcessor (nothing global is registered), exporting OTLP/HTTP JSON.
 */
export function createOtelSink(settings: OtelSettings): CallSink {
  const exporter: SpanExporter =
    settings.endpoint === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter({ url: settings.endpoint, headers: settings.headers, timeoutMillis: EXPORT_TIMEOUT_MS });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('switchyard');
  const propagator = new W3CTraceContextPropagator();
  return {
    record(event) {
      const parent = event.traceHeaders === undefined ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, event.traceHeaders, defaultTextMapGetter);
      const span = tracer.startSpan(otelSpanName(event), { kind: SpanKind.CLIENT, startTime: event.startedAt ?? Date.now(), attributes: otelSpanAttributes(event) }, parent);
      span.setStatus(event.status === 'failure' ? { code: SpanStatusCode.ERROR, message: event.errorMessage ?? 'failed' } : { code: SpanStatusCode.OK });
      span.end(event.endedAt ?? Date.now());
    },
    flush: () => provider.forceFlush(),
    close: () => provider.shutdown(),
  };
}
