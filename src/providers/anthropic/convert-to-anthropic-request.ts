import type { ChatCompletionRequest } from '../../spec/chat.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { AnthropicMessagesRequest, AnthropicThinkingConfig } from './anthropic-api.ts';
import { anthropicBadRequest } from './anthropic-error.ts';
import { prepareAnthropicTools } from './anthropic-prepare-tools.ts';
import type { AnthropicImageLoader } from './convert-to-anthropic-content.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';

/** `max_tokens` when the caller gives none (Anthropic requires it); env `DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS`. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Thinking budgets LiteLLM gives each `reasoning_effort`. */
export const REASONING_EFFORT_BUDGETS: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 2048, high: 4096 };

/**
 * OpenAI request fields this translation consumes (or deliberately ignores: `n` ≤ 1,
 * `logprobs: false`, `stream_options`, which is the gateway's). Every other field with a
 * value is passed through, so Anthropic-native parameters (`top_k`, `service_tier`, …) work
 * as in LiteLLM; OpenAI parameters Anthropic lacks were already refused or dropped by
 * `unsupportedParams` unless the caller forced them with `allowed_openai_params`.
 */
const CONSUMED_FIELDS: ReadonlySet<string> = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'stop',
  'user', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort', 'thinking', 'extra_headers',
  'web_search_options',
  'n', 'logprobs',
]);

export interface ConvertToAnthropicRequestOptions {
  /** The upstream model; left out of the body when undefined (Vertex AI `rawPredict` bodies carry none). */
  model?: string | undefined;
  /** Turns image and file URLs into base64 bytes. */
  loadImage: AnthropicImageLoader;
  /** Overrides DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS / {@link DEFAULT_ANTHROPIC_MAX_TOKENS}. */
  defaultMaxTokens?: number;
}

/** A translated request plus what the answer's translation needs to know. */
export interface AnthropicRequestConversion {
  body: AnthropicMessagesRequest;
  /** The answer must be read as JSON mode (see `RESPONSE_FORMAT_TOOL_NAME`). */
  jsonMode: boolean;
}

/**
 * A canonical (OpenAI) chat request → the body of `POST /v1/messages`. Pure apart from
 * `loadImage`, so Claude on Vertex AI and Bedrock invoke can reuse it (delete `model`, add
 * their `anthropic_version`). Untranslatable input is a 400 naming the field.
 */
export async function convertToAnthropicRequest(request: ChatCompletionRequest, options: ConvertToAnthropicRequestOptions): Promise<AnthropicRequestConversion> {
  const prompt = await convertToAnthropicMessages(request.messages, options.loadImage);
  const thinking = thinkingConfig(request);
  const body: AnthropicMessagesRequest = {
    messages: prompt.messages,
    max_tokens: maxTokens(request, { thinking, fallback: options.defaultMaxTokens ?? defaultMaxTokensFromEnv() }),
  };
  if (options.model !== undefined) body.model = options.model;
  if (prompt.system.length > 0) body.system = prompt.system;
  const stop = stopSequences(request.stop ?? undefined);
  if (stop !== undefined) body.stop_sequences = stop;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.user === 'string' && isAcceptedUserId(request.user)) body.metadata = { user_id: request.user };
  if (thinking !== undefined) body.thinking = thinking;
  const tools = prepareAnthropicTools(request, { thinkingEnabled: thinking?.type === 'enabled' });
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (tools.toolChoice !== undefined) body.tool_choice = tools.toolChoice;
  passThrough(request, body);
  return { body, jsonMode: tools.jsonMode };
}

/** `thinking` as given, else `reasoning_effort` as a thinking budget (`none` → no thinking). */
function thinkingConfig(request: ChatCompletionRequest): AnthropicThinkingConfig | undefined {
  const thinking = request['thinking'];
  if (thinking !== undefined && thinking !== null) {
    if (!isRecord(thinking) || typeof thinking['type'] !== 'string') throw anthropicBadRequest('thinking must be an object with a type', 'thinking');
    return thinking as AnthropicThinkingConfig;
  }
  const effort = request.reasoning_effort;
  if (effort === undefined || effort === null || effort === 'none') return undefined;
  const budget = REASONING_EFFORT_BUDGETS[effort];
  if (budget === undefined) {
    throw anthropicBadRequest(`unsupported reasoning_effort "${effort}" (use low, medium or high)`, 'reasoning_effort');
  }
  return { type: 'enabled', budget_tokens: budget };
}

/**
 * `max_completion_tokens`, else `max_tokens`, else the default — or, with a thinking budget
 * and no limit given, budget + default (Anthropic needs max_tokens above the budget; LiteLLM
 * does the same).
 */
function maxTokens(request: ChatCompletionRequest, args: { thinking: AnthropicThinkingConfig | undefined; fallback: number }): number {
  const given = request.max_completion_tokens ?? request.max_tokens;
  if (typeof given === 'number') return given;
  const budget = args.thinking?.type === 'enabled' ? args.thinking.budget_tokens : undefined;
  return typeof budget === 'number' ? budget + args.fallback : args.fallback;
}

function defaultMaxTokensFromEnv(): number {
  const value = Number(process.env['DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS']);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_ANTHROPIC_MAX_TOKENS;
}

function stopSequences(stop: string | string[] | undefined): string[] | undefined {
  if (stop === undefined) return undefined;
  const list = typeof stop === 'string' ? [stop] : stop.filter((s) => typeof s === 'string');
  return list.length > 0 ? list : undefined;
}

/** Anthropic refuses e-mail addresses and phone numbers as `metadata.user_id`; LiteLLM leaves them out. */
function isAcceptedUserId(user: string): boolean {
  if (user === '') return false;
  if (/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/.test(user)) return false;
  return !/^\+?[\d\s()-]{7,}$/.test(user);
}

function passThrough(request: ChatCompletionRequest, body: AnthropicMessagesRequest): void {
  for (const [name, value] of Object.entries(request)) {
    if (CONSUMED_FIELDS.has(name) || value === undefined || value === null || body[name] !== undefined) continue;
    body[name] = value;
  }
}
