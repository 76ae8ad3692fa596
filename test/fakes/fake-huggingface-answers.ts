/**
 * Answers of the fake Hugging Face server: TGI's OpenAI-compatible chat (whole, and SSE
 * chunks with TGI's `system_fingerprint` and finish reason), feature-extraction vectors,
 * and TGI / Inference API error bodies (flat `{"error", "error_type"}`).
 */

export const FAKE_HF_TEXT = 'Hello from the fake text-generation-inference server.';
/** Length of every feature-extraction vector. */
export const FAKE_HF_DIMENSIONS = 6;
export const FAKE_HF_COMPLETION_TOKENS = 10;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TGI's 422 for a prompt longer than the model takes. */
export function tgiContextError(): Json {
  return {
    error: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`',
    error_type: 'validation',
  };
}

/** The Inference API's 503 while a model is being loaded. */
export function modelLoadingError(model: string): Json {
  return { error: `Model ${model} is currently loading`, estimated_time: 20.0 };
}

function promptTokens(body: Json): number {
  let chars = 0;
  for (const message of Array.isArray(body['messages']) ? body['messages'] : []) {
    if (isRecord(message) && typeof message['content'] === 'string') chars += message['content'].length;
  }
  return Math.max(1, Math.ceil(chars / 4));
}

/** Whether the request offers tools and the conversation does not end with a tool result. */
function wantsToolCall(body: Json): string | undefined {
  const tools = Array.isArray(body['tools']) ? body['tools'] : [];
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  const last = messages.at(-1);
  const first = tools[0];
  if (!isRecord(first) || !isRecord(first['function'])) return undefined;
  return isRecord(last) && last['role'] === 'tool' ? undefined : String(first['function']['name']);
}

const TOOL_ARGUMENTS = '{"location":"Paris"}';

function usage(body: Json): Json {
  const prompt = promptTokens(body);
  return { prompt_tokens: prompt, completion_tokens: FAKE_HF_COMPLETION_TOKENS, total_tokens: prompt + FAKE_HF_COMPLETION_TOKENS };
}

/** A whole chat answer; `finishReason` is what the server says for a normal end (TGI < 2.1 says "eos_token"). */
export function chatAnswer(body: Json, finishReason: string): Json {
  const tool = wantsToolCall(body);
  const message: Json = tool === undefined
    ? { role: 'assistant', content: FAKE_HF_TEXT }
    : { role: 'assistant', content: null, tool_calls: [{ id: '0', type: 'function', function: { name: tool, arguments: TOOL_ARGUMENTS } }] };
  return {
    object: 'chat.completion',
    id: '',
    created: 1_732_000_000,
    model: String(body['model'] ?? 'tgi'),
    system_fingerprint: '3.0.1-sha-fake',
    choices: [{ index: 0, message, logprobs: null, finish_reason: tool === undefined ? finishReason : 'tool_calls' }],
    usage: usage(body),
  };
}

/** The SSE data payloads of a streamed chat answer (without `[DONE]`). */
export function chatChunks(body: Json, finishReason: string): Json[] {
  const base = { object: 'chat.completion.chunk', id: '', created: 1_732_000_000, model: String(body['model'] ?? 'tgi'), system_fingerprint: '3.0.1-sha-fake' };
  const chunk = (delta: Json, finish: string | null): Json => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null });
  const tool = wantsToolCall(body);
  const out: Json[] = [];
  if (tool === undefined) {
    const words = FAKE_HF_TEXT.split(/(?<= )/);
    words.forEach((word) => out.push(chunk({ role: 'assistant', content: word }, null)));
    out.push(chunk({ role: 'assistant', content: '' }, finishReason));
  } else {
    out.push(chunk({ role: 'assistant', tool_calls: [{ index: 0, id: '0', type: 'function', function: { name: tool, arguments: '' } }] }, null));
    for (const piece of [TOOL_ARGUMENTS.slice(0, 8), TOOL_ARGUMENTS.slice(8)]) {
      out.push(chunk({ role: 'assistant', tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
    }
    out.push(chunk({ role: 'assistant' }, 'tool_calls'));
  }
  const options = body['stream_options'];
  if (isRecord(options) && options['include_usage'] === true) out.push({ ...base, choices: [], usage: usage(body) });
  return out;
}

/** feature-extraction: a string gives one vector, a list one vector per item. */
export function featureExtraction(inputs: unknown): number[] | number[][] | undefined {
  const vector = (text: string): number[] => Array.from({ length: FAKE_HF_DIMENSIONS }, (_, i) => ((text.length * (i + 1)) % 10) / 10);
  if (typeof inputs === 'string') return vector(inputs);
  if (Array.isArray(inputs) && inputs.every((item) => typeof item === 'string')) return inputs.map(vector);
  return undefined;
}
