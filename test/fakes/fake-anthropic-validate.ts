/**
 * Request validation of the fake Anthropic upstream: the checks the real Messages API makes
 * that a translating gateway can get wrong, with Anthropic's own messages. Returns the first
 * problem as a 400 `invalid_request_error`, or undefined for a valid body.
 */
import { invalidRequest, type AnthropicErrorAnswer } from './fake-anthropic-errors.ts';

/** Top-level fields the Messages API accepts; anything else is "Extra inputs are not permitted". */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'model', 'messages', 'max_tokens', 'system', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'metadata', 'tools',
  'tool_choice', 'thinking', 'stream', 'service_tier', 'container', 'mcp_servers', 'context_management',
]);

const BLOCK_TYPES: ReadonlySet<string> = new Set([
  'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'search_result',
  'server_tool_use', 'web_search_tool_result',
]);

const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The content blocks of a message (a string is one text block). */
function blocksOf(content: unknown): unknown[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];
}

/** Validates a `POST /v1/messages` body the way Anthropic does. */
export function validateAnthropicRequest(body: unknown): AnthropicErrorAnswer | undefined {
  if (!isRecord(body)) return invalidRequest('Request body must be a JSON object');
  return validateTopLevel(body) ?? validateSystem(body['system']) ?? validateMessages(body) ?? validateTools(body) ?? validateThinking(body);
}

function validateTopLevel(body: Json): AnthropicErrorAnswer | undefined {
  for (const field of Object.keys(body)) if (!KNOWN_FIELDS.has(field)) return invalidRequest(`${field}: Extra inputs are not permitted`);
  if (typeof body['model'] !== 'string') return invalidRequest('model: Field required');
  const maxTokens = body['max_tokens'];
  if (maxTokens === undefined) return invalidRequest('max_tokens: Field required');
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) return invalidRequest('max_tokens: Input should be greater than or equal to 1');
  for (const field of ['temperature', 'top_p'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'number') return invalidRequest(`${field}: Input should be a valid number`);
    if (value > 1) return invalidRequest(`${field}: Input should be less than or equal to 1`);
    if (value < 0) return invalidRequest(`${field}: Input should be greater than or equal to 0`);
  }
  const metadata = body['metadata'];
  if (metadata !== undefined && (!isRecord(metadata) || Object.keys(metadata).some((key) => key !== 'user_id'))) {
    return invalidRequest('metadata: Extra inputs are not permitted');
  }
  const stops = body['stop_sequences'];
  if (stops !== undefined && (!Array.isArray(stops) || stops.some((s) => typeof s !== 'string' || s.trim() === ''))) {
    return invalidRequest('stop_sequences: each stop sequence must contain non-whitespace');
  }
  return undefined;
}

