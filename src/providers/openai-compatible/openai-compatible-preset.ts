import type { CallType } from '../../spec/provider.ts';

/**
 * An OpenAI-compatible provider described as data: the shared base does the rest.
 * Adding one (vLLM, Groq, Mistral, …) is a few lines in `openai-compatible-presets.ts`.
 */
export interface OpenAICompatiblePreset {
  /** Prefix in `litellm_params.model`. */
  id: string;
  /** For messages: "Groq" → "GroqException - …". */
  displayName: string;
  /** Used when neither `api_base` nor an `apiBaseEnv` variable is set; absent → api_base is required. */
  defaultApiBase?: string;
  /** Environment variables that may hold the base URL, first set wins. */
  apiBaseEnv?: readonly string[];
  /** Environment variables that may hold the key, first set wins. */
  apiKeyEnv: readonly string[];
  /** Calls the upstream serves. */
  calls: ReadonlySet<CallType>;
  /** OpenAI parameters the upstream rejects, per call: 400 naming them, or dropped with drop_params. */
  rejectedParams?: Partial<Record<CallType, readonly string[]>>;
  /** The upstream returns base64 embeddings itself; otherwise the gateway asks for floats and encodes. */
  nativeBase64Embeddings?: boolean;
  /** Ask the upstream for a usage chunk on every stream (spend needs it); default true. */
  streamUsage?: boolean;
}
