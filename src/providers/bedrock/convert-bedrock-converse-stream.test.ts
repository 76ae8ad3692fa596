import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk } from '../../spec/chat.ts';
import { toBedrockStreamEvent, type BedrockStreamEvent } from './bedrock-api.ts';
import { createBedrockStreamConverter } from './convert-bedrock-converse-stream.ts';

function ev(eventType: string, payload: Record<string, unknown>): BedrockStreamEvent {
  const event = toBedrockStreamEvent(eventType, { ...payload, p: 'abcdefgh' });
  assert.ok(event !== undefined, `${eventType} parses`);
  return event;
}

function run(events: BedrockStreamEvent[], jsonToolName?: string): ChatCompletionChunk[] {
  const convert = createBedrockStreamConverter({ model: 'anthropic.claude-x', jsonToolName });
  return events.flatMap((e) => convert(e));
}

const deltas = (chunks: ChatCompletionChunk[]) => chunks.map((c) => (c.choices[0] === undefined ? { usage: c.usage } : { delta: c.choices[0].delta, finish: c.choices[0].finish_reason }));

describe('createBedrockStreamConverter', () => {
  it('streams role, text, a tool call (id and name first, then argument fragments), finish and usage', () => {
    const chunks = run([
      ev('messageStart', { role: 'assistant' }),
      ev('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }),
      ev('contentBlockStop', { contentBlockIndex: 0 }),
      ev('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tu_1', name: 'get_weather' } } }),
      ev('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } }),
      ev('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '"Paris"}' } } }),
      ev('contentBlockStop', { contentBlockIndex: 1 }),
      ev('messageStop', { stopReason: 'tool_use' }),
      ev('metadata', { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7, cacheReadInputTokens: 2 }, metrics: { latencyMs: 1 } }),
    ]);
    assert.deepEqual(deltas(chunks), [
      { delta: { role: 'assistant', content: '' }, finish: null },
      { delta: { content: 'Hi' }, finish: null },
      { delta: { tool_calls: [{ index: 0, id: 'tu_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, finish: null },
      { delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, finish: null },
      { delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, finish: null },
      { delta: {}, finish: 'tool_calls' },
      { usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 2 }, cache_creation_input_tokens: 0, cache_read_input_tokens: 2 } },
    ]);
    const ids = new Set(chunks.map((c) => c.id));
    assert.equal(ids.size, 1);
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'anthropic.claude-x'));
    assert.deepEqual(chunks.at(-1)?.choices, []);
  });

  it('streams reasoning as reasoning_content and thinking_blocks, with the signature', () => {
    const chunks = run([
      ev('messageStart', { role: 'assistant' }),
      ev('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } }),
      ev('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig' } } }),
      ev('contentBlockDelta', { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'xx' } } }),
      ev('messageStop', { stopReason: 'max_tokens' }),
    ]);
    assert.deepEqual(deltas(chunks).slice(1), [
      { delta: { reasoning_content: 'hmm', thinking_blocks: [{ type: 'thinking', thinking: 'hmm' }] }, finish: null },
      { delta: { thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'sig' }] }, finish: null },
      { delta: { thinking_blocks: [{ type: 'redacted_thinking', data: 'xx' }] }, finish: null },
      { delta: {}, finish: 'length' },
    ]);
  });

  it('streams the forced response_format tool input as content and finishes with stop', () => {
    const chunks = run(
      [
        ev('messageStart', { role: 'assistant' }),
        ev('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't', name: 'json_tool_call' } } }),
        ev('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"a":1}' } } }),
        ev('messageStop', { stopReason: 'tool_use' }),
      ],
      'json_tool_call',
    );
    assert.deepEqual(deltas(chunks).slice(1), [{ delta: { content: '{"a":1}' }, finish: null }, { delta: {}, finish: 'stop' }]);
  });

  it('numbers several tool calls by call, not by content block', () => {
    const chunks = run([
      ev('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'a', name: 'f' } } }),
      ev('contentBlockStart', { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'b', name: 'g' } } }),
      ev('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{}' } } }),
    ]);
    assert.deepEqual(chunks.map((c) => c.choices[0]?.delta.tool_calls?.[0]?.index), [0, 1, 1]);
  });
});
