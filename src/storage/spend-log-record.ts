/** One request's spend-log row as written (LiteLLM's `LiteLLM_SpendLogs` fields; `spend` in USD). */
export interface SpendLogInput {
  /** The response id (`chatcmpl-…`) or the call id; the row's identity, so a replayed row is written once. */
  request_id: string;
  /** `acompletion`, `aembedding`, `aimage_generation`, … */
  call_type: string;
  /** SHA-256 hex of the key; '' for the master key. */
  api_key: string;
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** Defaults to prompt + completion. */
  total_tokens?: number;
  /** Counted in the daily aggregates only. */
  cache_read_input_tokens?: number;
  /** Counted in the daily aggregates only. */
  cache_creation_input_tokens?: number;
  start_time: Date;
  end_time: Date;
  completion_start_time?: Date | null;
  model: string;
  model_id?: string | null;
  model_group?: string | null;
  custom_llm_provider?: string | null;
  api_base?: string | null;
  /** The internal user that owns the key (LiteLLM's `user`). */
  user_id?: string | null;
  team_id?: string | null;
  /** The customer (request `user` field). */
  end_user?: string | null;
  /** Small per-request metadata only (no prompts, responses or static config). */
  metadata?: Record<string, unknown> | null;
  cache_hit?: boolean;
  cache_key?: string | null;
  request_tags?: string[];
  requester_ip_address?: string | null;
  session_id?: string | null;
  status?: 'success' | 'failure';
  /** The request body (messages/input and params), only with `store_prompts_in_spend_logs`. */
  messages?: unknown;
  /** The answer, only with `store_prompts_in_spend_logs`. */
  response?: unknown;
}

/** A spend-log row as read back. */
export interface SpendLogRecord extends Required<Omit<SpendLogInput, 'cache_read_input_tokens' | 'cache_creation_input_tokens'>> {
  total_tokens: number;
}

/** An amount to add to every owner of one call. Absent owners are skipped. */
export interface SpendIncrement {
  keyHash?: string | null;
  userId?: string | null;
  teamId?: string | null;
  endUserId?: string | null;
  /** USD; may be negative for a correction. */
  amount: number;
}
