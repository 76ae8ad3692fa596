/**
 * Proof that the fake speaks Ollama's API: the official `ollama` npm SDK chats (whole and
 * streamed, with tools and thinking), generates, embeds and sees Ollama's errors.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Ollama } from 'ollama';
import { FAKE_OLLAMA_DIMENSIONS, FAKE_OLLAMA_EVAL_COUNT, FAKE_OLLAMA_TEXT } from './fake-ollama-answers.ts';
import { startFakeOllama, type FakeOllama } from './fake-ollama.ts';

const TOOLS = [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];

describe('fake Ollama driven by the ollama SDK', () => {
  let fake: FakeOllama;
  let client: Ollama;

  before(async () => {
    fake = await startFakeOllama({ models: ['llama3.1', 'nomic-embed-text'] });
    client = new Ollama({ host: fake.url });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('chats without streaming and reports the counts', async () => {
    const answer = await client.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(answer.message.content, FAKE_OLLAMA_TEXT);
    assert.equal(answer.done, true);
    assert.equal(answer.done_reason, 'stop');
    assert.equal(answer.eval_count, FAKE_OLLAMA_EVAL_COUNT);
    assert.equal((fake.requests[0]?.body as { stream?: unknown }).stream, false);
  });

  it('streams NDJSON parts that end with a done line', async () => {
    const stream = await client.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    let done = 0;
    for await (const part of stream) {
      text += part.message.content;
      if (part.done) done += 1;
    }
    assert.equal(text, FAKE_OLLAMA_TEXT);
    assert.equal(done, 1);
  });

  it('calls tools with object arguments, and takes the tool result back', async () => {
    const answer = await client.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'weather?' }], tools: TOOLS });
    const call = answer.message.tool_calls?.[0];
    assert.equal(call?.function.name, 'get_weather');
    assert.deepEqual(call?.function.arguments, { location: 'Paris', unit: 'celsius' });
    const next = await client.chat({
      model: 'llama3.1',
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: '', tool_calls: answer.message.tool_calls ?? [] },
        { role: 'tool', content: '20 degrees', tool_name: 'get_weather' },
      ],
    });
    assert.equal(next.message.content, FAKE_OLLAMA_TEXT);
  });

  it('streams tool calls in one part', async () => {
    const stream = await client.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'weather?' }], tools: TOOLS, stream: true });
    const calls = [];
    for await (const part of stream) calls.push(...(part.message.tool_calls ?? []));
    assert.equal(calls.length, 1);
  });

  it('thinks when asked', async () => {
    const answer = await client.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'hi' }], think: true });
    assert.equal(answer.message.thinking, 'Let me think about that.');
  });

  it('generates, whole and streamed, with base64 images', async () => {
    const whole = await client.generate({ model: 'llama3.1', prompt: 'hi', images: ['aGVsbG8='] });
    assert.equal(whole.response, FAKE_OLLAMA_TEXT);
    const stream = await client.generate({ model: 'llama3.1', prompt: 'hi', stream: true });
    let text = '';
    for await (const part of stream) text += part.response;
    assert.equal(text, FAKE_OLLAMA_TEXT);
  });

  it('embeds one or many inputs', async () => {
    const answer = await client.embed({ model: 'nomic-embed-text', input: ['a', 'bb'] });
    assert.equal(answer.embeddings.length, 2);
    assert.equal(answer.embeddings[0]?.length, FAKE_OLLAMA_DIMENSIONS);
    assert.equal(answer.prompt_eval_count, 2);
  });

  it('answers an unknown model with 404 and Ollama\'s error text', async () => {
    const error = await client.chat({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    assert.equal((error as { status_code?: number }).status_code, 404);
    assert.match((error as Error).message, /model "nope" not found/);
  });

  it('refuses content parts (content must be a string) with 400', async () => {
    const response = await fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.1', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }),
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /cannot unmarshal array/);
  });

  it('ends a stream with an error line when told to fail mid-stream', async () => {
    fake.failNext({ kind: 'stream-error', after: 1, error: 'an error was encountered while running the model' });
    const stream = await client.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const error = await (async () => {
      for await (const _part of stream) {
        // read until the SDK throws on the error line
      }
    })().then(() => undefined, (e: unknown) => e);
    assert.match(String(error), /an error was encountered/);
  });
});
