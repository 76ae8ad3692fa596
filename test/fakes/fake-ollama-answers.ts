/**
 * What the fake Ollama answers: the request checks the real server makes (plain-string
 * content, raw base64 images, tool-call arguments as objects) and the answer objects of
 * `/api/chat`, `/api/generate` and `/api/embed`, whole or as NDJSON stream lines.
 */

/** Text every default answer says. */
export const FAKE_OLLAMA_TEXT = 'Hello from the fake Ollama server.';
/** Length of every default embedding vector (unless `dimensions` asks for fewer). */
export const FAKE_OLLAMA_DIMENSIONS = 8;
/** eval_count of every default answer. */
export const FAKE_OLLAMA_EVAL_COUNT = 12;

/** A scripted assistant turn: what the model "says". Tool-call arguments are objects, as Ollama sends them. */
export interface FakeOllamaScript {
  content?: string;
  thinking?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown>; id?: string }[];
  doneReason?: string;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The 400 text Ollama (Go's JSON decoder and its checks) answers for a malformed body; undefined when fine. */
export function checkOllamaBody(path: string, body: unknown): string | undefined {
  if (!isRecord(body)) return 'invalid request body';
  if (typeof body['model'] !== 'string' || body['model'] === '') return 'model is required';
  if (path === '/api/embed') {
    const input = body['input'];
    const ok = typeof input === 'string' || (Array.isArray(input) && input.every((item) => typeof item === 'string'));
    return ok ? undefined : 'json: cannot unmarshal input into Go struct field EmbedRequest.input of type string';
  }
  if (path === '/api/generate') return checkImages(body['images']);
  if (!Array.isArray(body['messages'])) return 'json: cannot unmarshal messages into Go struct field ChatRequest.messages of type []api.Message';
  for (const message of body['messages']) {
    if (!isRecord(message)) return 'json: cannot unmarshal message into Go value of type api.Message';
    if (typeof message['content'] !== 'string') return 'json: cannot unmarshal array into Go struct field Message.messages.content of type string';
    if (!['system', 'user', 'assistant', 'tool'].includes(String(message['role']))) return `invalid role: ${String(message['role'])}`;
    const images = checkImages(message['images']);
    if (images !== undefined) return images;
    for (const call of Array.isArray(message['tool_calls']) ? message['tool_calls'] : []) {
      const args = isRecord(call) && isRecord(call['function']) ? call['function']['arguments'] : undefined;
      if (!isRecord(args)) return 'json: cannot unmarshal string into Go struct field ToolCallFunction.messages.tool_calls.function.arguments of type api.ToolCallFunctionArguments';
    }
  }
  return undefined;
}

function checkImages(images: unknown): string | undefined {
  if (images === undefined || images === null) return undefined;
  if (!Array.isArray(images)) return 'json: cannot unmarshal images into Go value of type []api.ImageData';
  for (const image of images) {
    if (typeof image !== 'string' || !BASE64.test(image)) return 'illegal base64 data at input byte 4';
  }
  return undefined;
}

/** The default script: tool calls when tools were offered and the last message is not a tool result, else text. */
export function defaultScript(body: Json): FakeOllamaScript {
  const tools = Array.isArray(body['tools']) ? body['tools'] : [];
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  const last = messages.at(-1);
  const lastRole = isRecord(last) ? last['role'] : undefined;
  const firstTool = tools[0];
  if (isRecord(firstTool) && isRecord(firstTool['function']) && lastRole !== 'tool') {
    return { toolCalls: [{ name: String(firstTool['function']['name']), arguments: { location: 'Paris', unit: 'celsius' } }] };
  }
  const script: FakeOllamaScript = { content: FAKE_OLLAMA_TEXT };
  if (body['think'] === true || typeof body['think'] === 'string') script.thinking = 'Let me think about that.';
  return script;
}

/** Prompt tokens: characters / 4 of every message (or prompt + system), rounded up, at least 1. */
export function promptEvalCount(body: Json): number {
  let chars = 0;
  for (const message of Array.isArray(body['messages']) ? body['messages'] : []) {
    if (isRecord(message) && typeof message['content'] === 'string') chars += message['content'].length;
  }
  for (const field of ['prompt', 'system']) if (typeof body[field] === 'string') chars += (body[field] as string).length;
  return Math.max(1, Math.ceil(chars / 4));
}

/** The stats fields of a final (`done: true`) answer object. */
function doneStats(body: Json, doneReason: string): Json {
  return {
    done: true,
    done_reason: doneReason,
    total_duration: 1_000_000,
    load_duration: 100_000,
    prompt_eval_count: promptEvalCount(body),
    prompt_eval_duration: 200_000,
    eval_count: FAKE_OLLAMA_EVAL_COUNT,
    eval_duration: 700_000,
  };
}

function toolCalls(script: FakeOllamaScript): Json[] {
  return (script.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_fake${index}`,
    function: { index, name: call.name, arguments: call.arguments },
  }));
}

/** The whole (non-stream) answer object of `/api/chat` or `/api/generate`. */
export function wholeAnswer(path: string, body: Json, script: FakeOllamaScript): Json {
  const head = { model: body['model'], created_at: new Date().toISOString() };
  const stats = doneStats(body, script.doneReason ?? 'stop');
  if (path === '/api/generate') {
    const out: Json = { ...head, response: script.content ?? '', ...(script.thinking ? { thinking: script.thinking } : {}), ...stats, context: [1, 2, 3] };
    return out;
  }
  const message: Json = { role: 'assistant', content: script.content ?? '' };
  if (script.thinking !== undefined) message['thinking'] = script.thinking;
  const calls = toolCalls(script);
  if (calls.length > 0) message['tool_calls'] = calls;
  return { ...head, message, ...stats };
}

/** The NDJSON lines of a streamed answer: thinking, then text in `pieces` parts, tool calls in one line, then the done line. */
export function streamLines(path: string, body: Json, options: { script: FakeOllamaScript; pieces: number }): Json[] {
  const { script } = options;
  const head = (): Json => ({ model: body['model'], created_at: new Date().toISOString() });
  const part = (fields: { content?: string; thinking?: string; tool_calls?: Json[] }): Json =>
    path === '/api/generate'
      ? { ...head(), response: fields.content ?? '', ...(fields.thinking ? { thinking: fields.thinking } : {}), done: false }
      : { ...head(), message: { role: 'assistant', content: fields.content ?? '', ...(fields.thinking ? { thinking: fields.thinking } : {}), ...(fields.tool_calls ? { tool_calls: fields.tool_calls } : {}) }, done: false };
  const lines: Json[] = [];
  if (script.thinking !== undefined) lines.push(part({ thinking: script.thinking }));
  for (const piece of split(script.content ?? '', options.pieces)) lines.push(part({ content: piece }));
  const calls = toolCalls(script);
  if (calls.length > 0) lines.push(part({ tool_calls: calls }));
  const last = path === '/api/generate' ? { ...head(), response: '', ...doneStats(body, script.doneReason ?? 'stop'), context: [1, 2, 3] } : { ...head(), message: { role: 'assistant', content: '' }, ...doneStats(body, script.doneReason ?? 'stop') };
  lines.push(last);
  return lines;
}

function split(text: string, pieces: number): string[] {
  if (text === '') return [];
  const size = Math.ceil(text.length / pieces);
  const out: string[] = [];
  for (let start = 0; start < text.length; start += size) out.push(text.slice(start, start + size));
  return out;
}

/** The `/api/embed` answer: a deterministic unit-ish vector per input. */
export function embedAnswer(body: Json): Json {
  const inputs = typeof body['input'] === 'string' ? [body['input']] : (body['input'] as string[]);
  const dimensions = typeof body['dimensions'] === 'number' ? body['dimensions'] : FAKE_OLLAMA_DIMENSIONS;
  const embeddings = inputs.map((text, index) => Array.from({ length: dimensions }, (_, i) => Math.round(((text.length + index + i) % 7) * 0.125 * 1000) / 1000));
  const tokens = inputs.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
  return { model: body['model'], embeddings, total_duration: 500_000, load_duration: 10_000, prompt_eval_count: tokens };
}
