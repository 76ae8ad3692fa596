/**
 * The Bedrock Runtime wire format (Converse API), as the gateway sends and reads it, plus the
 * minimal guards that tell a Converse answer from anything else.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
import { isRecord } from '../../provider-kit/shape-guards.ts';

/** Image bytes in a Converse content block. */
export interface BedrockImageBlock {
  format: string;
  source: { bytes: string };
}

/** A document (pdf, csv, txt, …) in a Converse content block. */
export interface BedrockDocumentBlock {
  format: string;
  name: string;
  source: { bytes: string };
}

/** One part of a tool result: text, a JSON document or an image. */
export type BedrockToolResultPart = { text: string } | { json: unknown } | { image: BedrockImageBlock };

/** Reasoning (extended thinking) as Bedrock carries it, in requests and answers. */
export type BedrockReasoningContent =
  | { reasoningText: { text: string; signature?: string } }
  | { redactedContent: string };

/** One content block of a Converse message; exactly one key is set. */
export type BedrockContentBlock =
  | { text: string }
  | { image: BedrockImageBlock }
  | { document: BedrockDocumentBlock }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: BedrockToolResultPart[]; status?: 'success' | 'error' } }
  | { cachePoint: { type: 'default' } }
  | { reasoningContent: BedrockReasoningContent };

/** A Converse message: roles strictly alternate, starting with `user`. */
export interface BedrockMessage {
  role: 'user' | 'assistant';
  content: BedrockContentBlock[];
}

/** A system prompt block. */
export type BedrockSystemBlock = { text: string } | { cachePoint: { type: 'default' } };

/** A tool the model may call (or a cache point between tools). */
export type BedrockTool =
  | { toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } } }
  | { cachePoint: { type: 'default' } };

/** How the model must use the tools. */
export type BedrockToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface BedrockToolConfig {
  tools: BedrockTool[];
  toolChoice?: BedrockToolChoice;
}

export interface BedrockInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

/** Body of `POST /model/{modelId}/converse` (and `converse-stream`). */
export interface BedrockConverseRequest {
  messages: BedrockMessage[];
  system?: BedrockSystemBlock[];
  inferenceConfig?: BedrockInferenceConfig;
  toolConfig?: BedrockToolConfig;
  additionalModelRequestFields?: Record<string, unknown>;
  guardrailConfig?: Record<string, unknown>;
  requestMetadata?: Record<string, string>;
  performanceConfig?: Record<string, unknown>;
  serviceTier?: unknown;
  additionalModelResponseFieldPaths?: string[];
}

/** Token counts of a Converse answer (and of the stream's `metadata` event). */
export interface BedrockUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** The answer of `POST /model/{modelId}/converse`. */
export interface BedrockConverseResponse {
  output: { message?: { role: 'assistant'; content: Record<string, unknown>[] } };
  stopReason: string;
  usage: BedrockUsage;
  metrics?: { latencyMs: number };
  additionalModelResponseFields?: unknown;
  trace?: unknown;
  performanceConfig?: unknown;
  serviceTier?: unknown;
}

/** Events of a ConverseStream answer, by `:event-type`. Each may carry a random `p` padding field. */
export type BedrockStreamEvent =
  | { type: 'messageStart'; role: string }
  | { type: 'contentBlockStart'; contentBlockIndex: number; start: { toolUse?: { toolUseId: string; name: string } } }
  | { type: 'contentBlockDelta'; contentBlockIndex: number; delta: BedrockStreamDelta }
  | { type: 'contentBlockStop'; contentBlockIndex: number }
  | { type: 'messageStop'; stopReason: string; additionalModelResponseFields?: unknown }
  | { type: 'metadata'; usage?: BedrockUsage; metrics?: unknown; trace?: unknown };

/** The `delta` of a contentBlockDelta event. */
export interface BedrockStreamDelta {
  text?: string;
  toolUse?: { input: string };
  reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
  [extra: string]: unknown;
}

/** An answer that has the Converse shape (`output`, `stopReason`, `usage`). */
export function isConverseResponse(value: unknown): value is BedrockConverseResponse {
  if (!isRecord(value) || !isRecord(value['output']) || typeof value['stopReason'] !== 'string') return false;
  const message = value['output']['message'];
  if (message !== undefined && !(isRecord(message) && Array.isArray(message['content']))) return false;
  return isUsage(value['usage']);
}

/** `{inputTokens, outputTokens, totalTokens}` numbers. */
export function isUsage(value: unknown): value is BedrockUsage {
  return (
    isRecord(value) &&
    typeof value['inputTokens'] === 'number' &&
    typeof value['outputTokens'] === 'number' &&
    typeof value['totalTokens'] === 'number'
  );
}

/** A decoded event-stream payload, typed by its `:event-type`; undefined when it is not one of ours. */
export function toBedrockStreamEvent(eventType: string | undefined, body: unknown): BedrockStreamEvent | undefined {
  if (!isRecord(body)) return undefined;
  const index = body['contentBlockIndex'];
  switch (eventType) {
    case 'messageStart':
      return { type: 'messageStart', role: typeof body['role'] === 'string' ? body['role'] : 'assistant' };
    case 'contentBlockStart':
      if (typeof index !== 'number' || !isRecord(body['start'])) return undefined;
      return { type: 'contentBlockStart', contentBlockIndex: index, start: body['start'] as { toolUse?: { toolUseId: string; name: string } } };
    case 'contentBlockDelta':
      if (typeof index !== 'number' || !isRecord(body['delta'])) return undefined;
      return { type: 'contentBlockDelta', contentBlockIndex: index, delta: body['delta'] as BedrockStreamDelta };
    case 'contentBlockStop':
      return typeof index === 'number' ? { type: 'contentBlockStop', contentBlockIndex: index } : undefined;
    case 'messageStop':
      return typeof body['stopReason'] === 'string'
        ? { type: 'messageStop', stopReason: body['stopReason'], additionalModelResponseFields: body['additionalModelResponseFields'] }
        : undefined;
    case 'metadata': {
      const usage = body['usage'];
      return { type: 'metadata', usage: isUsage(usage) ? usage : undefined, metrics: body['metrics'], trace: body['trace'] };
    }
    default:
      return undefined;
  }
}
