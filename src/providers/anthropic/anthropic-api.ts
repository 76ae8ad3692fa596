/**
 * Wire shapes of the Anthropic Messages API (`POST /v1/messages`, `anthropic-version:
 * 2023-06-01`), limited to what Switchyard sends and reads. Every object may carry fields not
 * named here (the API grows); the guards at the bottom check just enough of an answer to know
 * the protocol was spoken.
 */
import { isRecord } from '../../provider-kit/shape-guards.ts';

/** `{"type":"ephemeral"}` (optionally with `ttl`): marks a prompt-cache breakpoint. */
export type AnthropicCacheControl = Record<string, unknown>;

/** A text block of a request (user, assistant, system or tool-result content). */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
  [extra: string]: unknown;
}

/** An image: base64 bytes (what the gateway sends), or a URL / file the API fetches itself. */
export interface AnthropicImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string } | { type: 'file'; file_id: string };
  cache_control?: AnthropicCacheControl;
  [extra: string]: unknown;
}

/** A document (PDF as base64, plain text, URL or file). */
export interface AnthropicDocumentBlock {
  type: 'document';
  source:
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'text'; media_type: 'text/plain'; data: string }
    | { type: 'url'; url: string }
    | { type: 'file'; file_id: string };
  title?: string;
  cache_control?: AnthropicCacheControl;
  [extra: string]: unknown;
}

/** A tool call the assistant made (request history) — `input` is the parsed arguments object. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
  [extra: string]: unknown;
}

/** The answer to a tool call, sent in a user turn. */
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | (AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock)[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
  [extra: string]: unknown;
}

/** Extended thinking, passed back exactly as received (the signature is verified). */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
  [extra: string]: unknown;
}

/** Thinking the API redacted: opaque, passed back unchanged. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
  [extra: string]: unknown;
}

/** Any block of a request message. Anthropic-native blocks a caller sends are passed through. */
export type AnthropicRequestBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | { type: string; [extra: string]: unknown };

/** One turn: roles strictly `user` or `assistant` (system text is top-level). */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicRequestBlock[];
}

/** A client tool. Anthropic server tools (`web_search_…`, `bash_…`) are passed through as given. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  strict?: boolean;
  cache_control?: AnthropicCacheControl;
  [extra: string]: unknown;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** `thinking` as the API takes it (`enabled` with a budget, `disabled`, `adaptive`, …). */
export type AnthropicThinkingConfig = { type: string; budget_tokens?: number; [extra: string]: unknown };

/** Body of `POST /v1/messages`. `model` is absent for Vertex AI `rawPredict` bodies. */
export interface AnthropicMessagesRequest {
  model?: string;
  messages: AnthropicMessage[];
  max_tokens: number;
  system?: AnthropicTextBlock[];
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  metadata?: { user_id: string };
  tools?: (AnthropicTool | Record<string, unknown>)[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  stream?: boolean;
  /** Anthropic-native parameters a caller sends (`top_k`, `service_tier`, …) pass through. */
  [extra: string]: unknown;
}

/** Token counts of an answer. In streams, later events repeat the cumulative totals. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null; [extra: string]: unknown } | null;
  [extra: string]: unknown;
}

/** A block of an answer: text (maybe with citations), tool_use, thinking, redacted_thinking, server tools … */
export interface AnthropicResponseBlock {
  type: string;
  text?: string;
  citations?: unknown[] | null;
  id?: string;
  name?: string;
  input?: unknown;
  thinking?: string;
  signature?: string;
  data?: string;
  [extra: string]: unknown;
}

/**
 * Why the model stopped. `end_turn`, `max_tokens`, `stop_sequence`, `tool_use`, `pause_turn`,
 * `refusal`, `model_context_window_exceeded` today; kept open for new values.
 */
export type AnthropicStopReason = string;

/** The answer of a non-streamed call (and the `message` of `message_start`). */
export interface AnthropicMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence?: string | null;
  usage: AnthropicUsage;
  [extra: string]: unknown;
}

/** `{"type":"error","error":{"type","message"},"request_id"}` — HTTP errors and stream `error` events. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string; [extra: string]: unknown };
  request_id?: string | null;
}

/** A delta inside `content_block_delta`. */
export type AnthropicBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation: unknown }
  | { type: string; [extra: string]: unknown };

/** The server-sent events of a streamed answer, validated and typed. */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessageResponse }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason?: AnthropicStopReason | null; stop_sequence?: string | null }; usage?: AnthropicUsage | null }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: { type: string; message: string } };

/** The answer of a non-streamed call has the Messages API shape. */
export function isAnthropicMessage(value: unknown): value is AnthropicMessageResponse {
  return (
    isRecord(value) &&
    value['type'] === 'message' &&
    typeof value['id'] === 'string' &&
    Array.isArray(value['content']) &&
    value['content'].every(isRecord) &&
    isRecord(value['usage'])
  );
}

/**
 * Narrows one parsed stream event to the union above, or returns undefined when it does not
 * have the shape its `type` promises. Unknown event types (the API may add some) are returned
 * as `{type}` only, so callers can skip them.
 */
export function toAnthropicStreamEvent(value: unknown): AnthropicStreamEvent | { type: 'unknown'; name: string } | undefined {
  if (!isRecord(value) || typeof value['type'] !== 'string') return undefined;
  const index = value['index'];
  switch (value['type']) {
    case 'message_start':
      return isAnthropicMessage(value['message']) ? (value as AnthropicStreamEvent) : undefined;
    case 'content_block_start':
      return typeof index === 'number' && isRecord(value['content_block']) && typeof value['content_block']['type'] === 'string'
        ? (value as AnthropicStreamEvent)
        : undefined;
    case 'content_block_delta':
      return typeof index === 'number' && isRecord(value['delta']) && typeof value['delta']['type'] === 'string'
        ? (value as AnthropicStreamEvent)
        : undefined;
    case 'content_block_stop':
      return typeof index === 'number' ? (value as AnthropicStreamEvent) : undefined;
    case 'message_delta':
      return isRecord(value['delta']) ? (value as AnthropicStreamEvent) : undefined;
    case 'message_stop':
    case 'ping':
      return value as AnthropicStreamEvent;
    case 'error':
      return isRecord(value['error']) ? (value as AnthropicStreamEvent) : undefined;
    default:
      return { type: 'unknown', name: value['type'] };
  }
}
