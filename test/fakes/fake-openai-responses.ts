/**
 * Canned, deterministic answer bodies of the fake OpenAI upstream: chat completions, legacy
 * text completions and the model list, shaped exactly like the real API's (including the
 * Azure content-filter extras in Azure mode).
 */
import type { ChatChoice, ChatCompletion, ChatCompletionRequest, ChatTool, FinishReason, Usage } from '../../src/spec/chat.ts';
import type { Completion, CompletionRequest } from '../../src/spec/completion.ts';
import {
  COMPLETION_TOKENS_PER_CHOICE,
  chatPromptTokens,
  inputTokens,
  isRecord,
  positiveInt,
  splitInputs,
} from './fake-openai-requests.ts';

/** The text every default answer contains. */
export const MOCK_CONTENT = 'Hello! This is a mock response from the fake OpenAI endpoint.';

/** Arguments of every tool call the fake makes. */
export const MOCK_TOOL_ARGUMENTS = '{"location":"Paris"}';

/** `created` of every answer (fixed so answers are byte-for-byte reproducible). */
export const FAKE_CREATED = 1_735_689_600;

/** `system_fingerprint` of every chat answer. */
export const FAKE_SYSTEM_FINGERPRINT = 'fp_f4ke0pen41';

/** Model name reported for Azure deployments the fake was not told about. */
export const DEFAULT_AZURE_MODEL = 'gpt-4o-2024-08-06';

/** What the server knows when it builds an answer. */
export interface AnswerContext {
  /** Sequence number of this answer within the fake (ids are derived from it). */
  seq: number;
  /** Model name to report. */
  model: string;
  /** Add Azure content-filter fields. */
  azure: boolean;
}

/** What a chat answer will say: text, or one call of a tool. */
export type ChatAnswerPlan =
  | { kind: 'text'; content: string; n: number; usage: Usage }
  | { kind: 'tool'; callId: string; name: string; arguments: string; n: number; usage: Usage };

const SAFE = { filtered: false, severity: 'safe' } as const;

/** Azure's per-choice content-filter results (all categories safe). */
export const AZURE_CONTENT_FILTER_RESULTS = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };

/** Azure's `prompt_filter_results` for a request with one prompt. */
export const AZURE_PROMPT_FILTER_RESULTS = [
  {
    prompt_index: 0,
    content_filter_results: { ...AZURE_CONTENT_FILTER_RESULTS, jailbreak: { filtered: false, detected: false } },
  },
];

/** `chatcmpl-…` id of an answer. */
export function chatCompletionId(seq: number): string {
  return `chatcmpl-fake${String(seq).padStart(8, '0')}`;
}

/** Usage with the detail objects the real API always sends. */
export function buildUsage(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function calledToolName(request: ChatCompletionRequest): string | undefined {
  const tools: unknown = request.tools;
  if (!Array.isArray(tools) || tools.length === 0 || request.tool_choice === 'none') return undefined;
  const choice = request.tool_choice;
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === 'string') {
    return choice.function.name;
  }
  const first: unknown = tools[0];
  const fn = isRecord(first) ? (first as ChatTool).function : undefined;
  return isRecord(fn) && typeof fn.name === 'string' ? fn.name : 'unknown_tool';
}

/**
 * Decides the answer to a chat request: a call of the first (or the named) tool when the
 * request has tools and `tool_choice` is not "none", else {@link MOCK_CONTENT}.
 */
export function planChatAnswer(request: ChatCompletionRequest, seq: number): ChatAnswerPlan {
  const n = positiveInt(request.n, 1);
  const usage = buildUsage(chatPromptTokens(request.messages), COMPLETION_TOKENS_PER_CHOICE * n);
  const name = calledToolName(request);
  if (name === undefined) return { kind: 'text', content: MOCK_CONTENT, n, usage };
  const callId = `call_fake${String(seq).padStart(8, '0')}`;
  return { kind: 'tool', callId, name, arguments: MOCK_TOOL_ARGUMENTS, n, usage };
}

/** The finish reason a plan ends with. */
export function planFinishReason(plan: ChatAnswerPlan): FinishReason {
  return plan.kind === 'tool' ? 'tool_calls' : 'stop';
}

function chatChoice(plan: ChatAnswerPlan, index: number, azure: boolean): ChatChoice {
  const message: ChatChoice['message'] =
    plan.kind === 'text'
      ? { role: 'assistant', content: plan.content, refusal: null, annotations: [] }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          annotations: [],
          tool_calls: [{ id: plan.callId, type: 'function', function: { name: plan.name, arguments: plan.arguments } }],
        };
  const choice: ChatChoice = { index, message, logprobs: null, finish_reason: planFinishReason(plan) };
  return azure ? { ...choice, content_filter_results: AZURE_CONTENT_FILTER_RESULTS } : choice;
}

/** A non-streamed `chat.completion` answer: one choice per `n`. */
export function buildChatCompletion(plan: ChatAnswerPlan, context: AnswerContext): ChatCompletion {
  const choices = Array.from({ length: plan.n }, (_, index) => chatChoice(plan, index, context.azure));
  const body: ChatCompletion = {
    id: chatCompletionId(context.seq),
    object: 'chat.completion',
    created: FAKE_CREATED,
    model: context.model,
    choices,
    usage: plan.usage,
    service_tier: 'default',
    system_fingerprint: FAKE_SYSTEM_FINGERPRINT,
  };
  return context.azure ? { ...body, prompt_filter_results: AZURE_PROMPT_FILTER_RESULTS } : body;
}

/** `cmpl-…` id of a legacy completion. */
export function completionId(seq: number): string {
  return `cmpl-fake${String(seq).padStart(8, '0')}`;
}

/** Number of choices of a legacy completion: prompts × `n`. */
export function completionChoiceCount(request: CompletionRequest): number {
  return splitInputs(request.prompt).length * positiveInt(request.n, 1);
}

/** Usage of a legacy completion. */
export function completionUsage(request: CompletionRequest): Usage {
  const promptTokens = inputTokens(request.prompt);
  return buildUsage(promptTokens, COMPLETION_TOKENS_PER_CHOICE * completionChoiceCount(request));
}

/** A non-streamed `text_completion` answer: one choice per prompt and `n`. */
export function buildCompletion(request: CompletionRequest, context: AnswerContext): Completion {
  const choices = Array.from({ length: completionChoiceCount(request) }, (_, index) => ({
    text: MOCK_CONTENT,
    index,
    logprobs: null,
    finish_reason: 'stop' as const,
  }));
  return {
    id: completionId(context.seq),
    object: 'text_completion',
    created: FAKE_CREATED,
    model: context.model,
    choices,
    usage: completionUsage(request),
    system_fingerprint: null,
  };
}

/** One entry of GET /v1/models. */
export interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** Ids the fake lists on GET /v1/models. */
export const FAKE_MODEL_IDS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-3.5-turbo-instruct',
  'text-embedding-3-small',
  'dall-e-3',
] as const;

/** The GET /v1/models answer. */
export function buildModelList(): { object: 'list'; data: ModelEntry[] } {
  const data = FAKE_MODEL_IDS.map((id) => ({
    id,
    object: 'model' as const,
    created: 1_715_367_049,
    owned_by: 'openai',
  }));
  return { object: 'list', data };
}
