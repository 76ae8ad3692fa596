/**
 * ollama/ and ollama_chat/ end to end: the real gateway in front of the fake Ollama, driven
 * by the official openai SDK.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { decodeEmbeddingBase64 } from '../../src/provider-kit/embedding-base64.ts';
import { FAKE_OLLAMA_DIMENSIONS, FAKE_OLLAMA_EVAL_COUNT, FAKE_OLLAMA_TEXT } from '../fakes/fake-ollama-answers.ts';
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama.ts';
import { closeServer, listenOnLoopback } from '../support/loopback-server.ts';
import { errorOf, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const OLLAMA_KEY = 'ollama-proxy-key-0123456789';
const TOOLS = [
  { type: 'function' as const, function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } },
];
const hi = [{ role: 'user' as const, content: 'hi' }];

describe('ollama_chat/ and ollama/ through the gateway', () => {
  let fake: FakeOllama;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOllama({ models: ['llama3.1', 'nomic-embed-text'], apiKey: OLLAMA_KEY });
    const base = { api_base: fake.url, api_key: OLLAMA_KEY };
    gateway = await startGateway({
      models: [
        { model_name: 'chat', litellm_params: { model: 'ollama_chat/llama3.1', ...base, num_ctx: 8192 } },
        { model_name: 'generate', litellm_params: { model: 'ollama/llama3.1', ...base } },
        { model_name: 'embed', litellm_params: { model: 'ollama/nomic-embed-text', ...base } },
        { model_name: 'missing', litellm_params: { model: 'ollama_chat/llama9', ...base } },
        { model_name: 'no-key', litellm_params: { model: 'ollama_chat/llama3.1', api_base: fake.url } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('answers a chat on /api/chat with options mapped and usage from the counts', async () => {
    const data = await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'system', content: 'be brief' }, ...hi],
      max_tokens: 50,
      temperature: 0.3,
      stop: 'END',
    });
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.model, 'ollama_chat/llama3.1');
    assert.equal(data.choices[0]?.message.content, FAKE_OLLAMA_TEXT);
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.equal(data.usage?.completion_tokens, FAKE_OLLAMA_EVAL_COUNT);
    assert.equal(data.usage?.total_tokens, (data.usage?.prompt_tokens ?? 0) + FAKE_OLLAMA_EVAL_COUNT);
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.path, '/api/chat');
    assert.equal(upstream?.headers.authorization, `Bearer ${OLLAMA_KEY}`);
    assert.deepEqual(upstream?.body, {
      model: 'llama3.1',
      messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }],
      stream: false,
      options: { num_ctx: 8192, num_predict: 50, temperature: 0.3, stop: ['END'] },
    });
  });

  it('streams text and ends with finish_reason and the usage chunk', async () => {
    const stream = await gateway.client.chat.completions.create({ model: 'chat', messages: hi, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, FAKE_OLLAMA_TEXT);
    assert.equal(finish, 'stop');
    assert.equal(usage?.completion_tokens, FAKE_OLLAMA_EVAL_COUNT);
    assert.equal((fake.requests.at(-1)?.body as { stream?: unknown }).stream, true);
  });

  it('returns tool calls with JSON-text arguments and finish_reason tool_calls', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: TOOLS });
    const call = data.choices[0]?.message.tool_calls?.[0];
    assert.equal(data.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call?.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Paris', unit: 'celsius' });
    assert.deepEqual((fake.requests.at(-1)?.body as { tools?: unknown }).tools, [
      { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: TOOLS[0]?.function.parameters } },
    ]);
  });

  it('streams tool-call deltas the SDK assembles, and sends the tool round trip back natively', async () => {
    const runner = gateway.client.chat.completions.stream({ model: 'chat', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: TOOLS });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call?.type === 'function');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Paris', unit: 'celsius' });
    const data = await gateway.client.chat.completions.create({
      model: 'chat',
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '21 degrees' },
      ],
    });
    assert.equal(data.choices[0]?.message.content, FAKE_OLLAMA_TEXT);
    const sent = (fake.requests.at(-1)?.body as { messages: unknown[] }).messages;
    assert.deepEqual(sent.slice(1), [
      { role: 'assistant', content: '', tool_calls: [{ id: call.id, function: { name: 'get_weather', arguments: { location: 'Paris', unit: 'celsius' } } }] },
      { role: 'tool', content: '21 degrees', tool_name: 'get_weather', tool_call_id: call.id },
    ]);
  });

  it('flattens a conversation into a prompt for ollama/ (/api/generate) and streams it back', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'generate', messages: [{ role: 'system', content: 'be brief' }, ...hi] });
    assert.equal(data.choices[0]?.message.content, FAKE_OLLAMA_TEXT);
    assert.equal(data.model, 'ollama/llama3.1');
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.path, '/api/generate');
    assert.deepEqual(upstream?.body, { model: 'llama3.1', prompt: '### User:\nhi\n\n', system: 'be brief', stream: false, options: {} });
    const r = await gateway.post('/v1/chat/completions', { model: 'generate', messages: hi, stream: true });
    const chunks = sseData(r.text).filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as OpenAI.ChatCompletionChunk);
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), FAKE_OLLAMA_TEXT);
    assert.equal(sseData(r.text).at(-1), '[DONE]');
  });

  it('serves legacy completions on /api/generate', async () => {
    const data = await gateway.client.completions.create({ model: 'generate', prompt: 'Once upon', max_tokens: 5 });
    assert.equal(data.choices[0]?.text, FAKE_OLLAMA_TEXT);
    assert.deepEqual(fake.requests.at(-1)?.body, { model: 'llama3.1', prompt: 'Once upon', stream: false, options: { num_predict: 5 } });
  });

  it('maps response_format json_schema to format and reasoning_effort to think (reasoning_content back)', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const r = await gateway.post('/v1/chat/completions', {
      model: 'chat',
      messages: hi,
      reasoning_effort: 'low',
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      keep_alive: '10m',
    });
    assert.equal(r.status, 200);
    const body = fake.requests.at(-1)?.body as Record<string, unknown>;
    assert.deepEqual([body['format'], body['think'], body['keep_alive']], [schema, true, '10m']);
    assert.equal((r.body as OpenAI.ChatCompletion).choices[0]?.message.content, FAKE_OLLAMA_TEXT);
    assert.equal(Reflect.get(Object((r.body as OpenAI.ChatCompletion).choices[0]?.message), 'reasoning_content'), 'Let me think about that.');
  });

  it('sends images as raw base64 (data: prefix stripped)', async () => {
    await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
    });
    assert.deepEqual((fake.requests.at(-1)?.body as { messages: unknown[] }).messages, [{ role: 'user', content: 'what is this?', images: ['iVBORw0KGgo='] }]);
  });

  it('fetches an http image URL and sends its bytes as base64', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const images = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
      res.end(png);
    });
    const port = await listenOnLoopback(images);
    try {
      await gateway.client.chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `http://127.0.0.1:${port}/cat.png` } }] }],
      });
    } finally {
      await closeServer(images);
    }
    assert.deepEqual((fake.requests.at(-1)?.body as { messages: unknown[] }).messages, [{ role: 'user', content: '', images: [png.toString('base64')] }]);
  });

  it('embeds through /api/embed, floats and the SDK default base64', async () => {
    const result = await gateway.client.embeddings.create({ model: 'embed', input: ['hello', 'world!'] });
    assert.equal(result.data.length, 2);
    assert.equal(result.data[0]?.embedding.length, FAKE_OLLAMA_DIMENSIONS);
    assert.equal(result.usage.prompt_tokens, 4);
    assert.deepEqual(fake.requests.at(-1)?.body, { model: 'nomic-embed-text', input: ['hello', 'world!'] });
    const raw = await gateway.post('/v1/embeddings', { model: 'embed', input: 'hello', encoding_format: 'base64' });
    const item = (raw.body as { data: { embedding: string }[] }).data[0];
    assert.equal(decodeEmbeddingBase64(item?.embedding ?? '').length, FAKE_OLLAMA_DIMENSIONS);
  });

  it('answers 404 not_found for a model Ollama has not pulled', async () => {
    const r = await gateway.post('/v1/chat/completions', { model: 'missing', messages: hi });
    assert.equal(r.status, 404);
    assert.match(errorOf(r.body).message, /^litellm\.NotFoundError: Ollama_chatException - model "llama9" not found/);
  });

  it('answers 401 when the proxy in front of Ollama wants a key', async () => {
    const error = await gateway.client.chat.completions.create({ model: 'no-key', messages: hi }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.AuthenticationError);
  });

  it('maps Ollama 400 and 500 errors', async () => {
    fake.failNext({ kind: 'status', status: 400, error: 'invalid options: num_gpu' });
    const bad = await gateway.post('/v1/chat/completions', { model: 'chat', messages: hi });
    assert.equal(bad.status, 400);
    assert.match(errorOf(bad.body).message, /BadRequestError: Ollama_chatException - invalid options/);
    fake.failNext({ kind: 'status', status: 500, error: 'llama runner process has terminated' });
    const broken = await gateway.post('/v1/chat/completions', { model: 'chat', messages: hi, num_retries: 0 });
    assert.equal(broken.status, 500);
    assert.match(errorOf(broken.body).message, /llama runner process has terminated/);
  });

  it('ends a stream with an SSE error event when Ollama sends an error line mid-stream', async () => {
    fake.failNext({ kind: 'stream-error', after: 1, error: 'an error was encountered while running the model: out of memory' });
    const r = await gateway.post('/v1/chat/completions', { model: 'chat', messages: hi, stream: true });
    const events = sseData(r.text).map((d) => JSON.parse(d) as { error?: { message: string } });
    assert.match(events.at(-1)?.error?.message ?? '', /out of memory/);
  });

  it('refuses parameters Ollama cannot take (400) unless drop_params', async () => {
    const r = await gateway.post('/v1/chat/completions', { model: 'chat', messages: hi, logit_bias: { '1': 1 } });
    assert.equal(r.status, 400);
    assert.match(errorOf(r.body).message, /does not support parameters: \['logit_bias'\]/);
    const dropped = await gateway.post('/v1/chat/completions', { model: 'chat', messages: hi, logit_bias: { '1': 1 }, drop_params: true });
    assert.equal(dropped.status, 200);
    const tools = await gateway.post('/v1/chat/completions', { model: 'generate', messages: hi, tools: TOOLS });
    assert.equal(tools.status, 400);
  });
});
