import { ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { CallCompleteEvent } from '../server/call-events.ts';
import { langfuseGeneration } from './langfuse-generation.ts';
import type { LangfuseSettings } from './langfuse-settings.ts';
import { SpanIdSource } from './span-id-source.ts';

/** The tracer name the Langfuse SDK gives its own spans. */
const LANGFUSE_TRACER_NAME = 'langfuse-sdk';

/** A call sink: `record` is cheap and synchronous; `close` flushes what is pending. */
export interface CallSink {
  record(event: CallCompleteEvent): void;
  /** Sends everything pending now. */
  flush(): Promise<void>;
  /** Flushes and stops. */
  close(): Promise<void>;
}

/**
 * The Langfuse callback: each call becomes one generation span (the root of its trace,
 * carrying the trace's name, user, session, tags and metadata) handed to the Langfuse SDK's
 * span processor, which batches and exports it asynchronously to
 * `{baseUrl}/api/public/otel/v1/traces`. Own tracer provider: nothing global is registered.
 */
export function createLangfuseSink(args: { settings: LangfuseSettings; logMessages: boolean }): CallSink {
  const { settings } = args;
  const ids = new SpanIdSource();
  const processor = new LangfuseSpanProcessor({
    publicKey: settings.publicKey,
    secretKey: settings.secretKey,
    baseUrl: settings.baseUrl,
    ...(settings.flushAt === undefined ? {} : { flushAt: settings.flushAt }),
    ...(settings.flushInterval === undefined ? {} : { flushInterval: settings.flushInterval }),
    ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
    ...(settings.environment === undefined ? {} : { environment: settings.environment }),
    ...(settings.release === undefined ? {} : { release: settings.release }),
    // Base64 media would be uploaded through Langfuse's media API on the side: keep exports to one endpoint.
    mediaUploadEnabled: false,
    // The provider is Langfuse's alone: every span it makes is a generation to export.
    shouldExportSpan: () => true,
  });
  const provider = new BasicTracerProvider({ idGenerator: ids, spanProcessors: [processor] });
  const tracer = provider.getTracer(LANGFUSE_TRACER_NAME);
  return {
    record(event) {
      const generation = langfuseGeneration(event, { logMessages: args.logMessages });
      ids.useTraceId(generation.traceId);
      const span = tracer.startSpan(generation.name, { kind: SpanKind.CLIENT, startTime: event.startedAt ?? Date.now(), attributes: generation.attributes }, ROOT_CONTEXT);
      if (generation.failed) span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorMessage ?? 'failed' });
      span.end(event.endedAt ?? Date.now());
    },
    flush: () => provider.forceFlush(),
    close: () => provider.shutdown(),
  };
}
