/**
 * Ollama's native wire format: the bodies Switchyard sends to `/api/chat`, `/api/generate`
 * and `/api/embed`, and the answers it reads back. Reference: the Ollama API docs
 * (https://github.com/ollama/ollama/blob/main/docs/api.md) and `api/types.go`.
 */

/** A tool call as Ollama writes it: `arguments` is a JSON object, not a string. */
export interface OllamaToolCall {
  /** Sent by current Ollama versions; older ones omit it. */
  id?: string;
  function: {
    /** Sent by current Ollama versions (position among the turn's calls). */
    index?: number;
    name: string;
    arguments: Record<string, unknown>;
  };
}

/** A chat message. `content` is always a plain string; images are raw base64 (no `data:` prefix). */
export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Assistant turns of thinking models: the visible reasoning. */
  thinking?: string;
  images?: string[];
  tool_calls?: OllamaToolCall[];
  /** Tool turns: the name of the function whose result this is. */
  tool_name?: string;
  /** Tool turns: the id of the call answered (current Ollama versions read it; older ones ignore it). */
  tool_call_id?: string;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** `"json"`, or a JSON schema the answer must follow. */
export type OllamaFormat = 'json' | Record<string, unknown>;

/** Thinking on or off, or a level for models that take one (gpt-oss). */
export type OllamaThink = boolean | 'low' | 'medium' | 'high';

/** Fields `/api/chat` and `/api/generate` share besides model, input and stream. */
export interface OllamaControls {
  /** Runtime options: num_predict, temperature, num_ctx, stop, … */
  options: Record<string, unknown>;
  format?: OllamaFormat;
  /** How long the model stays loaded: seconds or a duration string ("5m"). */
  keep_alive?: string | number;
  think?: OllamaThink;
}

/** Body of POST /api/chat. `stream` is always sent: Ollama streams unless told not to. */
export interface OllamaChatRequest extends OllamaControls {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: OllamaTool[];
}

/** Body of POST /api/generate. */
export interface OllamaGenerateRequest extends OllamaControls {
  model: string;
  prompt: string;
  stream: boolean;
  system?: string;
  /** Text after the insertion point (fill-in-the-middle models). */
  suffix?: string;
  images?: string[];
}

/** Body of POST /api/embed. */
export interface OllamaEmbedRequest {
  model: string;
  input: string | string[];
  truncate?: boolean;
  dimensions?: number;
  keep_alive?: string | number;
  options?: Record<string, unknown>;
}

/**
 * One answer object of `/api/chat` or `/api/generate` (the whole answer, or one line of a
 * stream), reduced to what the canonical shapes need and checked at the wire.
 */
export interface OllamaTurn {
  model: string;
  /** Unix seconds from `created_at`. */
  created: number;
  /** `message.content` (chat) or `response` (generate); '' when absent. */
  content: string;
  /** `message.thinking` (chat) or `thinking` (generate); '' when absent. */
  thinking: string;
  toolCalls: OllamaToolCall[];
  done: boolean;
  doneReason: string | undefined;
  /** `prompt_eval_count`: absent on non-final lines and, in older versions, when the prompt was cached. */
  promptTokens: number | undefined;
  /** `eval_count`. */
  completionTokens: number | undefined;
}

/** An answer of POST /api/embed, checked at the wire. */
export interface OllamaEmbedAnswer {
  model: string;
  embeddings: number[][];
  promptTokens: number | undefined;
}
