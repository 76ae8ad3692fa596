import type { ChatCompletionRequest, ChatResponseFormat, ChatTool, ChatToolChoice } from '../../spec/chat.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { AnthropicCacheControl, AnthropicTool, AnthropicToolChoice } from './anthropic-api.ts';
import { anthropicBadRequest } from './anthropic-error.ts';

/** LiteLLM's name for the forced tool that carries a `response_format` answer. */
export const RESPONSE_FORMAT_TOOL_NAME = 'json_tool_call';

/** `web_search_options.search_context_size` → the hosted tool's `max_uses`, as LiteLLM maps it. */
const WEB_SEARCH_MAX_USES: Readonly<Record<string, number>> = { low: 1, medium: 5, high: 10 };

/** The tool part of an Anthropic request. */
export interface AnthropicPreparedTools {
  tools?: (AnthropicTool | Record<string, unknown>)[];
  toolChoice?: AnthropicToolChoice;
  /**
   * `response_format` asked for JSON: the answer arrives as a call of
   * {@link RESPONSE_FORMAT_TOOL_NAME} and must be turned back into message content.
   */
  jsonMode: boolean;
}

/**
 * OpenAI tools, tool_choice, parallel_tool_calls, web_search_options and response_format →
 * Anthropic, as LiteLLM maps them: function tools become `{name, description, input_schema}`
 * (strict and cache_control kept); Anthropic-native tools pass through; `web_search_options`
 * adds the hosted `web_search` tool; `auto`/`required`/`none`/named →
 * `auto`/`any`/`none`/`tool`; `parallel_tool_calls` → `disable_parallel_tool_use` (its
 * inverse); a JSON `response_format` adds the `json_tool_call` tool and forces it (not with
 * extended thinking, which cannot be forced to a tool).
 */
export function prepareAnthropicTools(request: ChatCompletionRequest, options: { thinkingEnabled: boolean }): AnthropicPreparedTools {
  const tools = (request.tools ?? []).map((tool, index) => convertTool(tool, `tools[${index}]`));
  let toolChoice = convertToolChoice(request.tool_choice ?? undefined, request.parallel_tool_calls ?? undefined);
  const webSearch = webSearchTool(request['web_search_options']);
  if (webSearch !== undefined) tools.push(webSearch);
  const jsonTool = responseFormatTool(request.response_format ?? undefined);
  if (jsonTool !== undefined) {
    tools.push(jsonTool);
    if (!options.thinkingEnabled) toolChoice = { type: 'tool', name: RESPONSE_FORMAT_TOOL_NAME };
  }
  const prepared: AnthropicPreparedTools = { jsonMode: jsonTool !== undefined };
  if (tools.length > 0) prepared.tools = tools;
  if (toolChoice !== undefined) prepared.toolChoice = toolChoice;
  return prepared;
}

function convertTool(tool: ChatTool, param: string): AnthropicTool | Record<string, unknown> {
  if (tool.type !== 'function') return tool;
  const fn = tool.function;
  if (!isRecord(fn) || typeof fn.name !== 'string') throw anthropicBadRequest('function tools need function.name', `${param}.function`);
  const out: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? { type: 'object', properties: {} } };
  if (typeof fn.description === 'string') out.description = fn.description;
  if (typeof fn.strict === 'boolean') out.strict = fn.strict;
  const cacheControl = tool['cache_control'] ?? (fn as Record<string, unknown>)['cache_control'];
  if (isRecord(cacheControl)) out.cache_control = cacheControl as AnthropicCacheControl;
  return out;
}

function convertToolChoice(choice: ChatToolChoice | undefined, parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const mapped = mapChoice(choice);
  if (parallel === undefined || mapped?.type === 'none') return mapped;
  return { ...(mapped ?? { type: 'auto' }), disable_parallel_tool_use: !parallel };
}

function mapChoice(choice: ChatToolChoice | undefined): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === 'object') {
    const name = isRecord(choice.function) ? choice.function.name : undefined;
    if (typeof name !== 'string') throw anthropicBadRequest('a named tool_choice needs function.name', 'tool_choice');
    return { type: 'tool', name };
  }
  switch (choice) {
    case 'auto':
      return { type: 'auto' };
    case 'required':
      return { type: 'any' };
    case 'none':
      return { type: 'none' };
    default:
      choice satisfies never;
      throw anthropicBadRequest(`unknown tool_choice "${String(choice)}"`, 'tool_choice');
  }
}

function responseFormatTool(format: ChatResponseFormat | undefined): AnthropicTool | undefined {
  if (format === undefined) return undefined;
  switch (format.type) {
    case 'text':
      return undefined;
    case 'json_object':
      return { name: RESPONSE_FORMAT_TOOL_NAME, input_schema: { type: 'object', additionalProperties: true, properties: {} } };
    case 'json_schema': {
      const schema = format.json_schema?.schema;
      const tool: AnthropicTool = {
        name: RESPONSE_FORMAT_TOOL_NAME,
        input_schema: isRecord(schema) ? { type: 'object', ...schema } : { type: 'object', additionalProperties: true, properties: {} },
      };
      if (typeof format.json_schema?.description === 'string') tool.description = format.json_schema.description;
      return tool;
    }
    default:
      format satisfies never;
      throw anthropicBadRequest(`unknown response_format type "${String((format as { type?: unknown }).type)}"`, 'response_format');
  }
}

/** OpenAI `web_search_options` → Anthropic's hosted web search tool (context size → max_uses, approximate location kept). */
function webSearchTool(options: unknown): Record<string, unknown> | undefined {
  if (options === undefined || options === null) return undefined;
  if (!isRecord(options)) throw anthropicBadRequest('web_search_options must be an object', 'web_search_options');
  const tool: Record<string, unknown> = { type: 'web_search_20250305', name: 'web_search' };
  const size = options['search_context_size'];
  const maxUses = typeof size === 'string' ? WEB_SEARCH_MAX_USES[size] : undefined;
  if (maxUses !== undefined) tool['max_uses'] = maxUses;
  const location = options['user_location'];
  const approximate = isRecord(location) ? location['approximate'] : undefined;
  if (isRecord(approximate)) tool['user_location'] = { type: 'approximate', ...approximate };
  return tool;
}
