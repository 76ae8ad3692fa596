import type { ChatCompletionRequest } from '../../spec/chat.ts';
import type { Deployment } from '../../spec/deployment.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { BedrockConverseRequest, BedrockInferenceConfig } from './bedrock-api.ts';
import { prepareBedrockTools } from './bedrock-prepare-tools.ts';
import type { BedrockImageLoader } from './convert-to-bedrock-content.ts';
import { convertToBedrockMessages } from './convert-to-bedrock-messages.ts';
import type { BedrockModel } from './resolve-bedrock-model.ts';

/** Thinking budgets LiteLLM gives each `reasoning_effort` on Claude. */
export const BEDROCK_REASONING_BUDGETS: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 2048, high: 4096 };

/** Added to the thinking budget for `maxTokens` when the caller sets none (Claude needs maxTokens > budget). */
const THINKING_MAX_TOKENS_HEADROOM = 4096;

/** Converse request fields that pass through from the body (or litellm_params) as they are. */
const PASSTHROUGH_FIELDS = ['guardrailConfig', 'requestMetadata', 'performanceConfig', 'serviceTier', 'additionalModelResponseFieldPaths', 'promptVariables'] as const;

/** OpenAI fields this translation consumes; any other field goes to `additionalModelRequestFields`, as in LiteLLM. */
const CONSUMED_FIELDS: ReadonlySet<string> = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'stop', 'tools',
  'tool_choice', 'response_format', 'reasoning_effort', 'thinking', 'top_k', 'extra_headers', 'additionalModelRequestFields',
  'n', 'logprobs', ...PASSTHROUGH_FIELDS,
]);

/** A translated request plus what reading its answer needs. */
export interface BedrockConverseConversion {
  body: BedrockConverseRequest;
  /** Set for `response_format` JSON: the call of this tool is the answer's content. */
  jsonToolName: string | undefined;
}

function thinkingFields(request: ChatCompletionRequest, model: BedrockModel): { fields: Record<string, unknown>; budget: number | undefined } {
  const thinking = request['thinking'];
  const effort = request.reasoning_effort;
  if (isRecord(thinking)) {
    const budget = typeof thinking['budget_tokens'] === 'number' ? thinking['budget_tokens'] : undefined;
    return { fields: { thinking }, budget: thinking['type'] === 'enabled' ? budget : undefined };
  }
  if (typeof effort !== 'string' || effort === 'none') return { fields: {}, budget: undefined };
  if (model.family === 'anthropic') {
    const budget = BEDROCK_REASONING_BUDGETS[effort] ?? BEDROCK_REASONING_BUDGETS['medium'] ?? 2048;
    return { fields: { thinking: { type: 'enabled', budget_tokens: budget } }, budget };
  }
  if (model.baseModel.startsWith('amazon.nova')) return { fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: effort } }, budget: undefined };
  return { fields: { reasoning_effort: effort }, budget: undefined };
}

function topKFields(topK: unknown, model: BedrockModel): Record<string, unknown> {
  if (topK === undefined || topK === null) return {};
  if (model.baseModel.startsWith('amazon.nova')) return { inferenceConfig: { topK } };
  return { top_k: topK };
}

function inferenceConfig(request: ChatCompletionRequest, thinkingBudget: number | undefined): BedrockInferenceConfig | undefined {
  const config: BedrockInferenceConfig = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') config.maxTokens = maxTokens;
  else if (thinkingBudget !== undefined) config.maxTokens = thinkingBudget + THINKING_MAX_TOKENS_HEADROOM;
  if (typeof request.temperature === 'number') config.temperature = request.temperature;
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  const stops = (typeof request.stop === 'string' ? [request.stop] : (request.stop ?? [])).filter((s) => s !== '');
  if (stops.length > 0) config.stopSequences = stops;
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * A canonical chat request → the body of `POST /model/{id}/converse`, as LiteLLM builds it:
 * messages and system prompt (see convertToBedrockMessages), `inferenceConfig`, `toolConfig`,
 * model-specific fields (`top_k`, thinking, anything Converse does not name) in
 * `additionalModelRequestFields`, and the Converse-native fields passed through from the
 * body or litellm_params.
 */
export async function convertToBedrockConverseRequest(
  request: ChatCompletionRequest,
  options: { model: BedrockModel; deployment: Deployment; loadImage: BedrockImageLoader },
): Promise<BedrockConverseConversion> {
  const prompt = await convertToBedrockMessages(request.messages, options.loadImage);
  const thinking = thinkingFields(request, options.model);
  const tools = prepareBedrockTools(request, { prompt, thinking: thinking.budget !== undefined });
  const body: BedrockConverseRequest = { messages: prompt.messages };
  if (prompt.system.length > 0) body.system = prompt.system;
  const config = inferenceConfig(request, thinking.budget);
  if (config !== undefined) body.inferenceConfig = config;
  if (tools.toolConfig !== undefined) body.toolConfig = tools.toolConfig;

  const additional: Record<string, unknown> = { ...topKFields(request['top_k'], options.model), ...thinking.fields };
  for (const [name, value] of Object.entries(request)) {
    if (!CONSUMED_FIELDS.has(name) && value !== undefined && value !== null) additional[name] = value;
  }
  const explicit = request['additionalModelRequestFields'];
  if (isRecord(explicit)) Object.assign(additional, explicit);
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;

  const target = body as unknown as Record<string, unknown>;
  for (const name of PASSTHROUGH_FIELDS) {
    const value = request[name] ?? options.deployment.params[name];
    if (value !== undefined && value !== null) target[name] = value;
  }
  return { body, jsonToolName: tools.jsonToolName };
}
