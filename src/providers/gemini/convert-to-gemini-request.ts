import type { ChatCompletionRequest } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { GeminiFlavor } from './gemini-endpoint.ts';
import type { GeminiGenerationConfig, GeminiRequest, GeminiThinkingConfig } from './gemini-api.ts';
import { cleanGeminiSchema } from './clean-gemini-schema.ts';
import { convertToGeminiMessages } from './convert-to-gemini-messages.ts';
import { prepareGeminiTools } from './gemini-prepare-tools.ts';

/** Thinking budgets LiteLLM gives each `reasoning_effort` (`minimal` counts as `low`). */
export const GEMINI_THINKING_BUDGETS: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 2048, high: 4096, none: 0, disable: 0 };

/** Gemini takes at most this many stop sequences. */
export const GEMINI_MAX_STOP_SEQUENCES = 5;

/** Options of {@link convertToGeminiRequest}. */
export interface ConvertToGeminiRequestOptions {
  /** The upstream model (Gemini 3 needs thought signatures on replayed calls). */
  model: string;
  /** Vertex AI also takes `labels`. */
  flavor: GeminiFlavor;
  signal: AbortSignal;
}

/**
 * A canonical chat request → the body of `:generateContent` / `:streamGenerateContent`:
 * messages → `systemInstruction` + `contents`; sampling and length controls, `stop`, `n`,
 * `seed`, penalties, `response_format` and `reasoning_effort` / `thinking` →
 * `generationConfig`; tools → `tools` + `toolConfig`; `safety_settings`, `labels` (Vertex)
 * and `cached_content` are passed on. Parameters Gemini lacks were refused (or dropped)
 * before, by `unsupportedGeminiParams`. Untranslatable input is a 400 naming the field.
 */
export async function convertToGeminiRequest(request: ChatCompletionRequest, options: ConvertToGeminiRequestOptions): Promise<GeminiRequest> {
  const messages = await convertToGeminiMessages(request.messages, { signal: options.signal, model: options.model });
  const body: GeminiRequest = { contents: messages.contents };
  if (messages.systemInstruction !== undefined) body.systemInstruction = messages.systemInstruction;
  const generationConfig = convertGenerationConfig(request);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  const { tools, toolConfig } = prepareGeminiTools(request);
  if (tools !== undefined) body.tools = tools;
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  const safety = request['safety_settings'] ?? request['safetySettings'];
  if (Array.isArray(safety)) body.safetySettings = safety;
  const labels = request['labels'];
  if (options.flavor === 'vertex_ai' && isRecord(labels)) body.labels = labels as Record<string, string>;
  const cached = request['cached_content'] ?? request['cachedContent'];
  if (typeof cached === 'string') body.cachedContent = cached;
  return body;
}

/** The OpenAI sampling, length, format and reasoning controls as Gemini's `generationConfig`. */
export function convertGenerationConfig(request: ChatCompletionRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  const number = (name: string): number | undefined => (typeof request[name] === 'number' ? (request[name] as number) : undefined);
  const set = <K extends keyof GeminiGenerationConfig>(key: K, value: GeminiGenerationConfig[K] | undefined): void => {
    if (value !== undefined) config[key] = value;
  };
  set('temperature', number('temperature'));
  set('topP', number('top_p'));
  set('topK', number('top_k'));
  set('maxOutputTokens', number('max_completion_tokens') ?? number('max_tokens'));
  set('stopSequences', stopSequences(request.stop));
  const n = number('n');
  if (n !== undefined && n !== 1) config.candidateCount = n;
  set('seed', number('seed'));
  set('presencePenalty', number('presence_penalty'));
  set('frequencyPenalty', number('frequency_penalty'));
  if (request.logprobs === true) config.responseLogprobs = true;
  set('logprobs', request.logprobs === true ? number('top_logprobs') : undefined);
  Object.assign(config, responseFormat(request.response_format));
  set('thinkingConfig', thinkingConfig(request));
  return config;
}

function stopSequences(stop: ChatCompletionRequest['stop']): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const list = (typeof stop === 'string' ? [stop] : stop).filter((s) => typeof s === 'string' && s !== '');
  if (list.length > GEMINI_MAX_STOP_SEQUENCES) {
    throw new GatewayError('bad_request', `stop: Gemini takes at most ${GEMINI_MAX_STOP_SEQUENCES} stop sequences, got ${list.length}`, { param: 'stop' });
  }
  return list.length > 0 ? list : undefined;
}

function responseFormat(format: unknown): Pick<GeminiGenerationConfig, 'responseMimeType' | 'responseSchema'> {
  if (format === undefined || format === null) return {};
  if (!isRecord(format)) throw new GatewayError('bad_request', 'response_format must be an object', { param: 'response_format' });
  switch (format['type']) {
    case 'text':
      return {};
    case 'json_object':
      return { responseMimeType: 'application/json' };
    case 'json_schema': {
      const spec = format['json_schema'];
      const schema = isRecord(spec) ? spec['schema'] : undefined;
      if (!isRecord(schema)) return { responseMimeType: 'application/json' };
      return {
        responseMimeType: 'application/json',
        responseSchema: cleanGeminiSchema(schema, { param: 'response_format.json_schema.schema', propertyOrdering: true }),
      };
    }
    default:
      throw new GatewayError('bad_request', `response_format type "${String(format['type'])}" is not supported by Gemini`, { param: 'response_format' });
  }
}

/**
 * `thinking` (`{"type": "enabled", "budget_tokens": n}` / `{"type": "disabled"}`, LiteLLM's
 * Anthropic-style parameter) or `reasoning_effort` → `thinkingConfig`. A budget above 0 also
 * asks for the thoughts (`includeThoughts`), which come back as `reasoning_content`.
 */
function thinkingConfig(request: ChatCompletionRequest): GeminiThinkingConfig | undefined {
  const thinking = request['thinking'];
  if (isRecord(thinking)) {
    if (thinking['type'] === 'disabled') return { thinkingBudget: 0 };
    const budget = thinking['budget_tokens'];
    if (thinking['type'] !== 'enabled' || (budget !== undefined && typeof budget !== 'number')) {
      throw new GatewayError('bad_request', 'thinking must be {"type": "enabled", "budget_tokens": n} or {"type": "disabled"}', { param: 'thinking' });
    }
    return typeof budget === 'number' ? budgetConfig(budget) : { includeThoughts: true };
  }
  const effort = request.reasoning_effort;
  if (effort === undefined || effort === null) return undefined;
  const budget = GEMINI_THINKING_BUDGETS[effort];
  if (budget === undefined) {
    throw new GatewayError('bad_request', `reasoning_effort "${effort}" is not supported by Gemini (use none, low, medium or high)`, { param: 'reasoning_effort' });
  }
  return budgetConfig(budget);
}

function budgetConfig(budget: number): GeminiThinkingConfig {
  return budget > 0 ? { thinkingBudget: budget, includeThoughts: true } : { thinkingBudget: 0 };
}
