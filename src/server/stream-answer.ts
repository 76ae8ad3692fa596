import type { StreamChunk } from './chunk-for-client.ts';

interface ToolCallParts {
  id?: string;
  type?: string;
  name: string;
  arguments: string;
}

interface ChoiceParts {
  content: string;
  toolCalls: Map<number, ToolCallParts>;
  finishReason: unknown;
}

/**
 * Assembles a stream's chunks into one chat-completion-shaped answer, for tracing callbacks
 * (Langfuse output, the webhook's `response`). Keeps only text, tool calls, finish reasons and
 * usage; cheap enough to run on every stream (string appends per chunk).
 */
export class StreamAnswer {
  private readonly choices = new Map<number, ChoiceParts>();
  private id: unknown;
  private model: unknown;

  /** Adds one canonical chunk (chat or text-completion shaped). */
  add(chunk: StreamChunk): void {
    const head = chunk as { id?: unknown; model?: unknown };
    this.id ??= head.id;
    this.model ??= head.model;
    for (const raw of chunk.choices) {
      if (typeof raw !== 'object' || raw === null) continue;
      const choice = raw as { index?: unknown; delta?: { content?: unknown; tool_calls?: unknown }; text?: unknown; finish_reason?: unknown };
      const index = typeof choice.index === 'number' ? choice.index : 0;
      let parts = this.choices.get(index);
      if (parts === undefined) {
        parts = { content: '', toolCalls: new Map(), finishReason: null };
        this.choices.set(index, parts);
      }
      const text = choice.delta?.content ?? choice.text;
      if (typeof text === 'string') parts.content += text;
      if (Array.isArray(choice.delta?.tool_calls)) addToolCalls(parts, choice.delta.tool_calls);
      if (choice.finish_reason !== undefined && choice.finish_reason !== null) parts.finishReason = choice.finish_reason;
    }
  }

  /** The assembled answer: `{ id, model, choices: [{ index, message, finish_reason }], usage }`. */
  toResponse(usage: unknown): Record<string, unknown> {
    const choices = [...this.choices.entries()].map(([index, parts]) => {
      const toolCalls = [...parts.toolCalls.values()].map((call) => ({
        ...(call.id === undefined ? {} : { id: call.id }),
        type: call.type ?? 'function',
        function: { name: call.name, arguments: call.arguments },
      }));
      return {
        index,
        message: { role: 'assistant', content: parts.content === '' && toolCalls.length > 0 ? null : parts.content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: parts.finishReason,
      };
    });
    return { id: this.id, object: 'chat.completion', model: this.model, choices, ...(usage === undefined ? {} : { usage }) };
  }
}

function addToolCalls(parts: ChoiceParts, deltas: readonly unknown[]): void {
  for (const raw of deltas) {
    if (typeof raw !== 'object' || raw === null) continue;
    const delta = raw as { index?: unknown; id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } };
    const index = typeof delta.index === 'number' ? delta.index : 0;
    let call = parts.toolCalls.get(index);
    if (call === undefined) {
      call = { name: '', arguments: '' };
      parts.toolCalls.set(index, call);
    }
    if (typeof delta.id === 'string') call.id = delta.id;
    if (typeof delta.type === 'string') call.type = delta.type;
    if (typeof delta.function?.name === 'string') call.name += delta.function.name;
    if (typeof delta.function?.arguments === 'string') call.arguments += delta.function.arguments;
  }
}
