import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionRequest } from '../../spec/chat.ts';
import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { convertToBedrockConverseRequest } from './convert-to-bedrock-converse-request.ts';
import { resolveBedrockModel } from './resolve-bedrock-model.ts';

const PNG = 'iVBORw0KGgo=';

function deployment(model: string, params: Record<string, unknown> = {}): Deployment {
  return { id: 'd1', modelName: 'm', provider: 'bedrock', providerModel: model, params: { model: `bedrock/${model}`, ...params }, info: {} };
}

async function convert(request: Partial<ChatCompletionRequest>, model = 'anthropic.claude-3-5-sonnet-20240620-v1:0', params: Record<string, unknown> = {}) {
  const d = deployment(model, params);
  const loadImage = async ({ url }: { url: string }) => {
    if (url.startsWith('data:')) return { mediaType: url.slice(5, url.indexOf(';')), data: url.slice(url.indexOf(',') + 1) };
    return { mediaType: 'image/jpeg', data: 'ZmV0Y2hlZA==' };
  };
  return convertToBedrockConverseRequest({ model: 'x', messages: [], ...request } as ChatCompletionRequest, { model: resolveBedrockModel(d), deployment: d, loadImage });
}

const user = (content: ChatCompletionRequest['messages'][number]['content']) => ({ role: 'user' as const, content });
const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });
const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