function validateSystem(system: unknown): AnthropicErrorAnswer | undefined {
  if (system === undefined || typeof system === 'string') return undefined;
  if (!Array.isArray(system)) return invalidRequest('system: Input should be a valid string or list');
  for (const [index, block] of system.entries()) {
    if (!isRecord(block) || block['type'] !== 'text') return invalidRequest(`system.${index}.type: Input should be 'text'`);
    const problem = validateText(block, `system.${index}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function validateText(block: Json, where: string): AnthropicErrorAnswer | undefined {
  const text = block['text'];
  if (typeof text !== 'string') return invalidRequest(`${where}.text: Field required`);
  if (text === '') return invalidRequest('messages: text content blocks must be non-empty');
  if (text.trim() === '') return invalidRequest('messages: text content blocks must contain non-whitespace text');
  return undefined;
}

function validateMessages(body: Json): AnthropicErrorAnswer | undefined {
  const messages = body['messages'];
  if (!Array.isArray(messages)) return invalidRequest('messages: Field required');
  if (messages.length === 0) return invalidRequest('messages: at least one message is required');
  let previousRole: unknown;
  let pendingToolUses: string[] = [];
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message)) return invalidRequest(`messages.${index}: Input should be a valid dictionary`);
    const role = message['role'];
    if (role !== 'user' && role !== 'assistant') return invalidRequest(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    if (role === previousRole) {
      return invalidRequest(`messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`);
    }
    previousRole = role;
    const content = message['content'];
    const isFinalAssistant = index === messages.length - 1 && role === 'assistant';
    if (content === '' || (Array.isArray(content) && content.length === 0)) {
      if (!isFinalAssistant) return invalidRequest(`messages.${index}: all messages must have non-empty content except for the optional final assistant message`);
      continue;
    }
    if (typeof content !== 'string' && !Array.isArray(content)) return invalidRequest(`messages.${index}.content: Input should be a valid list`);
    const blocks = blocksOf(content);
    const problem = validateBlocks(blocks, { index, role, pendingToolUses }) ?? (isFinalAssistant ? validateFinalAssistant(blocks) : undefined);
    if (problem !== undefined) return problem;
    pendingToolUses = role === 'assistant' ? toolUseIds(blocks) : [];
  }
  return undefined;
}

function toolUseIds(blocks: readonly unknown[]): string[] {
  return blocks.flatMap((block) => (isRecord(block) && block['type'] === 'tool_use' && typeof block['id'] === 'string' ? [block['id']] : []));
}

function validateBlocks(blocks: readonly unknown[], at: { index: number; role: string; pendingToolUses: string[] }): AnthropicErrorAnswer | undefined {
  const answered = new Set<string>();
  for (const [position, block] of blocks.entries()) {
    const where = `messages.${at.index}.content.${position}`;
    if (!isRecord(block) || typeof block['type'] !== 'string' || !BLOCK_TYPES.has(block['type'])) {
      return invalidRequest(`${where}: Input tag '${isRecord(block) ? String(block['type']) : ''}' found using 'type' does not match any of the expected tags`);
    }
    const problem = validateBlock(block, where, at.role);
    if (problem !== undefined) return problem;
    if (block['type'] === 'tool_result') {
      const id = String(block['tool_use_id']);
      if (!at.pendingToolUses.includes(id)) {
        return invalidRequest(`${where}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`);
      }
      answered.add(id);
    }
  }
  const missing = at.pendingToolUses.filter((id) => !answered.has(id));
  if (missing.length > 0) {
    return invalidRequest(`messages.${at.index - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`);
  }
  return undefined;
}

function validateBlock(block: Json, where: string, role: string): AnthropicErrorAnswer | undefined {
  switch (block['type']) {
    case 'text':
      return validateText(block, where);
    case 'image': {
      const source = block['source'];
      if (!isRecord(source)) return invalidRequest(`${where}.image.source: Field required`);
      if (source['type'] === 'base64' && (!IMAGE_MEDIA_TYPES.has(String(source['media_type'])) || typeof source['data'] !== 'string')) {
        return invalidRequest(`${where}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`);
      }
      return undefined;
    }
    case 'tool_use':
      if (role !== 'assistant') return invalidRequest(`${where}: tool_use blocks are only allowed in assistant messages`);
      if (typeof block['id'] !== 'string' || typeof block['name'] !== 'string' || !isRecord(block['input'])) {
        return invalidRequest(`${where}.tool_use: id, name and an input object are required`);
      }
      return undefined;
    case 'tool_result':
      if (role !== 'user') return invalidRequest(`${where}: tool_result blocks are only allowed in user messages`);
      return typeof block['tool_use_id'] === 'string' ? undefined : invalidRequest(`${where}.tool_result.tool_use_id: Field required`);
    case 'thinking':
      if (role !== 'assistant') return invalidRequest(`${where}: thinking blocks are only allowed in assistant messages`);
      return typeof block['signature'] === 'string' && typeof block['thinking'] === 'string' ? undefined : invalidRequest(`${where}.thinking.signature: Field required`);
    default:
      return undefined;
  }
}

function validateFinalAssistant(blocks: readonly unknown[]): AnthropicErrorAnswer | undefined {
  const last = blocks.at(-1);
  if (isRecord(last) && last['type'] === 'text' && typeof last['text'] === 'string' && /\s$/.test(last['text'])) {
    return invalidRequest('messages: final assistant content cannot end with trailing whitespace');
  }
  return undefined;
}

function validateTools(body: Json): AnthropicErrorAnswer | undefined {
  const tools = body['tools'];
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return invalidRequest('tools: Input should be a valid list');
    for (const [index, tool] of tools.entries()) {
      if (!isRecord(tool)) return invalidRequest(`tools.${index}: Input should be a valid dictionary`);
      if (tool['type'] !== undefined && tool['type'] !== 'custom') continue;
      if (typeof tool['name'] !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(tool['name'])) {
        return invalidRequest(`tools.${index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
      }
      const schema = tool['input_schema'];
      if (!isRecord(schema)) return invalidRequest(`tools.${index}.custom.input_schema: Field required`);
      if (schema['type'] !== 'object') return invalidRequest(`tools.${index}.custom.input_schema.type: Input should be 'object'`);
    }
  }
  const choice = body['tool_choice'];
  if (choice === undefined) return undefined;
  if (!isRecord(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice['type']))) {
    return invalidRequest("tool_choice.type: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
  }
  if (choice['type'] === 'tool' && typeof choice['name'] !== 'string') return invalidRequest('tool_choice.tool.name: Field required');
  return undefined;
}

function validateThinking(body: Json): AnthropicErrorAnswer | undefined {
  const thinking = body['thinking'];
  if (thinking === undefined) return undefined;
  if (!isRecord(thinking) || !['enabled', 'disabled', 'adaptive'].includes(String(thinking['type']))) {
    return invalidRequest("thinking.type: Input tag does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'");
  }
  if (thinking['type'] !== 'enabled') return undefined;
  const budget = thinking['budget_tokens'];
  if (typeof budget !== 'number' || budget < 1024) return invalidRequest('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  if ((body['max_tokens'] as number) <= budget) return invalidRequest('`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size');
  if (body['temperature'] !== undefined && body['temperature'] !== 1) return invalidRequest('`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking');
  const choice = body['tool_choice'];
  if (isRecord(choice) && (choice['type'] === 'any' || choice['type'] === 'tool')) return invalidRequest('Thinking may not be enabled when tool_choice forces tool use.');
  return undefined;
}
