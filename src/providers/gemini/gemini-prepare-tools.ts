import type { ChatCompletionRequest } from '../../spec/chat.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './gemini-api.ts';
import { cleanGeminiSchema } from './clean-gemini-schema.ts';

/** `tools` and `toolConfig` of a Gemini request; either may be absent. */
export interface GeminiPreparedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

/**
 * OpenAI `tools` / `tool_choice` / `web_search_options` → Gemini: every function becomes one
 * entry of a single `functionDeclarations` tool (parameters cleaned for Gemini's schema
 * subset; an object without properties is sent without parameters, which Gemini requires);
 * `web_search_options` adds the `googleSearch` tool. `tool_choice` none / auto / required /
 * a named function → `functionCallingConfig` NONE / AUTO / ANY / ANY + allowedFunctionNames.
 */
export function prepareGeminiTools(request: ChatCompletionRequest): GeminiPreparedTools {
  const declarations = (request.tools ?? []).map((tool, index) => functionDeclaration(tool, `tools[${index}]`));
  const tools: GeminiTool[] = declarations.length > 0 ? [{ functionDeclarations: declarations }] : [];
  const search = request['web_search_options'];
  if (search !== undefined && search !== null) tools.push({ googleSearch: {} });
  const out: GeminiPreparedTools = {};
  if (tools.length > 0) out.tools = tools;
  const toolConfig = toolChoice(request.tool_choice, declarations);
  if (toolConfig !== undefined) out.toolConfig = toolConfig;
  return out;
}

function functionDeclaration(tool: unknown, param: string): GeminiFunctionDeclaration {
  if (!isRecord(tool) || tool['type'] !== 'function' || !isRecord(tool['function']) || typeof tool['function']['name'] !== 'string') {
    throw new GatewayError('bad_request', `${param}: Gemini takes function tools only ({"type": "function", "function": {"name", …}})`, { param });
  }
  const fn = tool['function'];
  const declaration: GeminiFunctionDeclaration = { name: String(fn['name']) };
  if (typeof fn['description'] === 'string' && fn['description'] !== '') declaration.description = fn['description'];
  if (isRecord(fn['parameters'])) {
    const parameters = cleanGeminiSchema(fn['parameters'], { param: `${param}.function.parameters` });
    if (!isEmptyObjectSchema(parameters)) declaration.parameters = parameters;
  }
  return declaration;
}

function isEmptyObjectSchema(schema: Record<string, unknown>): boolean {
  return (schema['type'] === undefined || schema['type'] === 'object') && schema['properties'] === undefined && schema['anyOf'] === undefined;
}

function toolChoice(choice: ChatCompletionRequest['tool_choice'], declarations: readonly GeminiFunctionDeclaration[]): GeminiToolConfig | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (isRecord(choice) && isRecord(choice['function']) && typeof choice['function']['name'] === 'string') {
    const name = choice['function']['name'];
    if (!declarations.some((d) => d.name === name)) {
      throw new GatewayError('bad_request', `tool_choice names the function "${name}", which is not in tools`, { param: 'tool_choice' });
    }
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  }
  throw new GatewayError('bad_request', 'tool_choice must be "none", "auto", "required" or {"type": "function", "function": {"name"}}', { param: 'tool_choice' });
}
