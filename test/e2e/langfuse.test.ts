import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startFakeLangfuse, type FakeLangfuse } from '../fakes/fake-langfuse.ts';
import type { DecodedSpan } from '../fakes/fake-otlp.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

const UPSTREAM_KEY = 'sk-upstream-secret-langfuse-1234';
type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** LiteLLM request metadata (tags are a list, which the SDK's string map type does not allow). */
function withMetadata<T extends object>(params: T, metadata: Record<string, unknown>): T {
  return { ...params, metadata } as T;
}

/** The Langfuse trace id of a call: its call id without dashes. */
function traceIdOf(response: Response): string {
  return (response.headers.get('x-litellm-call-id') ?? '').replaceAll('-', '');
}

function json(span: DecodedSpan, key: string): unknown {
  const value = span.attributes[key];
  return typeof value === 'string' ? JSON.parse(value) : value;
}

describe('langfuse callback: one trace + generation per call, exported through the Langfuse SDK', () => {
  let fake: FakeOpenAI;
  let langfuse: FakeLangfuse;
  let gateway: TestGateway;
  const models = (): Parameters<typeof startGateway>[0]['models'] => [
    { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o-2024-08-06', api_base: `${fake.url}/v1`, api_key: UPSTREAM_KEY }, model_info: { id: 'deploy-lf' } },
  ];
  /** Waits for the span of one trace (exports are batched one span at a time here). */
  const spanOf = async (traceId: string): Promise<DecodedSpan> => {
    for (let count = 1; ; count++) {
      await langfuse.waitForRequests(count);
      const span = langfuse.observations().find((observation) => observation.traceId === traceId);
      if (span !== undefined) return span;
    }
  };

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    langfuse = await startFakeLangfuse();
    Object.assign(process.env, langfuse.env, { LANGFUSE_FLUSH_AT: '1' });
    gateway = await startGateway({ models: models(), litellm_settings: { success_callback: ['langfuse'], failure_callback: ['langfuse'], num_retries: 0 } });
  });
  after(async () => {
    await gateway.close();
    await langfuse.close();
    await fake.close();
  });

  it('maps a chat call: trace name, user, session, tags, metadata, model, parameters, input/output, usage, cost', async () => {
    const params: ChatParams = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, max_tokens: 50 };
    const metadata = { trace_name: 'checkout', generation_name: 'summarise', trace_user_id: 'user-7', session_id: 'sess-1', tags: ['prod', 'team-a'], customer: 'acme' };
    const { data, response } = await gateway.client.chat.completions.create(withMetadata(params, metadata)).withResponse();
    const span = await spanOf(traceIdOf(response));
    assert.equal(span.name, 'summarise');
    assert.equal(span.attributes['langfuse.observation.type'], 'generation');
    assert.equal(span.attributes['langfuse.trace.name'], 'checkout');
    assert.equal(span.attributes['user.id'], 'user-7');
    assert.equal(span.attributes['session.id'], 'sess-1');
    assert.deepEqual(span.attributes['langfuse.trace.tags'], ['prod', 'team-a']);
    assert.equal(span.attributes['langfuse.trace.metadata.customer'], 'acme');
    assert.equal(span.attributes['langfuse.observation.metadata.model_group'], 'gpt-4o');
    assert.equal(span.attributes['langfuse.observation.metadata.model_id'], 'deploy-lf');
    assert.equal(span.attributes['langfuse.observation.model.name'], 'gpt-4o-2024-08-06');
    assert.deepEqual(json(span, 'langfuse.observation.model.parameters'), { temperature: '0.2', max_tokens: '50' });
    assert.deepEqual(json(span, 'langfuse.observation.input'), [{ role: 'user', content: 'hi' }]);
    assert.deepEqual(json(span, 'langfuse.trace.input'), [{ role: 'user', content: 'hi' }]);
    assert.deepEqual(json(span, 'langfuse.observation.output'), data.choices[0]?.message);
    assert.deepEqual(json(span, 'langfuse.observation.usage_details'), { input: data.usage?.prompt_tokens, output: data.usage?.completion_tokens, total: data.usage?.total_tokens });
    const cost = json(span, 'langfuse.observation.cost_details') as { total: number };
    assert.equal(cost.total, Number(response.headers.get('x-litellm-response-cost')));
    assert.equal(span.attributes['langfuse.observation.level'], 'DEFAULT');
    assert.equal(span.attributes['langfuse.observation.completion_start_time'], undefined);
    assert.ok(span.endMs >= span.startMs);
  });

  it('uses metadata.trace_id as the trace id (hex as given)', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await gateway.client.chat.completions.create(withMetadata<ChatParams>({ model: 'gpt-4o', messages: [{ role: 'user', content: 'again' }] }, { trace_id: traceId }));
    const span = await spanOf(traceId);
    assert.equal(span.name, 'litellm-acompletion');
    assert.equal(span.attributes['langfuse.trace.name'], 'litellm-acompletion');
  });

  it('a stream logs the assembled answer, its usage and the completion start time', async () => {
    const { data: stream, response } = await gateway.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'stream please' }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let text = '';
    let usage: OpenAI.Completions.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    const span = await spanOf(traceIdOf(response));
    const output = json(span, 'langfuse.observation.output') as { role: string; content: string };
    assert.equal(output.role, 'assistant');
    assert.equal(output.content, text);
    assert.deepEqual(json(span, 'langfuse.observation.usage_details'), { input: usage?.prompt_tokens, output: usage?.completion_tokens, total: usage?.total_tokens });
    const started = Date.parse(String(json(span, 'langfuse.observation.completion_start_time')));
    assert.ok(started >= span.startMs - 1 && started <= span.endMs + 1, 'completion start lies within the call');
  });

  it('a failed call is logged with level ERROR and the status message', async () => {
    fake.failNext({ kind: 'status', status: 400, body: { error: { message: 'bad things in the prompt', type: 'invalid_request_error', code: null, param: null } } });
    const failure = await gateway.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'fail' }] });
    assert.equal(failure.status, 400);
    const span = await spanOf(traceIdOf(new Response(null, { headers: failure.headers })));
    assert.equal(span.attributes['langfuse.observation.level'], 'ERROR');
    assert.match(String(span.attributes['langfuse.observation.status_message']), /bad things in the prompt/);
    assert.equal(span.status.code, 2);
    assert.equal(span.attributes['langfuse.observation.output'], undefined);
  });
});

