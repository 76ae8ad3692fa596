/**
 * Proof that the fake OpenAI upstream speaks the real protocol: the official `openai` SDK is
 * its client for every route (chat, streams, tools, embeddings, images, completions, models).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.ts';
import { DEFAULT_EMBEDDING_DIMENSIONS, fakeEmbeddingVector } from './fake-openai-embeddings.ts';
import { TINY_PNG_BASE64, FAKE_IMAGE_URL } from './fake-openai-images.ts';
import { COMPLETION_TOKENS_PER_CHOICE, IMAGE_PART_TOKENS } from './fake-openai-requests.ts';
import { FAKE_MODEL_IDS, MOCK_CONTENT, MOCK_TOOL_ARGUMENTS } from './fake-openai-responses.ts';

const API_KEY = 'sk-test-fake-key-1234';

const WEATHER_TOOLS = [
  { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } },
  { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
];

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('fake OpenAI driven by the openai SDK', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY });
    client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers a chat completion and records the request', async () => {
    const messages = [{ role: 'user' as const, content: 'Say hello' }];
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages });
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, 'gpt-4o');
    assert.equal(typeof completion.system_fingerprint, 'string');
    assert.equal(completion.choices.length, 1);
    assert.equal(completion.choices[0]?.message.content, MOCK_CONTENT);
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const usage = completion.usage;
    assert.deepEqual([usage?.prompt_tokens, usage?.completion_tokens, usage?.total_tokens], [3, COMPLETION_TOKENS_PER_CHOICE, 3 + COMPLETION_TOKENS_PER_CHOICE]);
    assert.equal(usage?.prompt_tokens_details?.cached_tokens, 0);
    assert.equal(usage?.completion_tokens_details?.reasoning_tokens, 0);
    assert.equal(fake.requests.length, 1);
    const recorded = fake.requests[0];
    assert.equal(recorded?.method, 'POST');
    assert.equal(recorded?.path, '/v1/chat/completions');
    assert.equal(recorded?.headers.authorization, `Bearer ${API_KEY}`);
    assert.deepEqual(recorded?.body, { model: 'gpt-4o', messages });
  });

  it('answers one choice per n and counts image parts as fixed tokens', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      n: 2,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
    });
    assert.deepEqual(completion.choices.map((choice) => choice.index), [0, 1]);
    assert.equal(completion.usage?.prompt_tokens, Math.ceil('What is this?'.length / 4) + IMAGE_PART_TOKENS);
    assert.equal(completion.usage?.completion_tokens, 2 * COMPLETION_TOKENS_PER_CHOICE);
  });

  it('lets a handler override the non-stream chat body', async () => {
    fake.respondWith((req) => ({
      id: 'chatcmpl-custom',
      object: 'chat.completion',
      created: 1,
      model: 'custom',
      choices: [{ index: 0, message: { role: 'assistant', content: `saw ${req.path}` }, finish_reason: 'length', logprobs: null }],
    }));
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(completion.choices[0]?.message.content, 'saw /v1/chat/completions');
    assert.equal(completion.choices[0]?.finish_reason, 'length');
  });

  it('streams chat chunks with a final usage chunk when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    assert.equal(chunks.length, 1 + 3 + 1 + 1);
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), MOCK_CONTENT);
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.equal(last?.usage?.total_tokens, 3 + COMPLETION_TOKENS_PER_CHOICE);
    assert.ok(chunks.every((chunk) => typeof Reflect.get(chunk, 'obfuscation') === 'string'));
    assert.ok(new Set(chunks.map((chunk) => chunk.id)).size === 1);
  });

  it('streams without a usage chunk when include_usage is absent', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    const chunks = await collect(stream);
    assert.equal(chunks.length, 1 + 3 + 1);
    assert.ok(chunks.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1));
  });

  it('calls the first tool in a non-stream answer', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather?' }], tools: WEATHER_TOOLS });
    const choice = completion.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, null);
    const call = choice?.message.tool_calls?.[0];
    assert.equal(call?.type, 'function');
    assert.match(call?.id ?? '', /^call_/);
    assert.deepEqual(call?.type === 'function' ? call.function : undefined, { name: 'get_weather', arguments: MOCK_TOOL_ARGUMENTS });
  });

  it('calls the tool named in tool_choice, and no tool when tool_choice is none', async () => {
    const named = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Time?' }],
      tools: WEATHER_TOOLS,
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    const call = named.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.type === 'function' ? call.function.name : undefined, 'get_time');
    const none = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], tools: WEATHER_TOOLS, tool_choice: 'none' });
    assert.equal(none.choices[0]?.message.content, MOCK_CONTENT);
    assert.equal(none.choices[0]?.finish_reason, 'stop');
  });

  it('streams tool calls as deltas that the SDK stream helper accumulates', async () => {
    const runner = client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather?' }], tools: WEATHER_TOOLS });
    const final = await runner.finalChatCompletion();
    const choice = final.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const call = choice?.message.tool_calls?.[0];
    assert.equal(call?.type === 'function' ? call.function.name : undefined, 'get_weather');
    assert.equal(call?.type === 'function' ? call.function.arguments : undefined, MOCK_TOOL_ARGUMENTS);
  });

  it('streams tool-call deltas on the plain stream: id and name first, then argument fragments', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather?' }], tools: WEATHER_TOOLS, stream: true });
    const chunks = await collect(stream);
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    assert.match(deltas[0]?.id ?? '', /^call_/);
    assert.equal(deltas[0]?.function?.name, 'get_weather');
    assert.equal(deltas[0]?.function?.arguments, '');
    assert.ok(deltas.slice(1).every((delta) => delta.index === 0 && delta.id === undefined));
    assert.equal(deltas.map((delta) => delta.function?.arguments ?? '').join(''), MOCK_TOOL_ARGUMENTS);
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'tool_calls');
  });

  it('embeds with base64 (the SDK default) and float to identical vectors', async () => {
    const input = ['first text', 'second text'];
    const viaBase64 = await client.embeddings.create({ model: 'text-embedding-3-small', input });
    const viaFloat = await client.embeddings.create({ model: 'text-embedding-3-small', input, encoding_format: 'float' });
    assert.deepEqual(fake.requests.map((req) => Reflect.get(Object(req.body), 'encoding_format')), ['base64', 'float']);
    assert.equal(viaBase64.data.length, 2);
    assert.deepEqual(viaBase64.data.map((item) => item.embedding), viaFloat.data.map((item) => item.embedding));
    assert.deepEqual(viaFloat.data[1]?.embedding, fakeEmbeddingVector('second text', DEFAULT_EMBEDDING_DIMENSIONS));
    assert.notDeepEqual(viaFloat.data[0]?.embedding, viaFloat.data[1]?.embedding);
    assert.equal(viaFloat.usage.prompt_tokens, Math.ceil(10 / 4) + Math.ceil(11 / 4));
  });

  it('sends base64 embeddings as little-endian float32 bytes and honours dimensions', async () => {
    const response = await fetch(`${fake.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: [1, 2, 3], encoding_format: 'base64', dimensions: 4 }),
    });
    const body: unknown = await response.json();
    const encoded = Reflect.get(Object(Reflect.get(Object(body), 'data')?.[0]), 'embedding');
    assert.equal(typeof encoded, 'string');
    const bytes = Buffer.from(String(encoded), 'base64');
    assert.equal(bytes.length, 4 * 4);
    const decoded = Array.from({ length: 4 }, (_, i) => bytes.readFloatLE(i * 4));
    assert.deepEqual(decoded, fakeEmbeddingVector('1,2,3', 4));
  });

  it('generates images as b64_json (a valid PNG) or as URLs, one per n', async () => {
    const b64 = await client.images.generate({ model: 'dall-e-3', prompt: 'a cat', response_format: 'b64_json', n: 2 });
    assert.equal(b64.data?.length, 2);
    const png = Buffer.from(b64.data?.[0]?.b64_json ?? '', 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(b64.data?.[0]?.b64_json, TINY_PNG_BASE64);
    const url = await client.images.generate({ model: 'dall-e-3', prompt: 'a dog' });
    assert.equal(url.data?.[0]?.url, FAKE_IMAGE_URL);
    assert.equal(url.data?.[0]?.revised_prompt, 'a dog');
  });

  it('answers legacy completions, streamed and not', async () => {
    const whole = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' });
    assert.equal(whole.object, 'text_completion');
    assert.equal(whole.choices[0]?.text, MOCK_CONTENT);
    assert.equal(whole.usage?.prompt_tokens, 2);
    const stream = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi', stream: true, stream_options: { include_usage: true } });
    const chunks = await collect(stream);
    assert.ok(chunks.every((chunk) => chunk.object === 'text_completion'));
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.text ?? '').join(''), MOCK_CONTENT);
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(chunks.at(-1)?.choices, []);
    assert.equal(chunks.at(-1)?.usage?.completion_tokens, COMPLETION_TOKENS_PER_CHOICE);
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids, [...FAKE_MODEL_IDS]);
    assert.equal(fake.requests[0]?.method, 'GET');
    assert.equal(fake.requests[0]?.path, '/v1/models');
  });
});
