import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { LangfuseOtelSpanAttributes, setLangfuseTracerProvider, startObservation } from '@langfuse/tracing';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { FAKE_LANGFUSE_PUBLIC_KEY, FAKE_LANGFUSE_SECRET_KEY, startFakeLangfuse, type FakeLangfuse } from './fake-langfuse.ts';

// The fake is proven by the real Langfuse SDK: its processor's OTLP export must decode to what the SDK was told.
describe('fake Langfuse driven by the Langfuse SDK', () => {
  let langfuse: FakeLangfuse;
  before(async () => {
    langfuse = await startFakeLangfuse();
  });
  after(async () => {
    setLangfuseTracerProvider(null);
    await langfuse.close();
  });

  test('a generation in a trace arrives with its trace and observation attributes', async () => {
    const processor = new LangfuseSpanProcessor({ publicKey: FAKE_LANGFUSE_PUBLIC_KEY, secretKey: FAKE_LANGFUSE_SECRET_KEY, baseUrl: langfuse.url, mediaUploadEnabled: false });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    setLangfuseTracerProvider(provider);
    const generation = startObservation(
      'chat-call',
      { model: 'gpt-4o', input: [{ role: 'user', content: 'hi' }], usageDetails: { input: 3, output: 5 }, modelParameters: { temperature: 0.2 } },
      { asType: 'generation' },
    );
    generation.setTraceIO({ input: 'question' });
    generation.otelSpan.setAttributes({
      [LangfuseOtelSpanAttributes.TRACE_NAME]: 'my-trace',
      [LangfuseOtelSpanAttributes.TRACE_USER_ID]: 'u-1',
      [LangfuseOtelSpanAttributes.TRACE_SESSION_ID]: 's-1',
      [LangfuseOtelSpanAttributes.TRACE_TAGS]: ['a', 'b'],
    });
    generation.update({ output: { role: 'assistant', content: 'hello' }, level: 'WARNING', statusMessage: 'careful' });
    generation.end();
    await provider.forceFlush();
    const [span] = langfuse.observations();
    assert.ok(span);
    assert.equal(span.name, 'chat-call');
    assert.match(span.traceId, /^[0-9a-f]{32}$/);
    assert.equal(span.scope, 'langfuse-sdk');
    assert.equal(span.attributes['langfuse.observation.type'], 'generation');
    assert.equal(span.attributes['langfuse.observation.model.name'], 'gpt-4o');
    assert.deepEqual(JSON.parse(String(span.attributes['langfuse.observation.input'])), [{ role: 'user', content: 'hi' }]);
    assert.deepEqual(JSON.parse(String(span.attributes['langfuse.observation.output'])), { role: 'assistant', content: 'hello' });
    assert.deepEqual(JSON.parse(String(span.attributes['langfuse.observation.usage_details'])), { input: 3, output: 5 });
    assert.deepEqual(JSON.parse(String(span.attributes['langfuse.observation.model.parameters'])), { temperature: 0.2 });
    assert.equal(span.attributes['langfuse.observation.level'], 'WARNING');
    assert.equal(span.attributes['langfuse.observation.status_message'], 'careful');
    assert.equal(span.attributes['langfuse.trace.name'], 'my-trace');
    assert.equal(span.attributes['user.id'], 'u-1');
    assert.equal(span.attributes['session.id'], 's-1');
    assert.deepEqual(span.attributes['langfuse.trace.tags'], ['a', 'b']);
    assert.equal(span.attributes['langfuse.trace.input'], 'question');
    assert.ok(span.endMs >= span.startMs);
    await provider.shutdown();
  });

  test('wrong credentials get 401 and nothing is recorded', async () => {
    const before = langfuse.requests.length;
    const processor = new LangfuseSpanProcessor({ publicKey: FAKE_LANGFUSE_PUBLIC_KEY, secretKey: 'wrong', baseUrl: langfuse.url, mediaUploadEnabled: false });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    setLangfuseTracerProvider(provider);
    startObservation('x', {}, { asType: 'generation' }).end();
    await assert.rejects(provider.forceFlush());
    assert.equal(langfuse.requests.length, before);
    await provider.shutdown();
  });
});
