/**
 * Wire shapes of the Gemini API as AI Studio (`generativelanguage.googleapis.com`) and Vertex AI
 * (`aiplatform.googleapis.com`, `publishers/google/models/…`) both speak it: `generateContent`,
 * `streamGenerateContent?alt=sse` (each SSE event is one GeminiResponse) and the embedding calls.
 * JSON is camelCase. Every object may carry fields this file does not name; they are kept.
 */

/** Bytes sent inline: base64 without a `data:` prefix. */
export interface GeminiBlob {
  mimeType: string;
  data: string;
}

/** A file by URI: `gs://…` on Vertex, a Files API URI on AI Studio. */
export interface GeminiFileData {
  mimeType?: string;
  fileUri: string;
}

/** A call the model made; `args` is a JSON object, not a string. */
export interface GeminiFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

/** The result of a call, sent back in a `user` turn right after the `model` turn that made it. */
export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
  id?: string;
}

/** One part of a turn. Exactly one of the data fields is set. */
export interface GeminiPart {
  text?: string;
  /** The part is the model's reasoning (asked with `thinkingConfig.includeThoughts`). */
  thought?: boolean;
  /** Opaque reasoning state; Gemini 3 requires it back on the function calls of later turns. */
  thoughtSignature?: string;
  inlineData?: GeminiBlob;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
  [extra: string]: unknown;
}

/** Only two roles exist: the system prompt travels in `systemInstruction`. */
export type GeminiRole = 'user' | 'model';

/** One turn of the conversation. */
export interface GeminiContent {
  role: GeminiRole;
  parts: GeminiPart[];
}

/** The system prompt: parts without a role. */
export interface GeminiSystemInstruction {
  parts: GeminiPart[];
}

/** A function the model may call; `parameters` is Gemini's OpenAPI-subset schema. */
export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/**
 * One tool entry: function declarations, or one built-in tool (`googleSearch`, `codeExecution`,
 * `urlContext`, …) as its own entry, which is how the API wants them.
 */
export type GeminiTool = { functionDeclarations: GeminiFunctionDeclaration[] } | Record<string, Record<string, unknown>>;

/** AUTO: the model decides; ANY: it must call a function; NONE: it must not. */
export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE';

/** How the model may call functions (`allowedFunctionNames` only with ANY). */
export interface GeminiToolConfig {
  functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
}

/** Reasoning controls: a token budget (2.5 models) or a level (Gemini 3). */
export interface GeminiThinkingConfig {
  thinkingBudget?: number;
  thinkingLevel?: string;
  includeThoughts?: boolean;
}

/** Sampling, length, format and reasoning controls of a request. */
export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: Record<string, unknown>;
  responseLogprobs?: boolean;
  logprobs?: number;
  thinkingConfig?: GeminiThinkingConfig;
}

/** Body of `:generateContent` and `:streamGenerateContent`. */
export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: GeminiSystemInstruction;
  generationConfig?: GeminiGenerationConfig;
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  safetySettings?: unknown[];
  /** Vertex AI only: billing labels. */
  labels?: Record<string, string>;
  cachedContent?: string;
}

/** Per-token log probabilities of one candidate. */
export interface GeminiLogprobsResult {
  chosenCandidates?: { token?: string; logProbability?: number }[];
  topCandidates?: { candidates?: { token?: string; logProbability?: number }[] }[];
}

/** One answer of several (`candidateCount`). */
export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  /** STOP, MAX_TOKENS, SAFETY, … — STOP also when the candidate calls functions. */
  finishReason?: string;
  index?: number;
  logprobsResult?: GeminiLogprobsResult;
  [extra: string]: unknown;
}

/** Token counts; `promptTokenCount` includes the cached tokens. */
export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  [extra: string]: unknown;
}

/** Set when the prompt itself was blocked; there are then no candidates. */
export interface GeminiPromptFeedback {
  blockReason?: string;
  blockReasonMessage?: string;
  [extra: string]: unknown;
}

/** Answer of `:generateContent`, and each event of `:streamGenerateContent`. */
export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: GeminiPromptFeedback;
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  [extra: string]: unknown;
}

/** Google's error body: `{"error":{"code","message","status","details"}}`. */
export interface GoogleErrorBody {
  error: { code?: number; message?: string; status?: string; details?: unknown[] };
}

/** One text to embed in a `:batchEmbedContents` call (AI Studio). */
export interface GeminiEmbedContentRequest {
  /** `models/{model}`: must name the model of the URL. */
  model: string;
  content: { parts: { text: string }[] };
  outputDimensionality?: number;
  taskType?: string;
}

/** Body of `:batchEmbedContents`. */
export interface GeminiBatchEmbedRequest {
  requests: GeminiEmbedContentRequest[];
}

/** Answer of `:batchEmbedContents`: one embedding per request, in order. */
export interface GeminiBatchEmbedResponse {
  embeddings: { values: number[] }[];
}
