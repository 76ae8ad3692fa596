import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { ApiResponse } from '../../provider-kit/post-to-api.ts';
import { parseOllamaChatTurn } from './parse-ollama-answer.ts';
import { readOllamaStream } from './read-ollama-stream.ts';

function response(text: string): ApiResponse & { cancelled: boolean } {
  const out = {
    status: 200,
    headers: {},
    cancelled: false,
    json: () => Promise.reject(new Error('unused')),
    async *chunks() {
      // Split mid-line to prove lines are joined across chunks.
      const bytes = Buffer.from(text);
      yield bytes.subarray(0, 7);
      yield bytes.subarray(7);
    },
    cancel() {
      out.cancelled = true;
    },
  };
  return out;
}

async function read(text: string): Promise<{ count: number; error: unknown; cancelled: boolean }> {
  const res = response(text);
  let count = 0;
  try {
    for await (const _turn of readOllamaStream({ response: res, parse: parseOllamaChatTurn, providerName: 'Ollama_chat', secrets: ['secret-key-123'] })) count += 1;
  } catch (error) {
    return { count, error, cancelled: res.cancelled };
  }
  return { count, error: undefined, cancelled: res.cancelled };
}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
const part = line({ model: 'm', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: 'a' }, done: false });
const done = line({ model: 'm', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' });

describe('reading an Ollama NDJSON stream', () => {
  it('yields every line up to done and releases the connection', async () => {
    assert.deepEqual(await read(part + part + done), { count: 3, error: undefined, cancelled: true });
  });

  it('an {error} line mid-stream is thrown as a catalogue error, secrets redacted', async () => {
    const result = await read(part + line({ error: 'model crashed with key secret-key-123' }));
    assert.equal(result.count, 1);
    assert.ok(result.error instanceof GatewayError);
    assert.equal(result.error.kind, 'internal');
    assert.match(result.error.message, /^litellm\.InternalServerError: Ollama_chatException - model crashed with key \[REDACTED\]$/);
  });

  it('a stream cut before done is an APIConnectionError, not a short answer', async () => {
    const result = await read(part);
    assert.ok(result.error instanceof GatewayError && result.error.kind === 'api_connection');
  });

  it('a line that is not JSON, or not an answer, is a 502', async () => {
    for (const text of [`${part}<html>\n`, part + line({ hello: 1 })]) {
      const result = await read(text);
      assert.ok(result.error instanceof GatewayError && result.error.kind === 'bad_gateway', text);
    }
  });
});
