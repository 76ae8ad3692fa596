import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage, FinishReason } from '../../spec/chat.ts';
import type { Completion, CompletionRequest } from '../../spec/completion.ts';
import { GatewayError } from '../../spec/gateway-error.ts';

/** Chat parameters a text-completion model can take, copied over as they are. */
const SHARED_PARAMS = ['temperature', 'top_p', 'n', 'stop', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'seed', 'user', 'stream_options'] as const;

/** The chat parameters that have no meaning for an instruct model (400 or dropped). */
export const CHAT_ONLY_PARAMS = ['tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'logprobs', 'top_logprobs', 'reasoning_effort'] as const;

/**
 * A chat request for an instruct model (LiteLLM's text-completion-openai/): the messages'
 * text joined into one prompt, the shared parameters kept.
 */
export function chatToCompletionRequest(request: ChatCompletionRequest): CompletionRequest {
  const out: CompletionRequest = { model: request.model, prompt: request.messages.map(messageText).join('\n') };
  const extra = out as Record<string, unknown>;
  for (const name of SHARED_PARAMS) if (request[name] !== undefined) extra[name] = request[name];
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens !== undefined) out.max_tokens = maxTokens;
  return out;
}

function messageText(message: ChatMessage, index: number): string {
  if (typeof message.content === 'string') return message.content;
  if (message.content === null || message.content === undefined) return '';
  return message.content
    .map((part) => {
      if (part.type === 'text') return part.text;
      throw new GatewayError('bad_request', `text-completion models take text only: messages[${index}] has a ${part.type} part`, {
        param: `messages[${index}].content`,
      });
    })
    .join('');
}

export function completionToChat(completion: Completion): ChatCompletion {
  return {
    id: completion.id,
    object: 'chat.completion',
    created: completion.created,
    model: completion.model,
    choices: completion.choices.map((choice) => ({
      index: choice.index,
      message: { role: 'assistant', content: choice.text },
      finish_reason: choice.finish_reason as FinishReason | null,
    })),
    ...(completion.usage ? { usage: completion.usage } : {}),
  };
}

export function completionChunkToChat(chunk: Completion, first: boolean): ChatCompletionChunk {
  return {
    id: chunk.id,
    object: 'chat.completion.chunk',
    created: chunk.created,
    model: chunk.model,
    choices: chunk.choices.map((choice) => ({
      index: choice.index,
      delta: first ? { role: 'assistant', content: choice.text } : { content: choice.text },
      finish_reason: choice.finish_reason as FinishReason | null,
    })),
    ...(chunk.usage ? { usage: chunk.usage } : {}),
  };
}
