import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { GeminiResponse } from './gemini-api.ts';
import { convertGeminiResponse } from './convert-gemini-response.ts';
import { convertGeminiStream } from './convert-gemini-stream.ts';
import { geminiToolCallId } from './gemini-tool-call-id.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';

const options = { model: 'gemini-x', providerName: 'Gemini' };
const usageMetadata = { promptTokenCount: 10, candidatesTokenCount: 4, thoughtsTokenCount: 3, cachedContentTokenCount: 6, totalTokenCount: 17 };
const id0 = geminiToolCallId({ answerKey: 'r1', candidate: 0, index: 0 });
const id1 = geminiToolCallId({ answerKey: 'r1', candidate: 0, index: 1 });

async function* from(events: GeminiResponse[]): AsyncGenerator<GeminiResponse> {
  yield* events;
}

async function collect(events: GeminiResponse[]): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const chunk of convertGeminiStream(from(events), options)) out.push(chunk);
  return out;
}

describe('convertGeminiResponse', () => {
  it('text, thoughts, usage with cached and reasoning tokens', () => {
    const answer = convertGeminiResponse(
      { responseId: 'r1', modelVersion: 'gemini-2.5-flash-001', candidates: [{ content: { role: 'model', parts: [{ text: 'hmm', thought: true }, { text: 'Hel' }, { text: 'lo' }] }, finishReason: 'STOP', index: 0 }], usageMetadata },
      options,
    );
    assert.equal(answer.id, 'chatcmpl-r1');
    assert.equal(answer.model, 'gemini-2.5-flash-001');
    assert.deepEqual(answer.choices, [{ index: 0, message: { role: 'assistant', content: 'Hello', reasoning_content: 'hmm' }, finish_reason: 'stop', logprobs: null }]);
    assert.deepEqual(answer.usage, { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17, prompt_tokens_details: { cached_tokens: 6 }, completion_tokens_details: { reasoning_tokens: 3 } });
  });

  it('function calls → tool_calls with deterministic ids, the signature in the id and provider_specific_fields', () => {
    const response: GeminiResponse = {
      responseId: 'r1',
      candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } }, thoughtSignature: 'SIG' }, { functionCall: { name: 'g' } }] }, finishReason: 'STOP' }],
    };
    const answer = convertGeminiResponse(response, options);
    assert.deepEqual(answer.choices[0]?.message, {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: `${id0}__thought__SIG`, type: 'function', function: { name: 'f', arguments: '{"a":1}' }, provider_specific_fields: { thought_signature: 'SIG' } },
        { id: id1, type: 'function', function: { name: 'g', arguments: '{}' } },
      ],
    });
    assert.equal(answer.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(convertGeminiResponse(response, options).choices, answer.choices, 'same answer, same ids');
    assert.match(id0, /^call_[0-9a-f]{24}$/);
    assert.notEqual(id0, id1);
  });

  it('several candidates → several choices; logprobs converted', () => {
    const answer = convertGeminiResponse(
      {
        candidates: [
          { content: { parts: [{ text: 'a' }] }, finishReason: 'STOP', index: 0, logprobsResult: { chosenCandidates: [{ token: 'a', logProbability: -0.1 }], topCandidates: [{ candidates: [{ token: 'a', logProbability: -0.1 }, { token: 'b', logProbability: -2 }] }] } },
          { content: { parts: [{ text: 'b' }] }, finishReason: 'MAX_TOKENS', index: 1 },
        ],
      },
      options,
    );
    assert.deepEqual(answer.choices.map((c) => [c.index, c.message.content, c.finish_reason]), [[0, 'a', 'stop'], [1, 'b', 'length']]);
    assert.deepEqual(answer.choices[0]?.logprobs, {
      content: [{ token: 'a', logprob: -0.1, bytes: null, top_logprobs: [{ token: 'a', logprob: -0.1, bytes: null }, { token: 'b', logprob: -2, bytes: null }] }],
    });
  });

  it('a blocked prompt is a content-policy error', () => {
    assert.throws(
      () => convertGeminiResponse({ promptFeedback: { blockReason: 'SAFETY' } }, options),
      (error: unknown) => error instanceof GatewayError && error.kind === 'content_policy_violation' && /blockReason: SAFETY/.test(error.message),
    );
  });
});