describe('langfuse with turn_off_message_logging, and a Langfuse that hangs', () => {
  let fake: FakeOpenAI;
  let langfuse: FakeLangfuse;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    langfuse = await startFakeLangfuse();
    Object.assign(process.env, langfuse.env, { LANGFUSE_FLUSH_AT: '1' });
    gateway = await startGateway({
      models: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: UPSTREAM_KEY } }],
      litellm_settings: { callbacks: ['langfuse'], turn_off_message_logging: true },
    });
  });
  after(async () => {
    await gateway.close();
    await langfuse.close();
    await fake.close();
  });

  it('logs no input or output when message logging is off', async () => {
    const { response } = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'secret prompt' }] }).withResponse();
    await langfuse.waitForRequests(1);
    const span = langfuse.observations().find((observation) => observation.traceId === traceIdOf(response));
    assert.ok(span);
    for (const key of ['langfuse.observation.input', 'langfuse.observation.output', 'langfuse.trace.input', 'langfuse.trace.output']) assert.equal(span.attributes[key], undefined, key);
    assert.ok(!JSON.stringify(span.attributes).includes('secret prompt'));
    assert.ok(span.attributes['langfuse.observation.usage_details'] !== undefined, 'usage is still logged');
  });

  it('calls succeed while a Langfuse export hangs', async () => {
    langfuse.setMode('hang');
    const already = langfuse.requests.length;
    await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one' }] });
    await langfuse.waitForRequests(already + 1); // the export is now held open by Langfuse
    const second = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'two' }] });
    assert.equal(second.object, 'chat.completion');
    assert.equal(langfuse.requests.length, already + 1, 'the hanging export has not been answered, yet the call finished');
    langfuse.release();
  });

  it('calls succeed while Langfuse answers 500', async () => {
    langfuse.setMode('fail');
    const already = langfuse.requests.length;
    const answer = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'three' }] });
    assert.equal(answer.object, 'chat.completion');
    await langfuse.waitForRequests(already + 1);
    const again = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'four' }] });
    assert.equal(again.object, 'chat.completion');
  });
});
