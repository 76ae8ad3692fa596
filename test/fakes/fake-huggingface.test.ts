/**
 * Proof that the fake speaks Hugging Face's APIs: the official `@huggingface/inference`
 * InferenceClient, pointed at the fake with `endpointUrl`, chats (whole and streamed, with
 * tools), extracts features, and sees TGI's error bodies.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { InferenceClient } from '@huggingface/inference';
import { FAKE_HF_DIMENSIONS, FAKE_HF_TEXT, tgiContextError } from './fake-huggingface-answers.ts';
import { startFakeHuggingFace, type FakeHuggingFace } from './fake-huggingface.ts';

const TOKEN = 'hf_fake_token_0123456789';
const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];

describe('fake Hugging Face driven by @huggingface/inference', () => {
  let fake: FakeHuggingFace;
  let client: InferenceClient;

  before(async () => {
    fake = await startFakeHuggingFace({ token: TOKEN });
    client = new InferenceClient(TOKEN);
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('chatCompletion on a TGI endpoint (endpointUrl + /v1/chat/completions)', async () => {
    const out = await client.chatCompletion({ endpointUrl: fake.url, model: 'tgi', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(out.choices[0]?.message.content, FAKE_HF_TEXT);
    assert.equal(out.choices[0]?.finish_reason, 'eos_token');
    assert.equal(fake.requests[0]?.path, '/v1/chat/completions');
    assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
  });

  it('chatCompletionStream with SSE chunks and tool-call deltas', async () => {
    let text = '';
    for await (const chunk of client.chatCompletionStream({ endpointUrl: fake.url, model: 'tgi', messages: [{ role: 'user', content: 'hi' }] })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    assert.equal(text, FAKE_HF_TEXT);
    let args = '';
    for await (const chunk of client.chatCompletionStream({ endpointUrl: fake.url, model: 'tgi', messages: [{ role: 'user', content: 'weather?' }], tools: TOOLS })) {
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    }
    assert.deepEqual(JSON.parse(args), { location: 'Paris' });
  });

  it('featureExtraction on the router path and on an endpoint root', async () => {
    const many = await client.featureExtraction({ endpointUrl: `${fake.url}/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction`, inputs: ['a', 'bb'] });
    assert.equal(many.length, 2);
    assert.equal((many[0] as number[]).length, FAKE_HF_DIMENSIONS);
    const one = await client.featureExtraction({ endpointUrl: `${fake.url}/`, inputs: 'a' });
    assert.equal(one.length, FAKE_HF_DIMENSIONS);
    assert.deepEqual(fake.requests[0]?.body, { inputs: ['a', 'bb'] });
  });

  it('surfaces TGI\'s flat 422 error and a bad token as errors', async () => {
    fake.failNext({ kind: 'status', status: 422, body: tgiContextError() });
    const error = await client.chatCompletion({ endpointUrl: fake.url, model: 'tgi', messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    assert.match(String(error), /must be <= 4096/);
    const wrong = new InferenceClient('hf_wrong');
    const denied = await wrong.chatCompletion({ endpointUrl: fake.url, model: 'tgi', messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    assert.match(String(denied), /Invalid credentials/);
  });

  it('sends an error event mid-stream', async () => {
    fake.failNext({ kind: 'stream-error', after: 2, error: 'Request failed during generation: Server error: CUDA out of memory' });
    const error = await (async () => {
      for await (const _chunk of client.chatCompletionStream({ endpointUrl: fake.url, model: 'tgi', messages: [{ role: 'user', content: 'hi' }] })) {
        // read until the error event
      }
    })().then(() => undefined, (e: unknown) => e);
    assert.match(String(error), /CUDA out of memory/);
  });
});
