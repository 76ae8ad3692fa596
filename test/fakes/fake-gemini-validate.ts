/**
 * Request checks of the fake Gemini upstream, as the real API rejects bodies (400
 * INVALID_ARGUMENT): unknown top-level or generationConfig fields, empty contents, roles
 * other than user/model, parts without exactly one data field, a function response that
 * does not follow a function call, schema keywords Gemini does not know
 * (`additionalProperties`, `$schema`, `$ref`, …), more than 5 stop sequences.
 */

type Json = Record<string, unknown>;

const TOP_LEVEL = new Set(['contents', 'systemInstruction', 'generationConfig', 'tools', 'toolConfig', 'safetySettings', 'labels', 'cachedContent']);
const GENERATION_CONFIG = new Set([
  'temperature', 'topP', 'topK', 'maxOutputTokens', 'stopSequences', 'candidateCount', 'seed', 'presencePenalty', 'frequencyPenalty',
  'responseMimeType', 'responseSchema', 'responseJsonSchema', 'responseLogprobs', 'logprobs', 'thinkingConfig', 'responseModalities',
]);
const PART_DATA = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'];
const SCHEMA_FIELDS = new Set([
  'type', 'format', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'minProperties', 'maxProperties',
  'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum', 'title',
]);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of Gemini's 400 for `body`, or undefined when the body is acceptable. */
export function validateGeminiRequest(body: unknown, options: { vertex: boolean }): string | undefined {
  if (!isRecord(body)) return 'Invalid JSON payload received.';
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key) || (key === 'labels' && !options.vertex)) return `Invalid JSON payload received. Unknown name "${key}": Cannot find field.`;
  }
  const contents = body['contents'];
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  let previousCalls = 0;
  for (const [i, content] of contents.entries()) {
    if (!isRecord(content) || !Array.isArray(content['parts']) || content['parts'].length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
    if (content['role'] !== 'user' && content['role'] !== 'model') return `Please use a valid role: user, model.`;
    for (const [j, part] of content['parts'].entries()) {
      const problem = checkPart(part, `contents[${i}].parts[${j}]`);
      if (problem !== undefined) return problem;
    }
    const parts = content['parts'] as Json[];
    const responses = parts.filter((part) => part['functionResponse'] !== undefined).length;
    if (responses > 0 && (content['role'] !== 'user' || responses !== previousCalls)) {
      return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
    }
    previousCalls = parts.filter((part) => part['functionCall'] !== undefined).length;
  }
  return checkGenerationConfig(body['generationConfig']) ?? checkTools(body['tools']);
}

function checkPart(part: unknown, where: string): string | undefined {
  if (!isRecord(part)) return `* GenerateContentRequest.${where}: must be an object`;
  const data = PART_DATA.filter((field) => part[field] !== undefined);
  if (data.length !== 1) return `* GenerateContentRequest.${where}.data: required oneof field 'data' must have one initialized field`;
  const inline = part['inlineData'];
  if (inline !== undefined && (!isRecord(inline) || typeof inline['mimeType'] !== 'string' || typeof inline['data'] !== 'string' || inline['data'].startsWith('data:'))) {
    return `* GenerateContentRequest.${where}.inline_data: Base64 decoding failed`;
  }
  const file = part['fileData'];
  if (file !== undefined && (!isRecord(file) || typeof file['fileUri'] !== 'string')) return `* GenerateContentRequest.${where}.file_data.file_uri: required`;
  const call = part['functionCall'];
  if (call !== undefined && (!isRecord(call) || typeof call['name'] !== 'string' || (call['args'] !== undefined && !isRecord(call['args'])))) {
    return `* GenerateContentRequest.${where}.function_call: invalid`;
  }
  const response = part['functionResponse'];
  if (response !== undefined && (!isRecord(response) || typeof response['name'] !== 'string' || !isRecord(response['response']))) {
    return `* GenerateContentRequest.${where}.function_response.response: must be a JSON object`;
  }
  return undefined;
}

function checkGenerationConfig(config: unknown): string | undefined {
  if (config === undefined) return undefined;
  if (!isRecord(config)) return 'Invalid JSON payload received. generationConfig must be an object.';
  for (const key of Object.keys(config)) {
    if (!GENERATION_CONFIG.has(key)) return `Invalid JSON payload received. Unknown name "${key}" at 'generation_config': Cannot find field.`;
  }
  const stops = config['stopSequences'];
  if (Array.isArray(stops) && stops.length > 5) return '* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences are allowed';
  return isRecord(config['responseSchema']) ? checkSchema(config['responseSchema'], 'generation_config.response_schema') : undefined;
}

function checkTools(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return 'Invalid JSON payload received. tools must be a list.';
  for (const [i, tool] of tools.entries()) {
    if (!isRecord(tool)) return `* GenerateContentRequest.tools[${i}]: must be an object`;
    const declarations = tool['functionDeclarations'];
    if (declarations === undefined) continue;
    if (!Array.isArray(declarations)) return `* GenerateContentRequest.tools[${i}].function_declarations: must be a list`;
    for (const [j, declaration] of declarations.entries()) {
      if (!isRecord(declaration) || typeof declaration['name'] !== 'string') return `* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: required`;
      const parameters = declaration['parameters'];
      if (parameters === undefined) continue;
      if (!isRecord(parameters)) return `* GenerateContentRequest.tools[${i}].function_declarations[${j}].parameters: must be an object`;
      const where = `tools[${i}].function_declarations[${j}].parameters`;
      if (parameters['type'] === 'object' && !isRecord(parameters['properties'])) return `* GenerateContentRequest.${where}.properties: should be non-empty for OBJECT type`;
      const problem = checkSchema(parameters, where);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function checkSchema(schema: Json, where: string): string | undefined {
  for (const [key, value] of Object.entries(schema)) {
    if (!SCHEMA_FIELDS.has(key)) return `Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`;
    if (key === 'properties' && isRecord(value)) {
      for (const [name, property] of Object.entries(value)) {
        if (!isRecord(property)) continue;
        const problem = checkSchema(property, `${where}.properties[${name}].value`);
        if (problem !== undefined) return problem;
      }
    }
    if (key === 'items' && isRecord(value)) {
      const problem = checkSchema(value, `${where}.items`);
      if (problem !== undefined) return problem;
    }
    if (key === 'anyOf' && Array.isArray(value)) {
      for (const [i, option] of value.entries()) {
        if (!isRecord(option)) continue;
        const problem = checkSchema(option, `${where}.any_of[${i}]`);
        if (problem !== undefined) return problem;
      }
    }
  }
  return undefined;
}
