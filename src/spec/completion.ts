/** Canonical legacy text-completion shapes (POST /v1/completions), OpenAI wire format. */
import type { Usage } from './chat.ts';

export interface CompletionRequest {
  model: string;
  prompt: string | string[] | number[] | number[][];
  stream?: boolean;
  stream_options?: { include_usage?: boolean; [extra: string]: unknown };
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  n?: number;
  stop?: string | string[];
  echo?: boolean;
  logprobs?: number;
  best_of?: number;
  suffix?: string;
  seed?: number;
  user?: string;
  [extra: string]: unknown;
}

export interface CompletionChoice {
  index: number;
  text: string;
  finish_reason: 'stop' | 'length' | 'content_filter' | null;
  logprobs: unknown;
  [extra: string]: unknown;
}

/** Both the whole answer and each streamed chunk use this shape (`object: "text_completion"`). */
export interface Completion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
  [extra: string]: unknown;
}
