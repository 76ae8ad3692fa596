import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { Completion } from '../../spec/completion.ts';
import type { Provider } from '../../spec/provider.ts';
import { encodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import { mockError } from './mock-error.ts';
import { DEFAULT_MOCK_TEXT, MOCK_PNG_BASE64, mockId, mockUsage, mockVector, promptText, roughTokens, streamPieces } from './mock-answers.ts';

export interface MockProviderOptions {
  /** What to answer (LiteLLM's `mock_response`); a "litellm.<ErrorClass>" string raises that error. */
  response?: unknown;
}

const now = (): number => Math.floor(Date.now() / 1000);

/**
 * The offline provider: `mock/<anything>` deployments, and any call with `mock_response`
 * (in the request or in litellm_params). Answers every call type in the exact OpenAI shape,
 * streaming word by word, with plausible usage, so clients and tests run with no network.
 */
export function createMockProvider(options: MockProviderOptions = {}): Provider {
  const text = answerText(options.response);

  function check(): void {
    const error = mockError(text);
    if (error !== undefined) throw error;
  }

  return {
    id: 'mock',
    displayName: 'Mock',
    apiBase: () => 'mock://switchyard',
    unsupportedParams: () => [],
    async chat(request, ctx) {
      check();
      const n = request.n ?? 1;
      return {
        headers: {},
        body: {
          id: mockId('chatcmpl'),
          object: 'chat.completion',
          created: now(),
          model: ctx.deployment.providerModel,
          choices: Array.from({ length: n }, (_, index) => ({
            index,
            message: { role: 'assistant' as const, content: text },
            finish_reason: 'stop' as const,
          })),
          usage: mockUsage(promptText(request), text.repeat(n)),
        },
      };
    },
    async streamChat(request, ctx) {
      check();
      return { headers: {}, chunks: chatChunks({ request, model: ctx.deployment.providerModel, text }) };
    },
    async completion(request, ctx) {
      check();
      return { headers: {}, body: completionBody({ model: ctx.deployment.providerModel, text, prompt: String(request.prompt) }) };
    },
    async streamCompletion(request, ctx) {
      check();
      const model = ctx.deployment.providerModel;
      async function* chunks(): AsyncGenerator<Completion> {
        for (const piece of streamPieces(text)) yield { ...completionBody({ model, text: piece, prompt: '' }), usage: null, choices: [{ index: 0, text: piece, finish_reason: null, logprobs: null }] };
        yield completionBody({ model, text: '', prompt: String(request.prompt) });
      }
      return { headers: {}, chunks: chunks() };
    },
    async embedding(request, ctx) {
      check();
      const inputs = Array.isArray(request.input) ? request.input : [request.input];
      const dimensions = request.dimensions ?? 8;
      const data = inputs.map((input, index) => {
        const vector = mockVector(JSON.stringify(input), dimensions);
        return { object: 'embedding' as const, index, embedding: request.encoding_format === 'base64' ? encodeEmbeddingBase64(vector) : vector };
      });
      const tokens = inputs.reduce<number>((sum, input) => sum + roughTokens(JSON.stringify(input)), 0);
      return { headers: {}, body: { object: 'list', data, model: ctx.deployment.providerModel, usage: { prompt_tokens: tokens, total_tokens: tokens } } };
    },
    async imageGeneration(request) {
      check();
      const item = request.response_format === 'b64_json' ? { b64_json: MOCK_PNG_BASE64 } : { url: `data:image/png;base64,${MOCK_PNG_BASE64}` };
      return { headers: {}, body: { created: now(), data: Array.from({ length: request.n ?? 1 }, () => ({ ...item, revised_prompt: request.prompt })) } };
    },
  };
}

function answerText(response: unknown): string {
  if (response === undefined || response === null) return DEFAULT_MOCK_TEXT;
  return typeof response === 'string' ? response : JSON.stringify(response);
}

function completionBody(args: { model: string; text: string; prompt: string }): Completion {
  return {
    id: mockId('cmpl'),
    object: 'text_completion',
    created: now(),
    model: args.model,
    choices: [{ index: 0, text: args.text, finish_reason: 'stop', logprobs: null }],
    usage: mockUsage(args.prompt, args.text),
  };
}

async function* chatChunks(args: { request: ChatCompletionRequest; model: string; text: string }): AsyncGenerator<ChatCompletionChunk> {
  const base = { id: mockId('chatcmpl'), object: 'chat.completion.chunk' as const, created: now(), model: args.model };
  yield { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
  for (const piece of streamPieces(args.text)) yield { ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
  yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
  yield { ...base, choices: [], usage: mockUsage(promptText(args.request), args.text) };
}