describe('mapGeminiFinishReason', () => {
  const cases: [string | undefined, boolean, string][] = [
    ['STOP', false, 'stop'], ['STOP', true, 'tool_calls'], ['MAX_TOKENS', true, 'length'], ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'], ['BLOCKLIST', false, 'content_filter'], ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'], ['IMAGE_SAFETY', false, 'content_filter'], ['MALFORMED_FUNCTION_CALL', false, 'stop'],
    ['FINISH_REASON_UNSPECIFIED', false, 'stop'], ['SOMETHING_NEW', false, 'stop'], [undefined, false, 'stop'],
  ];
  for (const [reason, tools, expected] of cases) {
    it(`${String(reason)}${tools ? ' with calls' : ''} → ${expected}`, () => assert.equal(mapGeminiFinishReason(reason, tools), expected));
  }
});

describe('convertGeminiStream', () => {
  it('role first, text and thought deltas, a whole tool call, the finish, then usage', async () => {
    const chunks = await collect([
      { responseId: 'r1', candidates: [{ content: { role: 'model', parts: [{ text: 'think', thought: true }] } }], usageMetadata: { promptTokenCount: 10 } },
      { responseId: 'r1', candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] } }] },
      { responseId: 'r1', candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }] }, finishReason: 'STOP' }], usageMetadata },
    ]);
    assert.deepEqual(
      chunks.map((c) => [c.choices[0]?.delta, c.choices[0]?.finish_reason ?? null]),
      [
        [{ role: 'assistant', content: '', reasoning_content: 'think' }, null],
        [{ content: 'Hi' }, null],
        [{ tool_calls: [{ index: 0, id: id0, type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, null],
        [{}, 'tool_calls'],
        [undefined, null],
      ],
    );
    assert.ok(chunks.every((c) => c.id === 'chatcmpl-r1' && c.object === 'chat.completion.chunk'));
    assert.deepEqual(chunks.at(-1)?.choices, []);
    assert.equal(chunks.at(-1)?.usage?.total_tokens, 17);
  });

  it('two candidates stream as two choices, each with its own finish', async () => {
    const chunks = await collect([
      { candidates: [{ content: { parts: [{ text: 'a' }] }, index: 0 }, { content: { parts: [{ text: 'b' }] }, index: 1 }] },
      { candidates: [{ content: { parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }, { content: { parts: [{ text: '' }] }, finishReason: 'MAX_TOKENS', index: 1 }], usageMetadata },
    ]);
    const finishes = chunks.flatMap((c) => c.choices.filter((choice) => choice.finish_reason !== null).map((choice) => [choice.index, choice.finish_reason]));
    assert.deepEqual(finishes, [[0, 'stop'], [1, 'length']]);
    assert.deepEqual(chunks.flatMap((c) => c.choices.map((choice) => [choice.index, choice.delta.content])).filter(([, text]) => text !== undefined && text !== ''), [[0, 'a'], [1, 'b']]);
  });

  it('a stream that ends before any finish is a truncation, not an answer', async () => {
    await assert.rejects(collect([{ candidates: [{ content: { parts: [{ text: 'a' }] } }] }]), (error: unknown) => error instanceof GatewayError && error.kind === 'api_connection');
  });

  it('a blocked prompt in the first event is a content-policy error', async () => {
    await assert.rejects(collect([{ promptFeedback: { blockReason: 'OTHER' } }]), (error: unknown) => error instanceof GatewayError && error.kind === 'content_policy_violation');
  });
});

describe('parseGeminiResponse', () => {
  const bad: [string, unknown][] = [
    ['not an object', []],
    ['candidates not an array', { candidates: {} }],
    ['a part whose text is not a string', { candidates: [{ content: { parts: [{ text: 1 }] } }] }],
    ['a function call without a name', { candidates: [{ content: { parts: [{ functionCall: { args: {} } }] } }] }],
    ['a count that is not a number', { usageMetadata: { promptTokenCount: '3' } }],
  ];
  for (const [name, value] of bad) {
    it(`is a 502 for ${name}`, () => assert.throws(() => parseGeminiResponse(value, 'Gemini'), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_gateway'));
  }
});