/** Each translation rule: the canonical request and the exact Converse body it must produce. */
const CASES: { name: string; request: Partial<ChatCompletionRequest>; model?: string; params?: Record<string, unknown>; body: Record<string, unknown> }[] = [
  {
    name: 'system and developer messages become system blocks; cache_control adds a cache point',
    request: {
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }] },
        user('hi'),
        { role: 'developer', content: 'Use French.' },
      ],
    },
    body: { messages: [{ role: 'user', content: [{ text: 'hi' }] }], system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }, { text: 'Use French.' }] },
  },
  {
    name: 'same-role turns merge; blank text is dropped; an empty turn disappears',
    request: { messages: [user('a'), user(' '), user([{ type: 'text', text: 'b' }, { type: 'text', text: '' }]), { role: 'assistant', content: '' }, { role: 'assistant', content: 'c' }, user('d')] },
    body: { messages: [{ role: 'user', content: [{ text: 'a' }, { text: 'b' }] }, { role: 'assistant', content: [{ text: 'c' }] }, { role: 'user', content: [{ text: 'd' }] }] },
  },
  {
    name: 'a conversation that starts with the assistant gets a "Please continue." user turn',
    request: { messages: [{ role: 'assistant', content: 'Hello!' }, user('hi')] },
    body: { messages: [{ role: 'user', content: [{ text: 'Please continue.' }] }, { role: 'assistant', content: [{ text: 'Hello!' }] }, { role: 'user', content: [{ text: 'hi' }] }] },
  },
  {
    name: 'images (data URL and fetched http URL) become image blocks with bytes; files become documents',
    request: {
      messages: [
        user([
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERg==', filename: 'report.v2.pdf' } },
        ]),
      ],
    },
    body: {
      messages: [
        {
          role: 'user',
          content: [
            { text: 'What is this?' },
            { image: { format: 'png', source: { bytes: PNG } } },
            { image: { format: 'jpeg', source: { bytes: 'ZmV0Y2hlZA==' } } },
            { document: { format: 'pdf', name: 'report v2', source: { bytes: 'JVBERg==' } } },
          ],
        },
      ],
    },
  },
  {
    name: 'tool calls become toolUse, tool messages toolResult in the user turn; tools and tool_choice auto → toolConfig',
    request: {
      messages: [
        user('weather?'),
        { role: 'assistant', content: null, tool_calls: [call('t1', 'get_weather', '{"city":"Paris"}')] },
        { role: 'tool', tool_call_id: 't1', content: '18C' },
        user('thanks'),
      ],
      tools: [weather],
      tool_choice: 'auto',
    },
    body: {
      messages: [
        { role: 'user', content: [{ text: 'weather?' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: '18C' }] } }, { text: 'thanks' }] },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: weather.function.parameters } } }], toolChoice: { auto: {} } },
    },
  },
  {
    name: 'tool_choice required → any, a named function → tool',
    request: { messages: [user('x')], tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } },
    body: {
      messages: [{ role: 'user', content: [{ text: 'x' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: weather.function.parameters } } }], toolChoice: { tool: { name: 'get_weather' } } },
    },
  },
  {
    name: 'tool history without tools still gets a toolConfig, built from the called tool names',
    request: {
      messages: [user('w?'), { role: 'assistant', content: 'Let me check.', tool_calls: [call('t1', 'lookup', '')] }, { role: 'tool', tool_call_id: 't1', content: '' }],
      tool_choice: 'none',
      tools: [weather],
    },
    body: {
      messages: [
        { role: 'user', content: [{ text: 'w?' }] },
        { role: 'assistant', content: [{ text: 'Let me check.' }, { toolUse: { toolUseId: 't1', name: 'lookup', input: {} } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: '.' }] } }] },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'lookup', description: 'This is a dummy tool call', inputSchema: { json: { type: 'object', properties: {} } } } }] },
    },
  },
  {
    name: 'max_tokens, temperature, top_p, stop → inferenceConfig; top_k → additionalModelRequestFields (Claude)',
    request: { messages: [user('x')], max_tokens: 100, temperature: 0.2, top_p: 0.9, stop: 'END', top_k: 5 },
    body: { messages: [{ role: 'user', content: [{ text: 'x' }] }], inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END'] }, additionalModelRequestFields: { top_k: 5 } },
  },
  {
    name: 'max_completion_tokens wins; top_k on Nova goes to inferenceConfig.topK in additional fields',
    model: 'us.amazon.nova-pro-v1:0',
    request: { messages: [user('x')], max_tokens: 5, max_completion_tokens: 50, top_k: 3, stop: ['a', ''] },
    body: { messages: [{ role: 'user', content: [{ text: 'x' }] }], inferenceConfig: { maxTokens: 50, stopSequences: ['a'] }, additionalModelRequestFields: { inferenceConfig: { topK: 3 } } },
  },
  {
    name: 'reasoning_effort on Claude → thinking budget, maxTokens above it when not given',
    request: { messages: [user('x')], reasoning_effort: 'low' },
    body: { messages: [{ role: 'user', content: [{ text: 'x' }] }], inferenceConfig: { maxTokens: 1024 + 4096 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } } },
  },
  {
    name: 'thinking passes through as given',
    request: { messages: [user('x')], max_tokens: 9000, thinking: { type: 'enabled', budget_tokens: 4096 } },
    body: { messages: [{ role: 'user', content: [{ text: 'x' }] }], inferenceConfig: { maxTokens: 9000 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 4096 } } },
  },
  {
    name: 'response_format json_schema → a forced tool named after the schema',
    request: { messages: [user('x')], response_format: { type: 'json_schema', json_schema: { name: 'person', schema: { type: 'object', properties: { name: { type: 'string' } } } } } },
    body: {
      messages: [{ role: 'user', content: [{ text: 'x' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'person', inputSchema: { json: { type: 'object', properties: { name: { type: 'string' } } } } } }], toolChoice: { tool: { name: 'person' } } },
    },
  },
  {
    name: 'guardrailConfig / requestMetadata pass through; unknown fields go to additionalModelRequestFields',
    request: { messages: [user('x')], guardrailConfig: { guardrailIdentifier: 'g1', guardrailVersion: '1' }, requestMetadata: { team: 'a' }, anthropic_beta: ['context-1m'] },
    params: { performanceConfig: { latency: 'optimized' } },
    body: {
      messages: [{ role: 'user', content: [{ text: 'x' }] }],
      additionalModelRequestFields: { anthropic_beta: ['context-1m'] },
      guardrailConfig: { guardrailIdentifier: 'g1', guardrailVersion: '1' },
      requestMetadata: { team: 'a' },
      performanceConfig: { latency: 'optimized' },
    },
  },
  {
    name: 'assistant thinking_blocks go back as reasoningContent before the tool use',
    request: {
      messages: [
        user('x'),
        { role: 'assistant', content: '', thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }], tool_calls: [call('t1', 'f', '{}')] },
        { role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'done' }] },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
    },
    body: {
      messages: [
        { role: 'user', content: [{ text: 'x' }] },
        { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: 'hmm', signature: 'sig' } } }, { toolUse: { toolUseId: 't1', name: 'f', input: {} } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'done' }] } }] },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object', properties: {} } } } }] },
    },
  },
];

describe('convertToBedrockConverseRequest', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { body } = await convert(c.request, c.model, c.params);
      assert.deepEqual(body, c.body);
    });
  }

  it('reports the JSON-mode tool so the answer can be read back', async () => {
    const conversion = await convert({ messages: [user('x')], response_format: { type: 'json_object' } });
    assert.equal(conversion.jsonToolName, 'json_tool_call');
    assert.deepEqual(conversion.body.toolConfig?.toolChoice, { tool: { name: 'json_tool_call' } });
  });

  it('answers 400 naming the field for input it cannot translate', async () => {
    const cases: [Partial<ChatCompletionRequest>, string][] = [
      [{ messages: [user([{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }])] }, 'messages[0].content[0]'],
      [{ messages: [user('x'), { role: 'assistant', content: null, tool_calls: [call('t', 'f', '{not json')] }] }, 'messages[1].tool_calls[0].function.arguments'],
      [{ messages: [user([{ type: 'image_url', image_url: { url: 'data:image/tiff;base64,AAAA' } }])] }, 'messages[0].content[0].image_url.url'],
      [{ messages: [{ role: 'system', content: 'only a system prompt' }] }, 'messages'],
    ];
    for (const [request, param] of cases) {
      await assert.rejects(convert(request), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_request' && error.param === param);
    }
  });
});
