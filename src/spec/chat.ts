/**
 * Canonical chat-completion shapes: the OpenAI wire format, kept lossless.
 *
 * Every object may carry fields this file does not name (newer OpenAI fields, provider
 * extras); adapters pass them through instead of dropping them.
 */

/** A content part of a user, system or developer message. */
export type ChatContentPart =
  | { type: 'text'; text: string; [extra: string]: unknown }
  | {
      type: 'image_url';
      image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
      [extra: string]: unknown;
    }
  | {
      type: 'input_audio';
      input_audio: { data: string; format: string };
      [extra: string]: unknown;
    }
  | {
      type: 'file';
      file: { file_data?: string; file_id?: string; filename?: string };
      [extra: string]: unknown;
    };

/** A tool call the assistant made. `arguments` is the JSON text the model produced. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  [extra: string]: unknown;
}

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';
  /** Plain text, content parts, or null (an assistant turn that only calls tools). */
  content?: string | ChatContentPart[] | null;
  name?: string;
  /** Assistant turns only. */
  tool_calls?: ChatToolCall[];
  /** Tool turns only: the id of the call this message answers. */
  tool_call_id?: string;
  /** Provider extra (reasoning models): the model's visible reasoning. */
  reasoning_content?: string;
  [extra: string]: unknown;
}

export interface ChatTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
  [extra: string]: unknown;
}

export type ChatToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean; description?: string };
    };

/** Body of POST /v1/chat/completions. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean; [extra: string]: unknown };
  temperature?: number;
  top_p?: number;
  n?: number;
  stop?: string | string[];
  max_tokens?: number;
  max_completion_tokens?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  logit_bias?: Record<string, number>;
  logprobs?: boolean;
  top_logprobs?: number;
  seed?: number;
  user?: string;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ChatResponseFormat;
  reasoning_effort?: string;
  [extra: string]: unknown;
}

/** Token counts. The detail objects carry cached and reasoning tokens when known. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number; [extra: string]: unknown } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
    [extra: string]: unknown;
  } | null;
  [extra: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatChoice {
  index: number;
  message: ChatMessage & { role: 'assistant' };
  finish_reason: FinishReason | null;
  logprobs?: unknown;
  [extra: string]: unknown;
}

/** Non-streamed answer of POST /v1/chat/completions. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  [extra: string]: unknown;
}

/** A streamed tool-call fragment: the first carries id and name, later ones argument text. */
export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
  [extra: string]: unknown;
}

export interface ChatChunkChoice {
  index: number;
  delta: {
    role?: 'assistant';
    content?: string | null;
    tool_calls?: ChatToolCallDelta[];
    reasoning_content?: string;
    [extra: string]: unknown;
  };
  finish_reason: FinishReason | null;
  logprobs?: unknown;
  [extra: string]: unknown;
}

/**
 * One streamed chunk. With `stream_options.include_usage` the last chunk has
 * `choices: []` and the usage.
 */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
  [extra: string]: unknown;
}
