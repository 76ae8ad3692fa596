/**
 * A streamed Messages API answer as server-sent events, built from the whole message:
 * `message_start` → per block `content_block_start` / `content_block_delta`s /
 * `content_block_stop` → `message_delta` (stop reason, output usage) → `message_stop`, with
 * `ping` events interleaved as the real API does. Each event is written as
 * `event: <type>\ndata: <json>\n\n`.
 */
import type { FakeAnthropicBlock, FakeAnthropicMessage } from './fake-anthropic-answers.ts';

/** One stream event: its name and data object (the data's `type` equals the name). */
export interface FakeAnthropicEvent {
  type: string;
  [field: string]: unknown;
}

/** Splits text into `pieces` nearly equal non-empty parts (fewer when the text is short). */
export function splitText(text: string, pieces: number): string[] {
  if (text === '') return [];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, pieces)));
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}

function blockStart(block: FakeAnthropicBlock): FakeAnthropicBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'tool_use':
      return { ...block, input: {} };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking':
      return block;
  }
}

function blockDeltas(block: FakeAnthropicBlock, pieces: number): Record<string, unknown>[] {
  switch (block.type) {
    case 'text':
      return splitText(block.text, pieces).map((text) => ({ type: 'text_delta', text }));
    case 'tool_use':
      return splitText(JSON.stringify(block.input), pieces).map((partial) => ({ type: 'input_json_delta', partial_json: partial }));
    case 'thinking':
      return [...splitText(block.thinking, pieces).map((thinking) => ({ type: 'thinking_delta', thinking })), { type: 'signature_delta', signature: block.signature }];
    case 'redacted_thinking':
      return [];
  }
}

/** The events of `message` streamed with each block split into `pieces` deltas; `pings` adds ping events. */
export function fakeAnthropicStreamEvents(message: FakeAnthropicMessage, options: { pieces: number; pings: boolean }): FakeAnthropicEvent[] {
  const ping = (): FakeAnthropicEvent[] => (options.pings ? [{ type: 'ping' }] : []);
  const events: FakeAnthropicEvent[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } },
    },
    ...ping(),
  ];
  message.content.forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: blockStart(block) }, ...ping());
    for (const delta of blockDeltas(block, options.pieces)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  events.push(
    ...ping(),
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
      usage: { output_tokens: message.usage.output_tokens },
    },
    { type: 'message_stop' },
  );
  return events;
}

/** The wire text of events. */
export function sseText(events: readonly FakeAnthropicEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}
