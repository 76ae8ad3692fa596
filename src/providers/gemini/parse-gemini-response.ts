import { invalidResponse } from '../../provider-kit/post-to-api.ts';
import { isRecord } from '../../provider-kit/shape-guards.ts';
import type { GeminiResponse } from './gemini-api.ts';

/**
 * Checks that a 2xx body (or one stream event) is a GenerateContentResponse in the fields the
 * gateway reads — candidates, their parts, usage — and returns it typed. Anything else is the
 * upstream not speaking the protocol: a 502, never a crash further down.
 */
export function parseGeminiResponse(value: unknown, providerName: string): GeminiResponse {
  const fail = (detail: string): never => {
    throw invalidResponse(providerName, detail);
  };
  if (!isRecord(value)) return fail('the answer is not a JSON object');
  const candidates = value['candidates'];
  if (candidates !== undefined) {
    if (!Array.isArray(candidates)) return fail('candidates is not an array');
    candidates.forEach((candidate: unknown, index) => checkCandidate(candidate, `candidates[${index}]`, fail));
  }
  for (const field of ['usageMetadata', 'promptFeedback'] as const) {
    if (value[field] !== undefined && !isRecord(value[field])) fail(`${field} is not an object`);
  }
  if (isRecord(value['usageMetadata'])) {
    for (const [name, count] of Object.entries(value['usageMetadata'])) {
      if (name.endsWith('Count') && typeof count !== 'number') fail(`usageMetadata.${name} is not a number`);
    }
  }
  return value as GeminiResponse;
}

function checkCandidate(candidate: unknown, where: string, fail: (detail: string) => never): void {
  if (!isRecord(candidate)) fail(`${where} is not an object`);
  const c = candidate as Record<string, unknown>;
  if (c['finishReason'] !== undefined && typeof c['finishReason'] !== 'string') fail(`${where}.finishReason is not a string`);
  if (c['index'] !== undefined && typeof c['index'] !== 'number') fail(`${where}.index is not a number`);
  const content = c['content'];
  if (content === undefined) return;
  if (!isRecord(content)) fail(`${where}.content is not an object`);
  const parts = (content as Record<string, unknown>)['parts'];
  if (parts === undefined) return;
  if (!Array.isArray(parts)) fail(`${where}.content.parts is not an array`);
  (parts as unknown[]).forEach((part, index) => checkPart(part, `${where}.content.parts[${index}]`, fail));
}

function checkPart(part: unknown, where: string, fail: (detail: string) => never): void {
  if (!isRecord(part)) fail(`${where} is not an object`);
  const p = part as Record<string, unknown>;
  if (p['text'] !== undefined && typeof p['text'] !== 'string') fail(`${where}.text is not a string`);
  if (p['thoughtSignature'] !== undefined && typeof p['thoughtSignature'] !== 'string') fail(`${where}.thoughtSignature is not a string`);
  const call = p['functionCall'];
  if (call === undefined) return;
  if (!isRecord(call) || typeof call['name'] !== 'string') fail(`${where}.functionCall has no name`);
  const args = (call as Record<string, unknown>)['args'];
  if (args !== undefined && args !== null && !isRecord(args)) fail(`${where}.functionCall.args is not an object`);
}
