/**
 * What the fake Anthropic upstream answers: a scripted message, or a default one derived from
 * the request (text; a `tool_use` when tools are offered and the conversation does not end in
 * a tool result; a thinking block first when thinking is enabled), with usage counted as
 * characters / 4 and `max_tokens` / `stop_sequences` honoured.
 */

/** The default text answer. */
export const FAKE_ANTHROPIC_TEXT = 'Hello! This is a mock response from the fake Anthropic endpoint.';
/** The thinking text and signature of the default thinking block. */
export const FAKE_THINKING = 'Let me think about this step by step.';
export const FAKE_SIGNATURE = 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds';

/** One block of an answer, as the Messages API returns it. */
export type FakeAnthropicBlock =
  | { type: 'text'; text: string; citations?: unknown[] }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

/** Usage as the Messages API reports it. */
export interface FakeAnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  [extra: string]: unknown;
}

/** A scripted answer: its blocks, and optionally the stop reason and usage counts to report. */
export interface FakeAnthropicScript {
  content: FakeAnthropicBlock[];
  stop_reason?: string;
  stop_sequence?: string | null;
  usage?: Partial<FakeAnthropicUsage>;
}

/** A whole non-streamed answer (also the source of a streamed one). */
export interface FakeAnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: FakeAnthropicBlock[];
  stop_reason: string;
  stop_sequence: string | null;
  usage: FakeAnthropicUsage;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const tokens = (text: string): number => Math.ceil(text.length / 4);

/** Deterministic ids: `msg_fake0001`, `toolu_fake0001_0`. */
export function fakeMessageId(seq: number): string {
  return `msg_fake${String(seq).padStart(4, '0')}`;
}

/** The answer to `body` (a valid Messages API request): `script` when given, else the default. */
export function buildFakeAnthropicMessage(args: { body: Json; seq: number; script: FakeAnthropicScript | undefined }): FakeAnthropicMessage {
  const { body, seq } = args;
  const script = args.script ?? defaultScript(body, seq);
  const content = script.content;
  const output = content.reduce((sum, block) => sum + tokens(JSON.stringify(block)), 0);
  const usage: FakeAnthropicUsage = {
    input_tokens: promptTokens(body),
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    ...script.usage,
  };
  const stopReason = script.stop_reason ?? (content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
  return {
    id: fakeMessageId(seq),
    type: 'message',
    role: 'assistant',
    model: String(body['model']),
    content,
    stop_reason: stopReason,
    stop_sequence: script.stop_sequence ?? null,
    usage,
  };
}

function promptTokens(body: Json): number {
  return tokens(JSON.stringify(body['system'] ?? '')) + tokens(JSON.stringify(body['messages'])) + tokens(JSON.stringify(body['tools'] ?? ''));
}

function defaultScript(body: Json, seq: number): FakeAnthropicScript {
  const thinking = isRecord(body['thinking']) && body['thinking']['type'] === 'enabled';
  const lead: FakeAnthropicBlock[] = thinking ? [{ type: 'thinking', thinking: FAKE_THINKING, signature: FAKE_SIGNATURE }] : [];
  const tool = chosenTool(body);
  if (tool !== undefined) {
    return { content: [...lead, { type: 'tool_use', id: `toolu_fake${String(seq).padStart(4, '0')}_0`, name: tool.name, input: sampleInput(tool.schema) }] };
  }
  const text = textAnswer(body);
  return { ...text, content: [...lead, ...text.content] };
}

/** The text answer, cut by the first stop sequence it contains, or by max_tokens. */
function textAnswer(body: Json): FakeAnthropicScript {
  const stops = Array.isArray(body['stop_sequences']) ? body['stop_sequences'].filter((s): s is string => typeof s === 'string') : [];
  for (const stop of stops) {
    const at = FAKE_ANTHROPIC_TEXT.indexOf(stop);
    if (at > 0) return { content: [{ type: 'text', text: FAKE_ANTHROPIC_TEXT.slice(0, at) }], stop_reason: 'stop_sequence', stop_sequence: stop };
  }
  const maxTokens = Number(body['max_tokens']);
  if (tokens(FAKE_ANTHROPIC_TEXT) > maxTokens) {
    return { content: [{ type: 'text', text: FAKE_ANTHROPIC_TEXT.slice(0, maxTokens * 4) }], stop_reason: 'max_tokens' };
  }
  return { content: [{ type: 'text', text: FAKE_ANTHROPIC_TEXT }] };
}

/** The tool the model "calls": the forced one, else the first custom tool, unless the last turn is a tool result or tool_choice is none. */
function chosenTool(body: Json): { name: string; schema: unknown } | undefined {
  const tools = (Array.isArray(body['tools']) ? body['tools'] : []).filter(
    (tool): tool is Json => isRecord(tool) && typeof tool['name'] === 'string' && (tool['type'] === undefined || tool['type'] === 'custom'),
  );
  const choice = isRecord(body['tool_choice']) ? body['tool_choice'] : { type: 'auto' };
  if (tools.length === 0 || choice['type'] === 'none') return undefined;
  const forced = choice['type'] === 'tool' ? tools.find((tool) => tool['name'] === choice['name']) : undefined;
  if (forced === undefined && choice['type'] !== 'any' && endsWithToolResult(body)) return undefined;
  const tool = forced ?? tools[0];
  return tool === undefined ? undefined : { name: String(tool['name']), schema: tool['input_schema'] };
}

function endsWithToolResult(body: Json): boolean {
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  const last: unknown = messages.at(-1);
  const content = isRecord(last) ? last['content'] : undefined;
  return Array.isArray(content) && content.some((block) => isRecord(block) && block['type'] === 'tool_result');
}

/** Arguments that fit a JSON schema's properties: `location` → "Paris", other strings "example", numbers 1, booleans true. */
export function sampleInput(schema: unknown): Record<string, unknown> {
  const properties = isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : {};
  const input: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const type = isRecord(property) ? property['type'] : undefined;
    if (type === 'number' || type === 'integer') input[name] = 1;
    else if (type === 'boolean') input[name] = true;
    else if (type === 'object') input[name] = {};
    else if (type === 'array') input[name] = [];
    else input[name] = name === 'location' ? 'Paris' : 'example';
  }
  return input;
}
