import type { Deployment } from '../../spec/deployment.ts';

/** The model methods the gateway calls. */
export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents' | 'predict';

/** Which Gemini API: the two accept the same request body except for a few fields. */
export type GeminiFlavor = 'ai_studio' | 'vertex_ai';

/** Where and how to send one call: the URL (with `?alt=sse` for streams) and auth headers. */
export interface GeminiTarget {
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Values that must never appear in an error message or a log (key, access token). */
  readonly secrets: readonly (string | undefined)[];
}

/**
 * The parts of a Gemini upstream that differ between AI Studio and Vertex AI: URLs and auth.
 * The request and response translation is shared.
 */
export interface GeminiEndpoint {
  readonly flavor: GeminiFlavor;
  /** For messages: "Gemini" → "GeminiException - …", "VertexAI" → "VertexAIException - …". */
  readonly providerName: string;
  /** The base URL reported in `x-litellm-model-api-base`. */
  apiBase(deployment: Deployment): string;
  /** Resolves URL and auth for one call; may fetch an access token (cached by the endpoint). */
  target(deployment: Deployment, method: GeminiMethod): Promise<GeminiTarget>;
}
