import type { ChatCompletionRequest } from '../../spec/chat.ts';
import type { CompletionRequest } from '../../spec/completion.ts';
import type { LitellmParams } from '../../spec/deployment.ts';
import type { EmbeddingRequest } from '../../spec/embedding.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { OllamaChatRequest, OllamaEmbedRequest, OllamaGenerateRequest } from './ollama-api.ts';
import { convertToOllamaControls } from './convert-to-ollama-controls.ts';
import { convertToOllamaMessages } from './convert-to-ollama-messages.ts';
import { convertToOllamaPrompt } from './convert-to-ollama-prompt.ts';
import { OPENAI_CHAT_FIELDS, OPENAI_COMPLETION_FIELDS } from './ollama-params.ts';
import { prepareOllamaTools } from './ollama-prepare-tools.ts';

/** What every request builder needs besides the canonical body. */
export interface OllamaRequestContext {
  /** The model as Ollama knows it (`llama3.1:8b`): the part after `ollama/` or `ollama_chat/`. */
  model: string;
  params: LitellmParams;
  stream: boolean;
  /** For fetching http(s) image URLs; aborted when the client goes away. */
  signal: AbortSignal;
}

/** A chat request for `/api/chat` (`ollama_chat/`): native messages, tools, options, format, think. */
export async function convertToOllamaChatRequest(request: ChatCompletionRequest, at: OllamaRequestContext): Promise<OllamaChatRequest> {
  const controls = convertToOllamaControls({ body: request, params: at.params, consumed: OPENAI_CHAT_FIELDS });
  const body: OllamaChatRequest = {
    model: at.model,
    messages: await convertToOllamaMessages(request.messages, at.signal),
    stream: at.stream,
    ...controls,
  };
  const tools = prepareOllamaTools(request);
  if (tools !== undefined) body.tools = tools;
  return body;
}

/**
 * A chat request for `/api/generate` (`ollama/`): the conversation flattened into one
 * prompt (LiteLLM's `ollama_pt`), the leading system messages as `system`, every image in `images`.
 */
export async function convertChatToOllamaGenerateRequest(request: ChatCompletionRequest, at: OllamaRequestContext): Promise<OllamaGenerateRequest> {
  const controls = convertToOllamaControls({ body: request, params: at.params, consumed: OPENAI_CHAT_FIELDS });
  const { prompt, system, images } = await convertToOllamaPrompt(request.messages, at.signal);
  const body: OllamaGenerateRequest = { model: at.model, prompt, stream: at.stream, ...controls };
  if (system !== undefined) body.system = system;
  if (images.length > 0) body.images = images;
  return body;
}

/** A legacy completion (POST /v1/completions) for `/api/generate`: one text prompt, `suffix` for fill-in-the-middle. */
export function convertCompletionToOllamaGenerateRequest(request: CompletionRequest, at: Omit<OllamaRequestContext, 'signal'>): OllamaGenerateRequest {
  const controls = convertToOllamaControls({ body: request, params: at.params, consumed: OPENAI_COMPLETION_FIELDS });
  const body: OllamaGenerateRequest = { model: at.model, prompt: singlePrompt(request.prompt), stream: at.stream, ...controls };
  if (typeof request.suffix === 'string') body.suffix = request.suffix;
  return body;
}

/** An embedding request for `/api/embed`: `{model, input}` plus `dimensions`, `truncate`, `keep_alive` and options. */
export function convertToOllamaEmbedRequest(request: EmbeddingRequest, at: Omit<OllamaRequestContext, 'signal' | 'stream'>): OllamaEmbedRequest {
  const body: OllamaEmbedRequest = { model: at.model, input: textInput(request.input) };
  if (typeof request.dimensions === 'number') body.dimensions = request.dimensions;
  const truncate = request['truncate'] ?? at.params['truncate'];
  if (typeof truncate === 'boolean') body.truncate = truncate;
  const keepAlive = request['keep_alive'] ?? at.params['keep_alive'];
  if (typeof keepAlive === 'string' || typeof keepAlive === 'number') body.keep_alive = keepAlive;
  const options = request['options'] ?? at.params['options'];
  if (isRecord(options)) body.options = options;
  return body;
}

/** Ollama generates for one prompt per call: a one-element list is accepted, token arrays are not. */
function singlePrompt(prompt: CompletionRequest['prompt']): string {
  if (typeof prompt === 'string') return prompt;
  if (prompt.length === 1 && typeof prompt[0] === 'string') return prompt[0];
  throw new GatewayError('bad_request', 'Ollama takes one text prompt per completion request', { param: 'prompt' });
}

/** Ollama embeds text only: token arrays are refused. */
function textInput(input: EmbeddingRequest['input']): string | string[] {
  if (typeof input === 'string') return input;
  if (input.every((item): item is string => typeof item === 'string')) return input as string[];
  throw new GatewayError('bad_request', 'Ollama embeds text only: input must be a string or a list of strings', { param: 'input' });
}
