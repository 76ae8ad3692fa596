/**
 * The request rules of Bedrock Converse that the fake enforces, with Bedrock's own
 * ValidationException messages: roles alternate starting with user, no empty content and no
 * blank text, tool blocks only where they belong, `toolConfig` whenever the history holds
 * tool blocks, known inferenceConfig keys, known image/document formats.
 */
import type { AwsRejection } from './fake-bedrock-sigv4.ts';

type Json = Record<string, unknown>;

const TOP_LEVEL_KEYS = new Set([
  'messages', 'system', 'inferenceConfig', 'toolConfig', 'guardrailConfig', 'additionalModelRequestFields', 'promptVariables',
  'additionalModelResponseFieldPaths', 'requestMetadata', 'performanceConfig', 'serviceTier', 'outputConfig',
]);
const INFERENCE_KEYS = new Set(['maxTokens', 'temperature', 'topP', 'stopSequences']);
const BLOCK_KINDS = ['text', 'image', 'document', 'video', 'toolUse', 'toolResult', 'guardContent', 'cachePoint', 'reasoningContent', 'citationsContent'];
const IMAGE_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);
const DOCUMENT_FORMATS = new Set(['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = (message: string): AwsRejection => ({ status: 400, errorType: 'ValidationException', message });

/** The first rule a Converse body breaks, or undefined when Bedrock would take it. */
export function checkConverseBody(body: unknown): AwsRejection | undefined {
  if (!isJson(body)) return invalid('Malformed input request, please reformat your input and try again.');
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL_KEYS.has(key)) return invalid(`Malformed input request: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
  }
  return checkMessages(body['messages']) ?? checkSystem(body['system']) ?? checkInference(body['inferenceConfig']) ?? checkTools(body);
}

function checkMessages(messages: unknown): AwsRejection | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  let previous: unknown;
  for (const [i, message] of messages.entries()) {
    if (!isJson(message) || (message['role'] !== 'user' && message['role'] !== 'assistant')) return invalid(`Malformed input request: messages.${i}.role must be user or assistant.`);
    if (i === 0 && message['role'] !== 'user') return invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
    if (message['role'] === previous) return invalid('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    previous = message['role'];
    const content = message['content'];
    if (!Array.isArray(content) || content.length === 0) return invalid(`The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`);
    for (const [j, block] of content.entries()) {
      const problem = checkBlock(block, { where: `messages.${i}.content.${j}`, role: String(message['role']) });
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function checkBlock(block: unknown, at: { where: string; role: string }): AwsRejection | undefined {
  if (!isJson(block)) return invalid(`Malformed input request: ${at.where} must be an object.`);
  const kinds = Object.keys(block).filter((key) => BLOCK_KINDS.includes(key));
  if (kinds.length !== 1 || Object.keys(block).length !== 1) return invalid(`Malformed input request: ${at.where} must set exactly one content type, found [${Object.keys(block).join(', ')}].`);
  const kind = kinds[0] ?? '';
  const value = block[kind];
  switch (kind) {
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? undefined : invalid(`The text field in the ContentBlock object at ${at.where} is blank. Add text to the text field, and try again.`);
    case 'image':
      return checkMedia(value, { where: at.where, formats: IMAGE_FORMATS, kind: 'image' });
    case 'document':
      if (!isJson(value) || typeof value['name'] !== 'string' || value['name'] === '') return invalid(`The document name at ${at.where} is missing.`);
      return checkMedia(value, { where: at.where, formats: DOCUMENT_FORMATS, kind: 'document' });
    case 'toolUse':
      if (at.role !== 'assistant') return invalid(`toolUse blocks are only allowed in assistant messages (${at.where}).`);
      return isJson(value) && typeof value['toolUseId'] === 'string' && typeof value['name'] === 'string' && isJson(value['input']) ? undefined : invalid(`Malformed toolUse block at ${at.where}.`);
    case 'toolResult':
      if (at.role !== 'user') return invalid(`toolResult blocks are only allowed in user messages (${at.where}).`);
      return checkToolResult(value, at.where);
    case 'reasoningContent':
      return at.role === 'assistant' ? undefined : invalid(`reasoningContent blocks are only allowed in assistant messages (${at.where}).`);
    default:
      return undefined;
  }
}

function checkToolResult(value: unknown, where: string): AwsRejection | undefined {
  if (!isJson(value) || typeof value['toolUseId'] !== 'string' || !Array.isArray(value['content'])) return invalid(`Malformed toolResult block at ${where}.`);
  for (const [k, part] of value['content'].entries()) {
    if (!isJson(part) || Object.keys(part).length !== 1) return invalid(`Malformed toolResult content at ${where}.content.${k}.`);
    if ('text' in part && (typeof part['text'] !== 'string' || part['text'].trim() === '')) return invalid(`The text field in the ToolResultContentBlock object at ${where}.content.${k} is blank. Add text to the text field, and try again.`);
    if ('image' in part) {
      const problem = checkMedia(part['image'], { where: `${where}.content.${k}`, formats: IMAGE_FORMATS, kind: 'image' });
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function checkMedia(value: unknown, at: { where: string; formats: ReadonlySet<string>; kind: string }): AwsRejection | undefined {
  if (!isJson(value) || typeof value['format'] !== 'string' || !at.formats.has(value['format'])) {
    return invalid(`The ${at.kind} format at ${at.where} is not supported. Supported formats: ${[...at.formats].join(', ')}.`);
  }
  const source = value['source'];
  if (!isJson(source) || typeof source['bytes'] !== 'string' || source['bytes'] === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(source['bytes'])) {
    return invalid(`Malformed input request: ${at.where}.${at.kind}.source.bytes must be base64.`);
  }
  return undefined;
}

function checkSystem(system: unknown): AwsRejection | undefined {
  if (system === undefined) return undefined;
  if (!Array.isArray(system)) return invalid('Malformed input request: system must be a list.');
  for (const [i, block] of system.entries()) {
    if (!isJson(block)) return invalid(`Malformed input request: system.${i} must be an object.`);
    if ('text' in block && (typeof block['text'] !== 'string' || block['text'].trim() === '')) return invalid(`The text field in the SystemContentBlock object at system.${i} is blank. Add text to the text field, and try again.`);
  }
  return undefined;
}

function checkInference(config: unknown): AwsRejection | undefined {
  if (config === undefined) return undefined;
  if (!isJson(config)) return invalid('Malformed input request: inferenceConfig must be an object.');
  for (const key of Object.keys(config)) {
    if (!INFERENCE_KEYS.has(key)) return invalid(`Malformed input request: extraneous key [${key}] is not permitted in inferenceConfig.`);
  }
  const max = config['maxTokens'];
  if (max !== undefined && (!Number.isInteger(max) || Number(max) < 1)) return invalid('The maximum tokens you requested must be at least 1.');
  for (const key of ['temperature', 'topP']) {
    const value = config[key];
    if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1)) return invalid(`${key} must be between 0 and 1.`);
  }
  const stops = config['stopSequences'];
  if (stops !== undefined && (!Array.isArray(stops) || stops.length > 4 || stops.some((s) => typeof s !== 'string' || s === ''))) return invalid('stopSequences must be at most 4 non-empty strings.');
  return undefined;
}

function checkTools(body: Json): AwsRejection | undefined {
  const config = body['toolConfig'];
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  const usesTools = messages.some((m) => isJson(m) && Array.isArray(m['content']) && m['content'].some((b) => isJson(b) && ('toolUse' in b || 'toolResult' in b)));
  if (config === undefined) return usesTools ? invalid('The toolConfig field must be defined when using toolUse and toolResult content blocks.') : undefined;
  if (!isJson(config) || !Array.isArray(config['tools']) || config['tools'].length === 0) return invalid('The toolConfig field must contain at least one tool.');
  for (const [i, tool] of config['tools'].entries()) {
    if (isJson(tool) && 'cachePoint' in tool) continue;
    const spec = isJson(tool) ? tool['toolSpec'] : undefined;
    if (!isJson(spec) || typeof spec['name'] !== 'string' || !TOOL_NAME.test(spec['name'])) return invalid(`Malformed input request: toolConfig.tools.${i}.toolSpec.name must match ${TOOL_NAME.source}.`);
    const schema = spec['inputSchema'];
    if (!isJson(schema) || !isJson(schema['json'])) return invalid(`Malformed input request: toolConfig.tools.${i}.toolSpec.inputSchema.json must be a JSON object.`);
  }
  const choice = config['toolChoice'];
  if (choice !== undefined && (!isJson(choice) || Object.keys(choice).length !== 1 || !['auto', 'any', 'tool'].includes(Object.keys(choice)[0] ?? ''))) {
    return invalid('Malformed input request: toolConfig.toolChoice must be one of auto, any, tool.');
  }
  return undefined;
}
