import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BedrockConverseResponse } from './bedrock-api.ts';
import { convertBedrockConverseResponse } from './convert-bedrock-converse-response.ts';
import { convertBedrockUsage } from './convert-bedrock-usage.ts';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.ts';

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

function answer(content: Record<string, unknown>[], stopReason = 'end_turn'): BedrockConverseResponse {
  return { output: { message: { role: 'assistant', content } }, stopReason, usage };
}

describe('convertBedrockConverseResponse', () => {
  it('joins text blocks into content and reports model, usage and finish reason', () => {
    const out = convertBedrockConverseResponse(answer([{ text: 'Hello ' }, { text: 'there' }]), { model: 'anthropic.claude-x', jsonToolName: undefined });
    assert.match(out.id, /^chatcmpl-/);
    assert.equal(out.object, 'chat.completion');
    assert.equal(out.model, 'anthropic.claude-x');
    assert.deepEqual(out.choices, [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }]);
    assert.deepEqual(out.usage, { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 0 }, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it('turns toolUse blocks into tool_calls with JSON arguments', () => {
    const out = convertBedrockConverseResponse(
      answer([{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } }], 'tool_use'),
      { model: 'm', jsonToolName: undefined },
    );
    assert.deepEqual(out.choices[0]?.message, {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    });
    assert.equal(out.choices[0]?.finish_reason, 'tool_calls');
  });

  it('turns reasoningContent into reasoning_content and thinking_blocks (signature and redacted kept)', () => {
    const out = convertBedrockConverseResponse(
      answer([{ reasoningContent: { reasoningText: { text: 'Let me think.', signature: 'sig1' } } }, { reasoningContent: { redactedContent: 'b64==' } }, { text: '42' }]),
      { model: 'm', jsonToolName: undefined },
    );
    const message = out.choices[0]?.message;
    assert.equal(message?.content, '42');
    assert.equal(message?.reasoning_content, 'Let me think.');
    assert.deepEqual(message?.['thinking_blocks'], [{ type: 'thinking', thinking: 'Let me think.', signature: 'sig1' }, { type: 'redacted_thinking', data: 'b64==' }]);
  });

  it('reads the forced response_format tool as the content in JSON mode', () => {
    const out = convertBedrockConverseResponse(answer([{ toolUse: { toolUseId: 't', name: 'person', input: { name: 'Ada' } } }], 'tool_use'), { model: 'm', jsonToolName: 'person' });
    assert.deepEqual(out.choices[0]?.message, { role: 'assistant', content: '{"name":"Ada"}' });
    assert.equal(out.choices[0]?.finish_reason, 'stop');
  });

  it('keeps the guardrail trace', () => {
    const out = convertBedrockConverseResponse({ ...answer([{ text: 'blocked' }], 'guardrail_intervened'), trace: { guardrail: { x: 1 } } }, { model: 'm', jsonToolName: undefined });
    assert.equal(out.choices[0]?.finish_reason, 'content_filter');
    assert.deepEqual(out['trace'], { guardrail: { x: 1 } });
  });
});

describe('mapBedrockFinishReason', () => {
  const table: [string | undefined, string][] = [
    ['end_turn', 'stop'], ['stop_sequence', 'stop'], ['max_tokens', 'length'], ['model_context_window_exceeded', 'length'], ['tool_use', 'tool_calls'],
    ['guardrail_intervened', 'content_filter'], ['content_filtered', 'content_filter'], ['something_new', 'stop'], [undefined, 'stop'],
  ];
  for (const [reason, expected] of table) it(`${String(reason)} → ${expected}`, () => assert.equal(mapBedrockFinishReason(reason), expected));
});

describe('convertBedrockUsage', () => {
  it('counts cache reads and writes into prompt_tokens like LiteLLM and keeps them', () => {
    assert.deepEqual(convertBedrockUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 115, cacheReadInputTokens: 60, cacheWriteInputTokens: 40 }), {
      prompt_tokens: 110,
      completion_tokens: 5,
      total_tokens: 115,
      prompt_tokens_details: { cached_tokens: 60 },
      cache_creation_input_tokens: 40,
      cache_read_input_tokens: 60,
    });
  });
});
