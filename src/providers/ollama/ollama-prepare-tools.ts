import type { ChatCompletionRequest } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { OllamaTool } from './ollama-api.ts';

/**
 * OpenAI tools → Ollama's native tool list (the same `{type: "function", function: {name,
 * description, parameters}}` shape, without OpenAI's `strict`). `tool_choice: "none"` sends
 * no tools at all, which is exactly what it asks for.
 */
export function prepareOllamaTools(request: ChatCompletionRequest): OllamaTool[] | undefined {
  const tools = request.tools;
  if (tools === undefined || tools.length === 0 || request.tool_choice === 'none') return undefined;
  return tools.map((tool, index) => {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw new GatewayError('bad_request', `Ollama takes function tools only: tools[${index}] is not one`, { param: `tools[${index}]` });
    }
    const fn: OllamaTool['function'] = { name: tool.function.name };
    if (tool.function.description !== undefined) fn.description = tool.function.description;
    if (tool.function.parameters !== undefined) fn.parameters = tool.function.parameters;
    return { type: 'function', function: fn };
  });
}
