import type { ChatChunkChoice, ChatCompletionChunk, FinishReason } from '../../spec/chat.ts';
import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import type { AnthropicBlockDelta, AnthropicResponseBlock, AnthropicStreamEvent, AnthropicUsage } from './anthropic-api.ts';
import { ANTHROPIC_PROVIDER_NAME } from './anthropic-error.ts';
import { RESPONSE_FORMAT_TOOL_NAME } from './anthropic-prepare-tools.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';

type Delta = ChatChunkChoice['delta'];

/** What a content block index of the stream turned out to be. */
type BlockState =
  | { kind: 'text' | 'thinking' | 'other' }
  | { kind: 'tool'; toolIndex: number; sawArguments: boolean }
  | { kind: 'json'; sawArguments: boolean };

export interface AnthropicStreamConverterOptions {
  /** The request asked for JSON (`response_format`): the `json_tool_call` input streams as content. */
  jsonMode: boolean;
  /** Unix seconds for every chunk's `created`; defaults to now. */
  created?: number;
  /** For error messages; default "Anthropic". */
  providerName?: string;
}

/** Turns typed Anthropic stream events into canonical chunks, one event at a time. */
export type AnthropicStreamConverter = (event: AnthropicStreamEvent) => ChatCompletionChunk[];

/**
 * A converter for one streamed answer. `message_start` gives the role chunk (with the
 * message id and model); text, tool input (`arguments` fragments — tool-call `index` counts
 * tool calls, not Anthropic blocks), thinking (`reasoning_content` + `thinking_blocks`,
 * signatures included) and citations become deltas; a tool call whose input never streamed
 * gets `{}` so its arguments parse; `message_delta` gives the finish chunk and
 * `message_stop` the usage chunk (`choices: []`). `ping` and unknown events give nothing.
 */
export function createAnthropicStreamConverter(options: AnthropicStreamConverterOptions): AnthropicStreamConverter {
  const created = options.created ?? Math.floor(Date.now() / 1000);
  const blocks = new Map<number, BlockState>();
  let head: { id: string; model: string } | undefined;
  let usage: AnthropicUsage = {};
  let nextToolIndex = 0;
  let finished = false;

  const chunk = (choices: ChatChunkChoice[]): ChatCompletionChunk => {
    if (head === undefined) throw invalidResponse(options.providerName ?? ANTHROPIC_PROVIDER_NAME, 'a stream event came before message_start');
    return { id: head.id, object: 'chat.completion.chunk', created, model: head.model, choices };
  };
  const delta = (value: Delta): ChatCompletionChunk => chunk([{ index: 0, delta: value, finish_reason: null }]);
  const finish = (reason: FinishReason): ChatCompletionChunk => {
    finished = true;
    return chunk([{ index: 0, delta: {}, finish_reason: reason }]);
  };

  function startBlock(index: number, block: AnthropicResponseBlock): ChatCompletionChunk[] {
    switch (block.type) {
      case 'text':
        blocks.set(index, { kind: 'text' });
        return block.text ? [delta({ content: block.text })] : [];
      case 'tool_use': {
        if (options.jsonMode && block.name === RESPONSE_FORMAT_TOOL_NAME) {
          blocks.set(index, { kind: 'json', sawArguments: false });
          return [];
        }
        const toolIndex = nextToolIndex++;
        blocks.set(index, { kind: 'tool', toolIndex, sawArguments: false });
        const call = { index: toolIndex, id: block.id ?? '', type: 'function' as const, function: { name: block.name ?? '', arguments: '' } };
        return [delta({ tool_calls: [call] })];
      }
      case 'thinking':
        blocks.set(index, { kind: 'thinking' });
        return block.thinking ? [delta(thinkingDelta(block.thinking))] : [];
      case 'redacted_thinking':
        blocks.set(index, { kind: 'other' });
        return [delta({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data ?? '' }] })];
      default:
        blocks.set(index, { kind: 'other' });
        return [];
    }
  }

  function blockDelta(index: number, value: AnthropicBlockDelta): ChatCompletionChunk[] {
    const state = blocks.get(index) ?? { kind: 'text' };
    switch (value.type) {
      case 'text_delta':
        return typeof value['text'] === 'string' && value['text'] !== '' ? [delta({ content: value['text'] })] : [];
      case 'input_json_delta':
        return inputJson(state, value['partial_json']);
      case 'thinking_delta':
        return typeof value['thinking'] === 'string' && value['thinking'] !== '' ? [delta(thinkingDelta(value['thinking']))] : [];
      case 'signature_delta':
        return [delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: String(value['signature'] ?? '') }] })];
      case 'citations_delta':
        return [delta({ provider_specific_fields: { citation: value['citation'] } })];
      default:
        return [];
    }
  }

  function inputJson(state: BlockState, fragment: unknown): ChatCompletionChunk[] {
    if (typeof fragment !== 'string' || fragment === '') return [];
    if (state.kind === 'tool') {
      state.sawArguments = true;
      return [delta({ tool_calls: [{ index: state.toolIndex, function: { arguments: fragment } }] })];
    }
    if (state.kind === 'json') {
      state.sawArguments = true;
      return [delta({ content: fragment })];
    }
    return [];
  }

  function stopBlock(index: number): ChatCompletionChunk[] {
    const state = blocks.get(index);
    if (state?.kind === 'tool' && !state.sawArguments) {
      return [delta({ tool_calls: [{ index: state.toolIndex, function: { arguments: '{}' } }] })];
    }
    if (state?.kind === 'json' && !state.sawArguments) return [delta({ content: '{}' })];
    return [];
  }

  function finishReason(stopReason: string | null | undefined): FinishReason {
    // In JSON mode the forced json_tool_call is the answer, not a tool call for the client.
    if (options.jsonMode && stopReason === 'tool_use' && nextToolIndex === 0) return 'stop';
    return mapAnthropicFinishReason(stopReason);
  }

  return (event) => {
    switch (event.type) {
      case 'message_start':
        head = { id: event.message.id, model: event.message.model };
        usage = mergeAnthropicUsage({}, event.message.usage);
        return [delta({ role: 'assistant', content: '' })];
      case 'content_block_start':
        return startBlock(event.index, event.content_block);
      case 'content_block_delta':
        return blockDelta(event.index, event.delta);
      case 'content_block_stop':
        return stopBlock(event.index);
      case 'message_delta':
        usage = mergeAnthropicUsage(usage, event.usage);
        return [finish(finishReason(event.delta.stop_reason))];
      case 'message_stop': {
        const tail = finished ? [] : [finish('stop')];
        return [...tail, { ...chunk([]), usage: convertAnthropicUsage(usage) }];
      }
      case 'ping':
      case 'error':
        return [];
      default:
        event satisfies never;
        return [];
    }
  };
}

function thinkingDelta(text: string): Delta {
  return { reasoning_content: text, thinking_blocks: [{ type: 'thinking', thinking: text }] };
}
