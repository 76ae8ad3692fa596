import type { ChatCompletionRequest, ChatTool } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { BedrockTool, BedrockToolChoice, BedrockToolConfig } from './bedrock-api.ts';
import type { BedrockPrompt } from './convert-to-bedrock-messages.ts';

/** The forced tool that carries `response_format` answers when the schema has no name (LiteLLM's name). */
export const RESPONSE_FORMAT_TOOL_NAME = 'json_tool_call';

/** What the request's tools become, and whether the answer is read as JSON mode. */
export interface BedrockPreparedTools {
  toolConfig: BedrockToolConfig | undefined;
  /** Set when `response_format` asked for JSON: the answer's call of this tool is the content. */
  jsonToolName: string | undefined;
}

const EMPTY_SCHEMA = { type: 'object', properties: {} };

function toolSpec(tool: ChatTool): BedrockTool[] {
  const spec: BedrockTool = {
    toolSpec: {
      name: tool.function.name,
      ...(tool.function.description === undefined || tool.function.description === '' ? {} : { description: tool.function.description }),
      inputSchema: { json: tool.function.parameters ?? EMPTY_SCHEMA },
    },
  };
  return tool['cache_control'] === undefined ? [spec] : [spec, { cachePoint: { type: 'default' } }];
}

function toolChoice(choice: ChatCompletionRequest['tool_choice']): BedrockToolChoice | undefined {
  if (choice === undefined || choice === 'none') return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  if (typeof choice === 'object' && typeof choice.function?.name === 'string') return { tool: { name: choice.function.name } };
  throw new GatewayError('bad_request', `litellm.BadRequestError: BedrockException - unsupported tool_choice ${JSON.stringify(choice)}`, { param: 'tool_choice' });
}

/** `response_format` json_object / json_schema → the forced tool LiteLLM uses on Bedrock. */
function responseFormatTool(request: ChatCompletionRequest): ChatTool | undefined {
  const format = request.response_format;
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_schema') {
    const schema = format.json_schema;
    return {
      type: 'function',
      function: {
        name: schema.name === '' ? RESPONSE_FORMAT_TOOL_NAME : schema.name,
        ...(schema.description === undefined ? {} : { description: schema.description }),
        parameters: schema.schema ?? { type: 'object', additionalProperties: true, properties: {} },
      },
    };
  }
  return { type: 'function', function: { name: RESPONSE_FORMAT_TOOL_NAME, parameters: { type: 'object', additionalProperties: true, properties: {} } } };
}

/**
 * Tools → `toolConfig`. `tool_choice: "none"` sends no tools; `response_format` JSON adds a
 * forced tool (not forced while thinking, which Claude forbids). Converse requires a
 * `toolConfig` whenever the history holds tool calls or results, so when the request has
 * none, one is built from the tool names the history calls (LiteLLM adds a dummy tool).
 */
export function prepareBedrockTools(request: ChatCompletionRequest, context: { prompt: BedrockPrompt; thinking: boolean }): BedrockPreparedTools {
  const declared = request.tool_choice === 'none' ? [] : (request.tools ?? []);
  const jsonTool = responseFormatTool(request);
  const tools: BedrockTool[] = [...declared, ...(jsonTool === undefined ? [] : [jsonTool])].flatMap(toolSpec);
  let choice = toolChoice(request.tool_choice);
  if (jsonTool !== undefined && !context.thinking) choice = { tool: { name: jsonTool.function.name } };
  if (tools.length === 0 && context.prompt.historyUsesTools) {
    const names = context.prompt.historyToolNames.length > 0 ? context.prompt.historyToolNames : ['dummy_tool'];
    for (const name of names) tools.push({ toolSpec: { name, description: 'This is a dummy tool call', inputSchema: { json: EMPTY_SCHEMA } } });
    choice = undefined;
  }
  if (tools.length === 0) return { toolConfig: undefined, jsonToolName: undefined };
  const toolConfig: BedrockToolConfig = { tools };
  if (choice !== undefined) toolConfig.toolChoice = choice;
  return { toolConfig, jsonToolName: jsonTool?.function.name };
}
