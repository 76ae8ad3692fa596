/**
 * The answers of the fake Bedrock Runtime. One scripted {@link FakeBedrockAnswer} (content
 * blocks, stop reason, usage) is rendered as a Converse answer, as ConverseStream events, as
 * a Claude Messages answer (Invoke) and as Claude stream events (InvokeWithResponseStream),
 * so one script serves every chat route.
 */

/** A content block of a scripted answer, in Converse's shape. */
export type FakeBlock =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: Record<string, unknown> } }
  | { reasoningContent: { reasoningText: { text: string; signature?: string } } };

/** A scripted chat answer. */
export interface FakeBedrockAnswer {
  content: FakeBlock[];
  /** Default: `tool_use` when a block calls a tool, else `end_turn`. */
  stopReason?: string;
  /** Token counts; input defaults to an estimate of the request, output to one of the answer. */
  usage?: { inputTokens?: number; outputTokens?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
}

/** The text of the default answer. */
export const FAKE_BEDROCK_TEXT = 'Hello from the fake Bedrock.';

/** A 1×1 transparent PNG (base64), what the fake image models "draw". */
export const FAKE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HgAAAAtJREFUeNpjYAACAAAFAAHd3FN3AAAAAElFTkSuQmCC';

/** One stream event: its `:event-type` and JSON payload. */
export interface FakeStreamEvent {
  eventType: string;
  payload: Record<string, unknown>;
}

const estimate = (value: unknown): number => Math.max(1, Math.ceil(JSON.stringify(value ?? '').length / 4));

/** The default answer: a short text. */
export function defaultAnswer(): FakeBedrockAnswer {
  return { content: [{ text: FAKE_BEDROCK_TEXT }] };
}

function stopReasonOf(answer: FakeBedrockAnswer): string {
  return answer.stopReason ?? (answer.content.some((b) => 'toolUse' in b) ? 'tool_use' : 'end_turn');
}

/** Converse usage for an answer to `request`. */
export function usageOf(answer: FakeBedrockAnswer, request: unknown): Record<string, number> {
  const input = answer.usage?.inputTokens ?? estimate(request);
  const output = answer.usage?.outputTokens ?? estimate(answer.content);
  const read = answer.usage?.cacheReadInputTokens;
  const write = answer.usage?.cacheWriteInputTokens;
  const usage: Record<string, number> = { inputTokens: input, outputTokens: output, totalTokens: input + output + (read ?? 0) + (write ?? 0) };
  if (read !== undefined) usage['cacheReadInputTokens'] = read;
  if (write !== undefined) usage['cacheWriteInputTokens'] = write;
  return usage;
}

/** Splits text into `pieces` parts (fewer for short text); never an empty part. */
export function split(text: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

/** The body of a Converse answer. */
export function converseJson(answer: FakeBedrockAnswer, request: unknown): Record<string, unknown> {
  return {
    output: { message: { role: 'assistant', content: answer.content } },
    stopReason: stopReasonOf(answer),
    usage: usageOf(answer, request),
    metrics: { latencyMs: 42 },
  };
}

/** The events of a ConverseStream answer, text and tool input split into `pieces` deltas. */
export function converseEvents(answer: FakeBedrockAnswer, request: unknown, pieces: number): FakeStreamEvent[] {
  const events: FakeStreamEvent[] = [{ eventType: 'messageStart', payload: { role: 'assistant' } }];
  for (const [index, block] of answer.content.entries()) {
    const delta = (value: Record<string, unknown>): FakeStreamEvent => ({ eventType: 'contentBlockDelta', payload: { contentBlockIndex: index, delta: value } });
    if ('text' in block) {
      events.push(...split(block.text, pieces).map((text) => delta({ text })));
    } else if ('toolUse' in block) {
      const { toolUseId, name, input } = block.toolUse;
      events.push({ eventType: 'contentBlockStart', payload: { contentBlockIndex: index, start: { toolUse: { toolUseId, name } } } });
      events.push(...split(JSON.stringify(input), pieces).map((part) => delta({ toolUse: { input: part } })));
    } else {
      const { text, signature } = block.reasoningContent.reasoningText;
      events.push(...split(text, pieces).map((part) => delta({ reasoningContent: { text: part } })));
      if (signature !== undefined) events.push(delta({ reasoningContent: { signature } }));
    }
    events.push({ eventType: 'contentBlockStop', payload: { contentBlockIndex: index } });
  }
  events.push({ eventType: 'messageStop', payload: { stopReason: stopReasonOf(answer) } });
  events.push({ eventType: 'metadata', payload: { usage: usageOf(answer, request), metrics: { latencyMs: 42 } } });
  return events;
}

const ANTHROPIC_STOP: Readonly<Record<string, string>> = { end_turn: 'end_turn', tool_use: 'tool_use', max_tokens: 'max_tokens', stop_sequence: 'stop_sequence' };

function anthropicBlock(block: FakeBlock): Record<string, unknown> {
  if ('text' in block) return { type: 'text', text: block.text };
  if ('toolUse' in block) return { type: 'tool_use', id: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input };
  return { type: 'thinking', thinking: block.reasoningContent.reasoningText.text, signature: block.reasoningContent.reasoningText.signature ?? '' };
}

/** A Claude Messages answer (what Claude on Bedrock Invoke returns). */
export function anthropicMessage(answer: FakeBedrockAnswer, args: { request: unknown; model: string; id: string }): Record<string, unknown> {
  const usage = usageOf(answer, args.request);
  return {
    id: args.id,
    type: 'message',
    role: 'assistant',
    model: args.model,
    content: answer.content.map(anthropicBlock),
    stop_reason: ANTHROPIC_STOP[stopReasonOf(answer)] ?? 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage['inputTokens'], output_tokens: usage['outputTokens'] },
  };
}

/** The Claude stream events of an answer, each the payload of one `chunk` event (base64 `bytes`). */
export function anthropicEvents(answer: FakeBedrockAnswer, args: { request: unknown; model: string; id: string; pieces: number }): Record<string, unknown>[] {
  const message = anthropicMessage(answer, args);
  const usage = message['usage'] as { input_tokens: number; output_tokens: number };
  const events: Record<string, unknown>[] = [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1 } } },
  ];
  for (const [index, block] of answer.content.entries()) {
    if ('text' in block) {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const text of split(block.text, args.pieces)) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    } else if ('toolUse' in block) {
      events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.toolUse.toolUseId, name: block.toolUse.name, input: {} } });
      for (const part of split(JSON.stringify(block.toolUse.input), args.pieces)) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    } else {
      events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.reasoningContent.reasoningText.text } });
    }
    events.push({ type: 'content_block_stop', index });
  }
  events.push({ type: 'message_delta', delta: { stop_reason: message['stop_reason'], stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  events.push({
    type: 'message_stop',
    'amazon-bedrock-invocationMetrics': { inputTokenCount: usage.input_tokens, outputTokenCount: usage.output_tokens, invocationLatency: 42, firstByteLatency: 7 },
  });
  return events;
}

/** A deterministic unit-ish vector for a text (the same text always gets the same vector). */
export function fakeVector(text: string, dimensions: number): number[] {
  let seed = 0;
  for (const char of text) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
  return Array.from({ length: dimensions }, (_, i) => Math.round(Math.sin(seed + i) * 1e6) / 1e6);
}
