import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { closeServer, listenOnLoopback } from '../../../test/support/loopback-server.ts';
import type { ChatCompletionRequest, ChatMessage } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { convertToGeminiRequest } from './convert-to-gemini-request.ts';

const signal = new AbortController().signal;
const hi: ChatMessage[] = [{ role: 'user', content: 'hi' }];
const user = { role: 'user', parts: [{ text: 'hi' }] };
const convert = (request: Partial<ChatCompletionRequest>, options: { model?: string; flavor?: 'ai_studio' | 'vertex_ai' } = {}) =>
  convertToGeminiRequest({ model: 'm', messages: hi, ...request }, { model: options.model ?? 'gemini-2.5-flash', flavor: options.flavor ?? 'ai_studio', signal });
const call = (id: string, name = 'f', args = '{"a":1}', extra: Record<string, unknown> = {}) => ({ id, type: 'function' as const, function: { name, arguments: args }, ...extra });

describe('convertToGeminiRequest', () => {
  describe('messages', () => {
    const cases: { name: string; messages: ChatMessage[]; expected: Record<string, unknown> }[] = [
      {
        name: 'system and developer messages → systemInstruction; user → user',
        messages: [{ role: 'system', content: 'a' }, { role: 'developer', content: [{ type: 'text', text: 'b' }] }, ...hi],
        expected: { systemInstruction: { parts: [{ text: 'a' }, { text: 'b' }] }, contents: [user] },
      },
      {
        name: 'consecutive same-role turns are merged; assistant → model; empty text gives no part',
        messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'assistant', content: 'c' }, { role: 'assistant', content: '' }, { role: 'user', content: 'd' }],
        expected: { contents: [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }, { role: 'model', parts: [{ text: 'c' }] }, { role: 'user', parts: [{ text: 'd' }] }] },
      },
      {
        name: 'tool calls → functionCall parts; results → functionResponse (objects as is, other JSON and text wrapped) merged into one user turn',
        messages: [
          ...hi,
          { role: 'assistant', content: null, tool_calls: [call('c1', 'f'), call('c2', 'g', '')] },
          { role: 'tool', tool_call_id: 'c1', content: '{"t":21}' },
          { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'plain ' }, { type: 'text', text: 'text' }] },
        ],
        expected: {
          contents: [
            user,
            { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }, { functionCall: { name: 'g', args: {} } }] },
            { role: 'user', parts: [{ functionResponse: { name: 'f', response: { t: 21 } } }, { functionResponse: { name: 'g', response: { content: 'plain text' } } }] },
          ],
        },
      },
      {
        name: 'a JSON array or number result is wrapped as {content}',
        messages: [...hi, { role: 'assistant', content: null, tool_calls: [call('c1'), call('c2')] }, { role: 'tool', tool_call_id: 'c1', content: '[1,2]' }, { role: 'tool', tool_call_id: 'c2', content: '42' }],
        expected: {
          contents: [
            user,
            { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }, { functionCall: { name: 'f', args: { a: 1 } } }] },
            { role: 'user', parts: [{ functionResponse: { name: 'f', response: { content: [1, 2] } } }, { functionResponse: { name: 'f', response: { content: 42 } } }] },
          ],
        },
      },
      {
        name: 'the thought signature comes back from provider_specific_fields, or from the id',
        messages: [
          ...hi,
          { role: 'assistant', content: 'x', tool_calls: [call('c1', 'f', '{}', { provider_specific_fields: { thought_signature: 'SIG1' } }), call('call_ab__thought__SIG2', 'g', '{}')] },
          { role: 'tool', tool_call_id: 'c1', content: 'a' },
          { role: 'tool', tool_call_id: 'call_ab__thought__SIG2', content: 'b' },
        ],
        expected: {
          contents: [
            user,
            { role: 'model', parts: [{ text: 'x' }, { functionCall: { name: 'f', args: {} }, thoughtSignature: 'SIG1' }, { functionCall: { name: 'g', args: {} }, thoughtSignature: 'SIG2' }] },
            { role: 'user', parts: [{ functionResponse: { name: 'f', response: { content: 'a' } } }, { functionResponse: { name: 'g', response: { content: 'b' } } }] },
          ],
        },
      },
      {
        name: 'images: a data URL → inlineData; gs:// → fileData with the type guessed; audio → inlineData',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'see' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
              { type: 'image_url', image_url: { url: 'gs://bucket/cat.JPG' } },
              { type: 'input_audio', input_audio: { data: 'BBBB', format: 'wav' } },
              { type: 'file', file: { file_data: 'data:application/pdf;base64,CCCC' } },
            ],
          },
        ],
        expected: {
          contents: [
            {
              role: 'user',
              parts: [
                { text: 'see' },
                { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
                { fileData: { mimeType: 'image/jpeg', fileUri: 'gs://bucket/cat.JPG' } },
                { inlineData: { mimeType: 'audio/wav', data: 'BBBB' } },
                { inlineData: { mimeType: 'application/pdf', data: 'CCCC' } },
              ],
            },
          ],
        },
      },
      {
        name: 'only system messages → sent as the one user turn',
        messages: [{ role: 'system', content: 'only' }],
        expected: { contents: [{ role: 'user', parts: [{ text: 'only' }] }] },
      },
    ];
    for (const { name, messages, expected } of cases) {
      it(name, async () => assert.deepEqual(await convert({ messages }), expected));
    }

    it('Gemini 3 gets the documented placeholder signature on a replayed call that has none', async () => {
      const body = await convert({ messages: [...hi, { role: 'assistant', content: null, tool_calls: [call('c1')] }, { role: 'tool', tool_call_id: 'c1', content: 'r' }] }, { model: 'gemini-3-pro-preview' });
      assert.equal(body.contents[1]?.parts[0]?.thoughtSignature, 'skip_thought_signature_validator');
    });

    it('fetches an http(s) image and sends it inline', async () => {
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'image/webp' });
        res.end(Buffer.from('webp-bytes'));
      });
      const port = await listenOnLoopback(server);
      try {
        const url = `http://127.0.0.1:${port}/cat`;
        const body = await convert({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
        assert.deepEqual(body.contents, [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/webp', data: Buffer.from('webp-bytes').toString('base64') } }] }]);
      } finally {
        await closeServer(server);
      }
    });

    const refused: { name: string; messages: ChatMessage[]; param: string }[] = [
      { name: 'a tool result that answers no call', messages: [...hi, { role: 'tool', tool_call_id: 'nope', content: 'x' }], param: 'messages[1].tool_call_id' },
      { name: 'arguments that are not a JSON object', messages: [...hi, { role: 'assistant', content: null, tool_calls: [call('c', 'f', '[1]')] }], param: 'messages[1].tool_calls[0].function.arguments' },
      { name: 'a gs:// URI of unknown type', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'gs://b/blob' } }] }], param: 'messages[0].content[0].image_url.url' },
      { name: 'no messages with content', messages: [], param: 'messages' },
    ];
    for (const { name, messages, param } of refused) {
      it(`refuses ${name} (400 naming ${param})`, async () => {
        await assert.rejects(convert({ messages }), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_request' && error.param === param);
      });
    }
  });

  describe('generationConfig and the rest of the body', () => {
    const cases: { name: string; request: Partial<ChatCompletionRequest>; expected: Record<string, unknown>; flavor?: 'vertex_ai' }[] = [
      {
        name: 'sampling, length, stop, n, seed, penalties, top_k',
        request: { temperature: 0.5, top_p: 0.8, top_k: 40, max_completion_tokens: 99, max_tokens: 5, stop: 'X', n: 3, seed: 1, presence_penalty: 0.1, frequency_penalty: 0.2 },
        expected: { generationConfig: { temperature: 0.5, topP: 0.8, topK: 40, maxOutputTokens: 99, stopSequences: ['X'], candidateCount: 3, seed: 1, presencePenalty: 0.1, frequencyPenalty: 0.2 } },
      },
      { name: 'max_tokens alone; n: 1 is not sent', request: { max_tokens: 5, n: 1 }, expected: { generationConfig: { maxOutputTokens: 5 } } },
      { name: 'response_format json_object', request: { response_format: { type: 'json_object' } }, expected: { generationConfig: { responseMimeType: 'application/json' } } },
      { name: 'response_format text sends nothing', request: { response_format: { type: 'text' } }, expected: {} },
      { name: 'logprobs + top_logprobs', request: { logprobs: true, top_logprobs: 3 }, expected: { generationConfig: { responseLogprobs: true, logprobs: 3 } } },
      { name: 'reasoning_effort low', request: { reasoning_effort: 'low' }, expected: { generationConfig: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } } } },
      { name: 'reasoning_effort high', request: { reasoning_effort: 'high' }, expected: { generationConfig: { thinkingConfig: { thinkingBudget: 4096, includeThoughts: true } } } },
      { name: 'reasoning_effort none → budget 0', request: { reasoning_effort: 'none' }, expected: { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } } },
      { name: 'reasoning_effort disable → budget 0', request: { reasoning_effort: 'disable' }, expected: { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } } },
      { name: 'thinking with a budget', request: { thinking: { type: 'enabled', budget_tokens: 500 } }, expected: { generationConfig: { thinkingConfig: { thinkingBudget: 500, includeThoughts: true } } } },
      { name: 'thinking disabled', request: { thinking: { type: 'disabled' } }, expected: { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } } },
      {
        name: 'tool_choice none / required',
        request: { tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' },
        expected: { tools: [{ functionDeclarations: [{ name: 'f' }] }], toolConfig: { functionCallingConfig: { mode: 'ANY' } } },
      },
      {
        name: 'tool_choice none; an object schema without properties is sent without parameters',
        request: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {}, additionalProperties: false } } }], tool_choice: 'none' },
        expected: { tools: [{ functionDeclarations: [{ name: 'f' }] }], toolConfig: { functionCallingConfig: { mode: 'NONE' } } },
      },
      { name: 'web_search_options → the googleSearch tool', request: { web_search_options: {} }, expected: { tools: [{ googleSearch: {} }] } },
      {
        name: 'safety_settings and cached_content pass through; labels are dropped on AI Studio',
        request: { safety_settings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }], cached_content: 'cachedContents/1', labels: { team: 'a' } },
        expected: { safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }], cachedContent: 'cachedContents/1' },
      },
      { name: 'labels on Vertex AI', request: { labels: { team: 'a' } }, expected: { labels: { team: 'a' } }, flavor: 'vertex_ai' },
    ];
    for (const { name, request, expected, flavor } of cases) {
      it(name, async () => assert.deepEqual(await convert(request, flavor === undefined ? {} : { flavor }), { contents: [user], ...expected }));
    }

    const refused: { name: string; request: Partial<ChatCompletionRequest>; param: string }[] = [
      { name: 'six stop sequences', request: { stop: ['1', '2', '3', '4', '5', '6'] }, param: 'stop' },
      { name: 'an unknown reasoning_effort', request: { reasoning_effort: 'extreme' }, param: 'reasoning_effort' },
      { name: 'a tool_choice naming no declared tool', request: { tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: { name: 'g' } } }, param: 'tool_choice' },
      { name: 'a schema $ref that resolves nowhere', request: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { $ref: '#/$defs/Nope' } } } } }] }, param: 'tools[0].function.parameters' },
    ];
    for (const { name, request, param } of refused) {
      it(`refuses ${name} (400 naming ${param})`, async () => {
        await assert.rejects(convert(request), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_request' && error.param === param);
      });
    }
  });
});
