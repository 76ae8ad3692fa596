/**
 * A fake Langfuse: the OTLP/HTTP JSON endpoint the Langfuse SDK v5 exports to
 * (`POST /api/public/otel/v1/traces`, HTTP basic auth `publicKey:secretKey`), decoding
 * spans into Langfuse traces and observations by their `langfuse.*` attributes.
 */
import { startFakeCollector, type FakeCollector } from './fake-collector.ts';
import { decodeOtlpTraces, type DecodedSpan } from './fake-otlp.ts';

/** The keys the fake accepts. */
export const FAKE_LANGFUSE_PUBLIC_KEY = 'pk-lf-test';
export const FAKE_LANGFUSE_SECRET_KEY = 'sk-lf-test';

/** The path the Langfuse SDK posts spans to. */
export const LANGFUSE_OTEL_PATH = '/api/public/otel/v1/traces';

/** A running fake Langfuse. */
export interface FakeLangfuse extends FakeCollector {
  /** Every observation (span) received so far. */
  observations(): DecodedSpan[];
  /** The environment a gateway needs to export here. */
  readonly env: Record<string, string>;
}

/** Starts a fake Langfuse that answers 401 to any other credentials. */
export async function startFakeLangfuse(): Promise<FakeLangfuse> {
  const expected = `Basic ${Buffer.from(`${FAKE_LANGFUSE_PUBLIC_KEY}:${FAKE_LANGFUSE_SECRET_KEY}`).toString('base64')}`;
  const collector = await startFakeCollector({
    paths: [LANGFUSE_OTEL_PATH],
    authorize: (headers) => headers.authorization === expected && headers['x-langfuse-public-key'] === FAKE_LANGFUSE_PUBLIC_KEY,
  });
  return {
    ...collector,
    observations: () => collector.requests.flatMap((request) => decodeOtlpTraces(request.body)),
    env: { LANGFUSE_PUBLIC_KEY: FAKE_LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY: FAKE_LANGFUSE_SECRET_KEY, LANGFUSE_HOST: collector.url },
  };
}
