/**
 * gemini/ (Google AI Studio) end to end: the real gateway in front of the fake Gemini
 * upstream, driven by the official openai SDK.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { decodeEmbeddingBase64 } from '../../src/provider-kit/embedding-base64.ts';
import {
  FAKE_GEMINI_CANDIDATE_TOKENS,
  FAKE_GEMINI_MODEL_VERSION,
  FAKE_GEMINI_PROMPT_TOKENS,
  FAKE_GEMINI_TEXT,
  FAKE_GEMINI_THOUGHT,
  FAKE_GEMINI_THOUGHT_TOKENS,
  fakeVector,
} from '../fakes/fake-gemini-answers.ts';
import { googleError, startFakeGemini, type FakeGemini } from '../fakes/fake-gemini.ts';
import { errorOf, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const KEY = 'AIza-fake-gemini-key-0123456789';
const TOOLS = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'Weather in a city',
      parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' },
    },
  },
];
const hi = [{ role: 'user' as const, content: 'hi' }];
const weather = [{ role: 'user' as const, content: 'weather in Paris?' }];

describe('gemini/ through the gateway', () => {
  let fake: FakeGemini;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeGemini({ apiKey: KEY, models: ['gemini-2.5-flash', 'gemini-embedding-001'] });
    const base = { api_base: fake.url, api_key: KEY };
    gateway = await startGateway({
      models: [
        { model_name: 'flash', litellm_params: { model: 'gemini/gemini-2.5-flash', ...base } },
        { model_name: 'embed', litellm_params: { model: 'gemini/gemini-embedding-001', ...base } },
        { model_name: 'bad-key', litellm_params: { model: 'gemini/gemini-2.5-flash', api_base: fake.url, api_key: 'AIza-wrong-key-9876543210' } },
        { model_name: 'missing', litellm_params: { model: 'gemini/gemini-9', ...base } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('answers a chat: system → systemInstruction, params → generationConfig, key in x-goog-api-key only', async () => {
    const data = await gateway.client.chat.completions.create({
      model: 'flash',
      messages: [{ role: 'system', content: 'be brief' }, ...hi],
      max_tokens: 50,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
    });
    assert.equal(data.choices[0]?.message.content, FAKE_GEMINI_TEXT);
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.equal(data.model, FAKE_GEMINI_MODEL_VERSION);
    assert.deepEqual(data.usage, { prompt_tokens: FAKE_GEMINI_PROMPT_TOKENS, completion_tokens: FAKE_GEMINI_CANDIDATE_TOKENS, total_tokens: FAKE_GEMINI_PROMPT_TOKENS + FAKE_GEMINI_CANDIDATE_TOKENS });
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.url, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(upstream?.headers['x-goog-api-key'], KEY);
    assert.deepEqual(upstream?.body, {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      systemInstruction: { parts: [{ text: 'be brief' }] },
      generationConfig: { temperature: 0.3, topP: 0.9, maxOutputTokens: 50, stopSequences: ['END'], seed: 7 },
    });
  });

  it('streams text, a finish chunk and the usage chunk', async () => {
    const stream = await gateway.client.chat.completions.create({ model: 'flash', messages: hi, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    let role: string | undefined;
    for await (const chunk of stream) {
      role ??= chunk.choices[0]?.delta.role;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(role, 'assistant');
    assert.equal(text, FAKE_GEMINI_TEXT);
    assert.equal(finish, 'stop');
    assert.equal(usage?.prompt_tokens, FAKE_GEMINI_PROMPT_TOKENS);
    assert.equal(fake.requests.at(-1)?.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('returns function calls as tool_calls (STOP → tool_calls) with cleaned tool schemas', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'flash', messages: weather, tools: TOOLS, tool_choice: 'auto' });
    const call = data.choices[0]?.message.tool_calls?.[0];
    assert.equal(data.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call?.type === 'function');
    assert.match(call.id, /^call_[0-9a-f]{24}__thought__c2lnbmF0dXJl$/);
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Paris' });
    const body = fake.requests.at(-1)?.body as Record<string, unknown>;
    assert.deepEqual(body['tools'], [
      { functionDeclarations: [{ name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } }] },
    ]);
    assert.deepEqual(body['toolConfig'], { functionCallingConfig: { mode: 'AUTO' } });
  });

  it('streams a whole tool call the SDK assembles, and sends the round trip back natively', async () => {
    const runner = gateway.client.chat.completions.stream({ model: 'flash', messages: weather, tools: TOOLS });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call?.type === 'function');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Paris' });
    const data = await gateway.client.chat.completions.create({
      model: 'flash',
      tools: TOOLS,
      messages: [...weather, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '{"temperature": 21}' }],
    });
    assert.equal(data.choices[0]?.message.content, FAKE_GEMINI_TEXT);
    assert.deepEqual((fake.requests.at(-1)?.body as { contents: unknown[] }).contents, [
      { role: 'user', parts: [{ text: 'weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { location: 'Paris' } }, thoughtSignature: 'c2lnbmF0dXJl' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }] },
    ]);
  });

  it('maps tool_choice required / named to ANY with allowed names', async () => {
    await gateway.client.chat.completions.create({ model: 'flash', messages: hi, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    assert.deepEqual((fake.requests.at(-1)?.body as Record<string, unknown>)['toolConfig'], { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
  });

  it('maps reasoning_effort to thinkingConfig and returns thoughts as reasoning_content with reasoning tokens', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'flash', messages: hi, reasoning_effort: 'medium' });
    assert.deepEqual((fake.requests.at(-1)?.body as { generationConfig: unknown }).generationConfig, { thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });
    assert.equal(Reflect.get(Object(data.choices[0]?.message), 'reasoning_content'), FAKE_GEMINI_THOUGHT);
    assert.equal(data.choices[0]?.message.content, FAKE_GEMINI_TEXT);
    assert.equal(data.usage?.completion_tokens, FAKE_GEMINI_CANDIDATE_TOKENS + FAKE_GEMINI_THOUGHT_TOKENS);
    assert.equal(data.usage?.completion_tokens_details?.reasoning_tokens, FAKE_GEMINI_THOUGHT_TOKENS);
  });

  it('answers n > 1 with one choice per candidate', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'flash', messages: hi, n: 2 });
    assert.deepEqual(data.choices.map((c) => [c.index, c.message.content]), [[0, FAKE_GEMINI_TEXT], [1, FAKE_GEMINI_TEXT]]);
    assert.equal((fake.requests.at(-1)?.body as { generationConfig: { candidateCount: number } }).generationConfig.candidateCount, 2);
  });

  it('sends response_format json_schema as responseMimeType + a cleaned responseSchema', async () => {
    const schema = { type: 'object', properties: { city: { $ref: '#/$defs/City' } }, $defs: { City: { type: 'string', title: 'City' } }, additionalProperties: false };
    await gateway.client.chat.completions.create({ model: 'flash', messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } } });
    assert.deepEqual((fake.requests.at(-1)?.body as { generationConfig: unknown }).generationConfig, {
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { city: { type: 'string' } }, propertyOrdering: ['city'] },
    });
  });

  it('embeds with batchEmbedContents: floats, the SDK default base64, dimensions', async () => {
    const result = await gateway.client.embeddings.create({ model: 'embed', input: ['hello', 'world!'], dimensions: 4 });
    assert.deepEqual(result.data.map((d) => d.embedding), [fakeVector('hello', 4), fakeVector('world!', 4)].map((v) => v.map((x) => Math.fround(x))));
    assert.deepEqual(fake.requests.at(-1)?.body, {
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] }, outputDimensionality: 4 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'world!' }] }, outputDimensionality: 4 },
      ],
    });
    const raw = await gateway.post('/v1/embeddings', { model: 'embed', input: 'hello', encoding_format: 'float' });
    assert.deepEqual((raw.body as { data: { embedding: number[] }[] }).data[0]?.embedding, fakeVector('hello', 8));
    const b64 = await gateway.post('/v1/embeddings', { model: 'embed', input: 'hello', encoding_format: 'base64' });
    assert.equal(decodeEmbeddingBase64((b64.body as { data: { embedding: string }[] }).data[0]?.embedding ?? '').length, 8);
  });

  describe('errors', () => {
    it('an invalid key (Google sends 400) is a 401 that never shows the key', async () => {
      const error = await gateway.client.chat.completions.create({ model: 'bad-key', messages: hi }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof OpenAI.AuthenticationError);
      assert.match(error.message, /GeminiException - API key not valid/);
      assert.doesNotMatch(error.message, /AIza-wrong/);
    });

    it('RESOURCE_EXHAUSTED is a 429 with retry-after from RetryInfo', async () => {
      fake.failNext({ kind: 'status', error: googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for metric', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }]) });
      const r = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, num_retries: 0 });
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '17');
      assert.match(errorOf(r.body).message, /^litellm\.RateLimitError: GeminiException - Quota exceeded/);
    });

    it('a too-long prompt is a context-window error; UNAVAILABLE a 503; DEADLINE_EXCEEDED a 408; unknown model a 404', async () => {
      fake.failNext({ kind: 'status', error: googleError(400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).') });
      const long = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi });
      assert.equal(long.status, 400);
      assert.match(errorOf(long.body).message, /^litellm\.ContextWindowExceededError: GeminiException/);
      fake.failNext({ kind: 'status', error: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.') });
      assert.equal((await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, num_retries: 0 })).status, 503);
      fake.failNext({ kind: 'status', error: googleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.') });
      assert.equal((await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, num_retries: 0 })).status, 408);
      const missing = await gateway.post('/v1/chat/completions', { model: 'missing', messages: hi });
      assert.equal(missing.status, 404);
      assert.match(errorOf(missing.body).message, /NotFoundError: GeminiException - models\/gemini-9 is not found/);
    });

    it('a blocked prompt is a 400 content-policy error', async () => {
      fake.respondWith(() => ({ blockReason: 'PROHIBITED_CONTENT' }));
      const r = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi });
      assert.equal(r.status, 400);
      assert.match(errorOf(r.body).message, /^litellm\.ContentPolicyViolationError: GeminiException - The prompt was blocked by Gemini \(blockReason: PROHIBITED_CONTENT\)/);
    });

    it('a SAFETY finish is finish_reason content_filter', async () => {
      fake.respondWith(() => ({ candidates: [{ text: 'I', finishReason: 'SAFETY' }] }));
      const data = await gateway.client.chat.completions.create({ model: 'flash', messages: hi });
      assert.equal(data.choices[0]?.finish_reason, 'content_filter');
    });

    it('an error event mid-stream ends the stream with an error event', async () => {
      fake.failNext({ kind: 'stream-error', afterEvents: 1, error: googleError(503, 'UNAVAILABLE', 'The model is overloaded.') });
      const r = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, stream: true });
      const events = sseData(r.text);
      assert.equal(JSON.parse(events[0] ?? '{}').choices[0].delta.role, 'assistant');
      const last = JSON.parse(events.at(-1) ?? '{}') as unknown;
      assert.equal(errorOf(last).code, '503');
      assert.match(errorOf(last).message, /ServiceUnavailableError: GeminiException - The model is overloaded/);
    });

    it('a stream cut before Gemini finished is an APIConnectionError, not a short answer', async () => {
      fake.failNext({ kind: 'cut-stream', afterEvents: 2 });
      const r = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, stream: true, num_retries: 0 });
      // Before the first chunk reached the client the error is the whole answer; after, the last SSE event.
      const events = sseData(r.text);
      const error = errorOf(events.length > 0 ? (JSON.parse(events.at(-1) ?? '{}') as unknown) : r.body);
      assert.match(error.message, /^litellm\.APIConnectionError: GeminiException - /);
      assert.doesNotMatch(r.text, /"finish_reason":"stop"|\[DONE\]/);
    });

    it('refuses parameters Gemini lacks, more than 5 stops, and image generation', async () => {
      const bias = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, logit_bias: { '1': 2 } });
      assert.equal(bias.status, 400);
      assert.match(errorOf(bias.body).message, /UnsupportedParamsError: gemini does not support parameters: \['logit_bias'\]/);
      const dropped = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, logit_bias: { '1': 2 }, drop_params: true });
      assert.equal(dropped.status, 200);
      const stops = await gateway.post('/v1/chat/completions', { model: 'flash', messages: hi, stop: ['a', 'b', 'c', 'd', 'e', 'f'] });
      assert.equal(stops.status, 400);
      assert.equal(errorOf(stops.body).param, 'stop');
      const image = await gateway.post('/v1/images/generations', { model: 'flash', prompt: 'a cat' });
      assert.equal(image.status, 400);
    });
  });
});
