/**
 * The Invoke API of the fake Bedrock Runtime: each model family's own body, checked the way
 * Bedrock checks it (ValidationException for a wrong body), and its own answer shape.
 * Families: Anthropic Claude (Messages + `anthropic_version`), Amazon Titan text embeddings,
 * Cohere embed, Amazon Titan Image Generator / Nova Canvas, Stability.
 */
import { anthropicMessage, FAKE_PNG_BASE64, fakeVector, type FakeBedrockAnswer } from './fake-bedrock-answers.ts';
import { isJson } from './fake-bedrock-converse-rules.ts';
import type { AwsRejection } from './fake-bedrock-sigv4.ts';

/** A JSON answer of an Invoke call. */
export interface InvokeAnswer {
  body: unknown;
  headers: Record<string, string>;
}

const invalid = (message: string): AwsRejection => ({ status: 400, errorType: 'ValidationException', message });
const extraneous = (key: string): AwsRejection => invalid(`Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
const tokenHeaders = (input: number, output: number): Record<string, string> => ({
  'x-amzn-bedrock-input-token-count': String(input),
  'x-amzn-bedrock-output-token-count': String(output),
  'x-amzn-bedrock-invocation-latency': '42',
});

function onlyKeys(body: Record<string, unknown>, allowed: readonly string[]): AwsRejection | undefined {
  const key = Object.keys(body).find((name) => !allowed.includes(name));
  return key === undefined ? undefined : extraneous(key);
}

const CLAUDE_KEYS = ['anthropic_version', 'messages', 'system', 'max_tokens', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'thinking', 'anthropic_beta'];

/** A Claude Invoke body's first problem: Bedrock needs `anthropic_version` and rejects `model` / `stream`. */
export function checkClaudeBody(body: unknown): AwsRejection | undefined {
  if (!isJson(body)) return invalid('Malformed input request, please reformat your input and try again.');
  const extra = onlyKeys(body, CLAUDE_KEYS);
  if (extra !== undefined) return extra;
  if (body['anthropic_version'] !== 'bedrock-2023-05-31') return invalid('Malformed input request: #: required key [anthropic_version] not found or invalid');
  if (typeof body['max_tokens'] !== 'number') return invalid('Malformed input request: #: required key [max_tokens] not found');
  if (!Array.isArray(body['messages']) || body['messages'].length === 0) return invalid('Malformed input request: #: required key [messages] not found');
  return undefined;
}

function titanEmbedding(modelId: string, body: Record<string, unknown>): InvokeAnswer | AwsRejection {
  const v2 = modelId.includes('titan-embed-text-v2');
  const extra = onlyKeys(body, v2 ? ['inputText', 'dimensions', 'normalize', 'embeddingTypes'] : ['inputText']);
  if (extra !== undefined) return extra;
  if (typeof body['inputText'] !== 'string' || body['inputText'] === '') return invalid('Malformed input request: #/inputText: expected minLength: 1');
  const dimensions = body['dimensions'] ?? (v2 ? 1024 : 1536);
  if (v2 && ![256, 512, 1024].includes(Number(dimensions))) return invalid('Malformed input request: #/dimensions: must be one of [256, 512, 1024]');
  const tokens = Math.ceil(body['inputText'].length / 4);
  return { body: { embedding: fakeVector(body['inputText'], Number(dimensions)), inputTextTokenCount: tokens }, headers: tokenHeaders(tokens, 0) };
}

function cohereEmbedding(body: Record<string, unknown>): InvokeAnswer | AwsRejection {
  const extra = onlyKeys(body, ['texts', 'images', 'input_type', 'truncate', 'embedding_types', 'output_dimension', 'max_tokens']);
  if (extra !== undefined) return extra;
  const texts = body['texts'];
  if (!Array.isArray(texts) || texts.length === 0 || texts.length > 96 || !texts.every((t) => typeof t === 'string')) {
    return invalid('Malformed input request: #/texts: expected 1 to 96 strings');
  }
  if (!['search_document', 'search_query', 'classification', 'clustering'].includes(String(body['input_type']))) {
    return invalid('Malformed input request: #/input_type: must be one of search_document, search_query, classification, clustering');
  }
  const tokens = texts.reduce((sum: number, t: string) => sum + Math.ceil(t.length / 4), 0);
  return {
    body: { id: 'fake-cohere-embed', texts, embeddings: texts.map((t: string) => fakeVector(t, 16)), response_type: 'embeddings_floats' },
    headers: tokenHeaders(tokens, 0),
  };
}

function titanImage(body: Record<string, unknown>): InvokeAnswer | AwsRejection {
  if (body['taskType'] !== 'TEXT_IMAGE') return invalid('Malformed input request: #/taskType: TEXT_IMAGE expected');
  const params = body['textToImageParams'];
  if (!isJson(params) || typeof params['text'] !== 'string' || params['text'] === '') return invalid('Malformed input request: #/textToImageParams/text: expected minLength: 1');
  const config = isJson(body['imageGenerationConfig']) ? body['imageGenerationConfig'] : {};
  const count = Number(config['numberOfImages'] ?? 1);
  if (!Number.isInteger(count) || count < 1 || count > 5) return invalid('Malformed input request: #/imageGenerationConfig/numberOfImages: must be 1 to 5');
  return { body: { images: Array.from({ length: count }, () => FAKE_PNG_BASE64), error: null }, headers: {} };
}

function stabilityImage(body: Record<string, unknown>): InvokeAnswer | AwsRejection {
  if (typeof body['prompt'] !== 'string' || body['prompt'] === '') return invalid('Malformed input request: #: required key [prompt] not found');
  const extra = onlyKeys(body, ['prompt', 'aspect_ratio', 'mode', 'negative_prompt', 'seed', 'output_format', 'image', 'strength']);
  if (extra !== undefined) return extra;
  if (body['prompt'].includes('forbidden')) return { body: { seeds: [1], finish_reasons: ['Filter reason: prompt'], images: [] }, headers: {} };
  return { body: { seeds: [12345], finish_reasons: [null], images: [FAKE_PNG_BASE64] }, headers: {} };
}

/** The answer of a non-stream Invoke for `modelId` (cross-region prefix already removed), or Bedrock's rejection. */
export function invokeAnswer(args: { baseModel: string; modelId: string; body: unknown; answer: FakeBedrockAnswer; seq: number }): InvokeAnswer | AwsRejection {
  const { baseModel, body } = args;
  if (!isJson(body)) return invalid('Malformed input request, please reformat your input and try again.');
  if (baseModel.startsWith('anthropic.')) {
    const problem = checkClaudeBody(body);
    if (problem !== undefined) return problem;
    const message = anthropicMessage(args.answer, { request: body, model: baseModel, id: `msg_bdrk_fake${args.seq}` });
    const usage = message['usage'] as { input_tokens: number; output_tokens: number };
    return { body: message, headers: tokenHeaders(usage.input_tokens, usage.output_tokens) };
  }
  if (baseModel.startsWith('amazon.titan-embed')) return titanEmbedding(baseModel, body);
  if (baseModel.startsWith('cohere.embed')) return cohereEmbedding(body);
  if (baseModel.startsWith('amazon.titan-image') || baseModel.startsWith('amazon.nova-canvas')) return titanImage(body);
  if (baseModel.startsWith('stability.')) return stabilityImage(body);
  return { status: 400, errorType: 'ValidationException', message: `The provided model identifier is invalid: ${args.modelId}` };
}

/** A rejection rather than an answer. */
export function isRejection(value: InvokeAnswer | AwsRejection): value is AwsRejection {
  return 'errorType' in value;
}
