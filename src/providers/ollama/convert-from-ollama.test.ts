import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk } from '../../spec/chat.ts';
import type { Completion } from '../../spec/completion.ts';
import type { OllamaTurn } from './ollama-api.ts';
import { convertOllamaChatAnswer, convertOllamaChatStream } from './convert-from-ollama-chat.ts';
import { convertOllamaCompletion, convertOllamaCompletionStream } from './convert-from-ollama-completion.ts';
import { convertOllamaEmbedding } from './convert-from-ollama-embedding.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';
import { parseOllamaChatTurn, parseOllamaEmbedAnswer, parseOllamaGenerateTurn } from './parse-ollama-answer.ts';

const ids = { id: 'chatcmpl-x', model: 'ollama_chat/llama3.1', toolCallId: (call: { id?: string }, index: number) => call.id ?? `call_gen_${index}` };
const created_at = '2026-11-24T10:00:00Z';
const CREATED = Date.parse(created_at) / 1000;
const stats = { done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 7 };

function chatTurn(value: Record<string, unknown>): OllamaTurn {
  const turn = parseOllamaChatTurn({ model: 'llama3.1', created_at, ...value });
  assert.ok(turn, 'parses');
  return turn;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('/api/chat answer → chat.completion', () => {
  it('text, usage and finish reason', () => {
    const out = convertOllamaChatAnswer(chatTurn({ message: { role: 'assistant', content: 'hello' }, ...stats }), ids);
    assert.deepEqual(out, {
      id: 'chatcmpl-x',
      object: 'chat.completion',
      created: CREATED,
      model: 'ollama_chat/llama3.1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
    });
  });

  it('tool calls: arguments object → JSON text, Ollama id kept or generated, finish tool_calls, content null', () => {
    const out = convertOllamaChatAnswer(
      chatTurn({
        message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_a', function: { index: 0, name: 'f', arguments: { x: 1 } } }, { function: { name: 'g', arguments: {} } }] },
        ...stats,
      }),
      ids,
    );
    assert.deepEqual(out.choices[0]?.message, {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
        { id: 'call_gen_1', type: 'function', function: { name: 'g', arguments: '{}' } },
      ],
    });
    assert.equal(out.choices[0]?.finish_reason, 'tool_calls');
  });

  it('thinking → reasoning_content; done_reason length → length', () => {
    const out = convertOllamaChatAnswer(chatTurn({ message: { role: 'assistant', content: 'a', thinking: 'why' }, ...stats, done_reason: 'length' }), ids);
    assert.equal(out.choices[0]?.message.reasoning_content, 'why');
    assert.equal(out.choices[0]?.finish_reason, 'length');
  });

  it('missing counts (cached prompt) are 0', () => {
    const out = convertOllamaChatAnswer(chatTurn({ message: { role: 'assistant', content: 'a' }, done: true }), ids);
    assert.deepEqual(out.usage, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });
});

describe('finish reasons', () => {
  const table: [string | undefined, boolean, string][] = [
    ['stop', false, 'stop'],
    ['length', false, 'length'],
    ['load', false, 'stop'],
    [undefined, false, 'stop'],
    ['stop', true, 'tool_calls'],
  ];
  for (const [reason, tools, expected] of table) {
    it(`${String(reason)}${tools ? ' with tool calls' : ''} → ${expected}`, () => assert.equal(mapOllamaFinishReason(reason, tools), expected));
  }
});

describe('/api/chat stream → chunks', () => {
  it('role first, text deltas, reasoning, tool-call deltas (name then arguments), finish and usage chunks', async () => {
    const turns = [
      chatTurn({ message: { role: 'assistant', content: '', thinking: 'hm' }, done: false }),
      chatTurn({ message: { role: 'assistant', content: 'He' }, done: false }),
      chatTurn({ message: { role: 'assistant', content: '' }, done: false }),
      chatTurn({ message: { role: 'assistant', content: '', tool_calls: [{ id: 'c1', function: { name: 'f', arguments: { a: 'b' } } }] }, done: false }),
      chatTurn({ message: { role: 'assistant', content: '' }, ...stats }),
    ];
    const chunks = await collect(convertOllamaChatStream(from(turns), ids));
    const deltas = chunks.map((c: ChatCompletionChunk) => [c.choices[0]?.delta, c.choices[0]?.finish_reason ?? null, c.usage ?? null]);
    assert.deepEqual(deltas, [
      [{ role: 'assistant', content: '', reasoning_content: 'hm' }, null, null],
      [{ content: 'He' }, null, null],
      [{ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'f', arguments: '' } }] }, null, null],
      [{ tool_calls: [{ index: 0, function: { arguments: '{"a":"b"}' } }] }, null, null],
      [{}, 'tool_calls', null],
      [undefined, null, { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 }],
    ]);
    assert.ok(chunks.every((c) => c.id === 'chatcmpl-x' && c.model === 'ollama_chat/llama3.1' && c.object === 'chat.completion.chunk'));
    assert.deepEqual(chunks.at(-1)?.choices, []);
  });
});

describe('/api/generate answers', () => {
  const generate = (value: Record<string, unknown>): OllamaTurn => {
    const turn = parseOllamaGenerateTurn({ model: 'llama3.1', created_at, ...value });
    assert.ok(turn);
    return turn;
  };
  const cids = { ...ids, id: 'cmpl-x', model: 'ollama/llama3.1' };

  it('whole → text_completion', () => {
    assert.deepEqual(convertOllamaCompletion(generate({ response: 'once', ...stats, done_reason: 'length' }), cids), {
      id: 'cmpl-x',
      object: 'text_completion',
      created: CREATED,
      model: 'ollama/llama3.1',
      choices: [{ index: 0, text: 'once', finish_reason: 'length', logprobs: null }],
      usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
    });
  });

  it('stream → text chunks, a finish chunk and a usage chunk', async () => {
    const chunks = await collect(convertOllamaCompletionStream(from([generate({ response: 'a', done: false }), generate({ response: '', ...stats })]), cids));
    assert.deepEqual(chunks.map((c: Completion) => [c.choices[0]?.text, c.choices[0]?.finish_reason, c.usage?.total_tokens]), [
      ['a', null, undefined],
      ['', 'stop', undefined],
      [undefined, undefined, 12],
    ]);
  });
});

describe('wire checks', () => {
  const bad: [string, unknown][] = [
    ['not an object', 'x'],
    ['no message', { done: true }],
    ['content not a string', { message: { content: [] }, done: true }],
    ['arguments as a string', { message: { content: '', tool_calls: [{ function: { name: 'f', arguments: '{}' } }] }, done: true }],
    ['done missing', { message: { content: '' } }],
  ];
  for (const [name, value] of bad) it(`chat turn rejected: ${name}`, () => assert.equal(parseOllamaChatTurn(value), undefined));

  it('embed answer → embedding list with usage; base64 on request', () => {
    const answer = parseOllamaEmbedAnswer({ model: 'nomic', embeddings: [[0.5, 1]], prompt_eval_count: 3 });
    assert.ok(answer);
    assert.deepEqual(convertOllamaEmbedding(answer, { model: 'ollama/nomic', base64: false }), {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5, 1] }],
      model: 'ollama/nomic',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
    assert.equal(convertOllamaEmbedding(answer, { model: 'm', base64: true }).data[0]?.embedding, Buffer.from(new Float32Array([0.5, 1]).buffer).toString('base64'));
    assert.equal(parseOllamaEmbedAnswer({ embeddings: [['x']] }), undefined);
  });
});
