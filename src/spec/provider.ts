/**
 * The provider contract. A provider turns canonical (OpenAI-shaped) requests into its native
 * wire format, calls the upstream, and turns the answer back into canonical shapes. The
 * server and router only ever see this interface; only `src/providers/` knows wire formats.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from './chat.ts';
import type { Completion, CompletionRequest } from './completion.ts';
import type { Deployment } from './deployment.ts';
import type { EmbeddingRequest, EmbeddingResponse } from './embedding.ts';
import type { ImageGenerationRequest, ImageGenerationResponse } from './image.ts';

export type CallType = 'chat' | 'completion' | 'embedding' | 'image_generation';

/** Minimal logger the providers may use (pino-compatible). */
export interface ProviderLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

/** Everything one attempt needs besides the request body. */
export interface CallContext {
  /** The deployment chosen for this attempt; for wildcard groups `providerModel` is the concrete model. */
  readonly deployment: Deployment;
  /** Aborted when the client goes away or the gateway shuts down. */
  readonly signal: AbortSignal;
  /** Milliseconds: the whole call (non-stream) or to the first byte and between chunks (stream). */
  readonly timeoutMs: number;
  readonly log: ProviderLogger;
}

/** A whole answer plus the upstream response headers worth passing on. */
export interface ProviderResult<T> {
  readonly body: T;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A stream that has started: the upstream answered 2xx. Iterating yields canonical chunks;
 * a failure mid-stream is thrown from the iterator as a GatewayError. Returning early
 * (break) releases the upstream connection.
 */
export interface ProviderStream<T> {
  readonly chunks: AsyncIterable<T>;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Provider {
  /** Prefix in `litellm_params.model` (`openai`, `azure`, `groq`, …). */
  readonly id: string;
  /** Name used in error messages, as LiteLLM does (`OpenAIException - …`). */
  readonly displayName: string;
  /**
   * Names of the parameters present in `body` that this provider cannot take for `call`.
   * The caller answers 400 naming them, or drops them when `drop_params` is on.
   */
  unsupportedParams(call: CallType, body: Readonly<Record<string, unknown>>, deployment: Deployment): string[];
  /** The base URL reported in `x-litellm-model-api-base`. */
  apiBase(deployment: Deployment): string;
  chat?(request: ChatCompletionRequest, ctx: CallContext): Promise<ProviderResult<ChatCompletion>>;
  streamChat?(request: ChatCompletionRequest, ctx: CallContext): Promise<ProviderStream<ChatCompletionChunk>>;
  completion?(request: CompletionRequest, ctx: CallContext): Promise<ProviderResult<Completion>>;
  streamCompletion?(request: CompletionRequest, ctx: CallContext): Promise<ProviderStream<Completion>>;
  embedding?(request: EmbeddingRequest, ctx: CallContext): Promise<ProviderResult<EmbeddingResponse>>;
  imageGeneration?(request: ImageGenerationRequest, ctx: CallContext): Promise<ProviderResult<ImageGenerationResponse>>;
}
