/**
 * bedrock/ deployments end to end: the real gateway in front of the fake Bedrock Runtime
 * (and fake STS), driven by the official openai SDK.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeAwsSts, type FakeAwsSts } from '../fakes/fake-aws-sts.ts';
import { FAKE_BEDROCK_TEXT, FAKE_PNG_BASE64 } from '../fakes/fake-bedrock-answers.ts';
import { startFakeBedrock, type FakeBedrock } from '../fakes/fake-bedrock.ts';
import { errorOf, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const KEYS = { accessKeyId: 'AKIDE2EBEDROCK00001', secretAccessKey: 'e2e-bedrock-secret-0123456789abc' };
const BASE = { accessKeyId: 'AKIDE2ESTSBASE00001', secretAccessKey: 'e2e-sts-base-secret-0123456789' };
const ROLE = 'arn:aws:iam::123456789012:role/e2e-bedrock';
const CLAUDE = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const hi = [{ role: 'user' as const, content: 'hi' }];
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('bedrock/ deployments', () => {
  let fake: FakeBedrock;
  let sts: FakeAwsSts;
  let gateway: TestGateway;

  before(async () => {
    sts = await startFakeAwsSts({ baseCredentials: [BASE], roles: [{ arn: ROLE }] });
    fake = await startFakeBedrock({ credentials: [KEYS], lookup: (id) => sts.lookup(id) });
    const aws = { api_base: fake.url, aws_region_name: 'us-east-1', aws_access_key_id: KEYS.accessKeyId, aws_secret_access_key: KEYS.secretAccessKey };
    gateway = await startGateway({
      models: [
        { model_name: 'claude', litellm_params: { model: `bedrock/${CLAUDE}`, ...aws } },
        { model_name: 'claude-invoke', litellm_params: { model: `bedrock/invoke/${CLAUDE}`, ...aws } },
        { model_name: 'claude-role', litellm_params: { model: `bedrock/converse/${CLAUDE}`, api_base: fake.url, aws_region_name: 'us-east-1', aws_access_key_id: BASE.accessKeyId, aws_secret_access_key: BASE.secretAccessKey, aws_role_name: ROLE, aws_sts_endpoint: sts.url } },
        { model_name: 'claude-wrong-key', litellm_params: { model: `bedrock/${CLAUDE}`, ...aws, aws_secret_access_key: 'not-the-right-secret' } },
        { model_name: 'titan-embed', litellm_params: { model: 'bedrock/amazon.titan-embed-text-v2:0', ...aws } },
        { model_name: 'titan-image', litellm_params: { model: 'bedrock/amazon.titan-image-generator-v2:0', ...aws } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
    await sts.close();
  });
  beforeEach(() => fake.reset());

  it('answers a chat completion through Converse', async () => {
    const completion = await gateway.client.chat.completions.create({ model: 'claude', messages: [{ role: 'system', content: 'Be brief.' }, ...hi], max_tokens: 50 });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0]?.message.content, FAKE_BEDROCK_TEXT);
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.ok((completion.usage?.prompt_tokens ?? 0) > 0);
    const sent = fake.requests[0];
    assert.equal(sent?.action, 'converse');
    assert.equal(sent?.rawPath, `/model/${encodeURIComponent(CLAUDE)}/converse`);
    assert.deepEqual(sent?.body, { messages: [{ role: 'user', content: [{ text: 'hi' }] }], system: [{ text: 'Be brief.' }], inferenceConfig: { maxTokens: 50 } });
  });

  it('streams tool-call deltas and usage', async () => {
    fake.script(() => ({ content: [{ toolUse: { toolUseId: 'tooluse_e2e', name: 'get_weather', input: { city: 'Lima' } } }], usage: { inputTokens: 20, outputTokens: 6 } }));
    const stream = await gateway.client.chat.completions.create({ model: 'claude', messages: hi, tools: [weatherTool], stream: true, stream_options: { include_usage: true } });
    let args = '';
    let id: string | undefined;
    let name: string | undefined;
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      id ??= call?.id;
      name ??= call?.function?.name;
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(id, 'tooluse_e2e');
    assert.equal(name, 'get_weather');
    assert.deepEqual(JSON.parse(args), { city: 'Lima' });
    assert.equal(finish, 'tool_calls');
    assert.equal(usage?.prompt_tokens, 20);
    assert.equal(usage?.completion_tokens, 6);
    assert.deepEqual((fake.requests[0]?.body as { toolConfig: unknown }).toolConfig, {
      tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: weatherTool.function.parameters } } }],
    });
  });

  it('sends a tool-call history back with toolUse / toolResult and the toolConfig Converse requires', async () => {
    await gateway.client.chat.completions.create({
      model: 'claude',
      messages: [
        ...hi,
        { role: 'assistant', content: null, tool_calls: [{ id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lima"}' } }] },
        { role: 'tool', tool_call_id: 'tooluse_1', content: '21C' },
      ],
    });
    const body = fake.requests[0]?.body as { messages: unknown[]; toolConfig: { tools: unknown[] } };
    assert.equal(body.messages.length, 3);
    assert.equal(body.toolConfig.tools.length, 1);
  });

  it('serves Claude through bedrock/invoke/, streamed too', async () => {
    const completion = await gateway.client.chat.completions.create({ model: 'claude-invoke', messages: hi });
    assert.equal(completion.choices[0]?.message.content, FAKE_BEDROCK_TEXT);
    const stream = await gateway.client.chat.completions.create({ model: 'claude-invoke', messages: hi, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, FAKE_BEDROCK_TEXT);
    assert.deepEqual(fake.requests.map((r) => r.action), ['invoke', 'invoke-with-response-stream']);
  });

  it('assumes aws_role_name through STS and signs with the temporary credentials', async () => {
    const completion = await gateway.client.chat.completions.create({ model: 'claude-role', messages: hi });
    assert.equal(completion.choices[0]?.message.content, FAKE_BEDROCK_TEXT);
    assert.equal(fake.requests[0]?.signedBy, sts.issued.at(-1)?.accessKeyId);
  });

  it('serves embeddings (the SDK default base64) and images', async () => {
    const embeddings = await gateway.client.embeddings.create({ model: 'titan-embed', input: ['one', 'two'], dimensions: 256 });
    assert.equal(embeddings.data.length, 2);
    assert.equal(embeddings.data[0]?.embedding.length, 256);
    const images = await gateway.client.images.generate({ model: 'titan-image', prompt: 'a lighthouse', n: 1, size: '1024x1024' });
    assert.equal(images.data?.[0]?.b64_json, FAKE_PNG_BASE64);
  });

  it('maps AWS errors: throttling 429, input too long → context window 400, bad signature 401', async () => {
    fake.failNext({ kind: 'error', status: 429, errorType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' }, 3);
    const throttled = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, num_retries: 0 });
    assert.equal(throttled.status, 429);
    assert.match(errorOf(throttled.body).message, /^litellm\.RateLimitError: BedrockException - ThrottlingException: Too many requests/);
    fake.reset();
    fake.failNext({ kind: 'error', status: 400, errorType: 'ValidationException', message: 'Input is too long for requested model.' });
    const tooLong = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi });
    assert.equal(tooLong.status, 400);
    assert.match(errorOf(tooLong.body).message, /^litellm\.ContextWindowExceededError: BedrockException/);
    const wrong = await gateway.post('/v1/chat/completions', { model: 'claude-wrong-key', messages: hi, num_retries: 0 });
    assert.equal(wrong.status, 401);
    assert.ok(!wrong.text.includes('not-the-right-secret'));
  });

  it('ends a stream that fails after it started with an SSE error event', async () => {
    fake.failNext({ kind: 'stream-exception', afterEvents: 3, exceptionType: 'modelStreamErrorException', message: 'The model stream failed.' });
    const r = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, stream: true });
    assert.equal(r.status, 200);
    const last = JSON.parse(sseData(r.text).at(-1) ?? '{}') as unknown;
    assert.match(errorOf(last).message, /BedrockException - ModelStreamErrorException: The model stream failed\./);
  });

  it('answers 400 for OpenAI params Bedrock cannot take, or drops them with drop_params', async () => {
    const refused = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, presence_penalty: 0.5 });
    assert.equal(refused.status, 400);
    assert.match(errorOf(refused.body).message, /UnsupportedParamsError.*presence_penalty/);
    assert.equal(fake.requests.length, 0);
    const dropped = await gateway.post('/v1/chat/completions', { model: 'claude', messages: hi, presence_penalty: 0.5, drop_params: true });
    assert.equal(dropped.status, 200);
    assert.equal(JSON.stringify(fake.requests[0]?.body).includes('presence'), false);
  });
});
