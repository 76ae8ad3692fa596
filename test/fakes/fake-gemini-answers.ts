/**
 * What the fake Gemini upstream says: GenerateContentResponse bodies (whole, or as the
 * events of a `streamGenerateContent?alt=sse` stream), embeddings and Imagen predictions,
 * built from a script or from the default behaviour (call the first declared function when
 * the last user text asks about the weather, otherwise say FAKE_GEMINI_TEXT).
 */

import { splitText } from './fake-anthropic-stream.ts';

type Json = Record<string, unknown>;

export const FAKE_GEMINI_TEXT = 'Hello from the fake Gemini endpoint!';
export const FAKE_GEMINI_THOUGHT = 'The user wants a greeting.';
export const FAKE_GEMINI_MODEL_VERSION = 'gemini-2.5-flash-fake-001';
export const FAKE_GEMINI_PROMPT_TOKENS = 11;
export const FAKE_GEMINI_CANDIDATE_TOKENS = 7;
export const FAKE_GEMINI_THOUGHT_TOKENS = 5;
export const FAKE_GEMINI_DIMENSIONS = 8;
/** 1×1 transparent PNG. */
export const FAKE_IMAGE_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A function call the model makes. */
export interface FakeGeminiCall {
  name: string;
  args: Json;
  thoughtSignature?: string;
}

/** What one candidate says. */
export interface FakeGeminiCandidate {
  text?: string;
  thought?: string;
  calls?: FakeGeminiCall[];
  finishReason?: string;
}

/** What the next answer says: candidates (default: one per candidateCount), usage, a blocked prompt. */
export interface FakeGeminiScript {
  candidates?: FakeGeminiCandidate[];
  blockReason?: string;
  cachedTokens?: number;
}

/** The default behaviour for a request body. */
export function defaultGeminiScript(body: Json): FakeGeminiScript {
  const count = typeof (body['generationConfig'] as Json | undefined)?.['candidateCount'] === 'number' ? Number((body['generationConfig'] as Json)['candidateCount']) : 1;
  const declarations = firstDeclarations(body['tools']);
  const asksWeather = /weather/i.test(lastUserText(body['contents']));
  const mode = ((body['toolConfig'] as Json | undefined)?.['functionCallingConfig'] as Json | undefined)?.['mode'];
  const thinking = ((body['generationConfig'] as Json | undefined)?.['thinkingConfig'] as Json | undefined)?.['includeThoughts'] === true;
  const candidate: FakeGeminiCandidate =
    declarations.length > 0 && mode !== 'NONE' && (asksWeather || mode === 'ANY')
      ? { calls: [{ name: declarations[0] ?? 'f', args: { location: 'Paris' }, thoughtSignature: 'c2lnbmF0dXJl' }] }
      : { text: FAKE_GEMINI_TEXT, ...(thinking ? { thought: FAKE_GEMINI_THOUGHT } : {}) };
  return { candidates: Array.from({ length: count }, () => candidate) };
}

function firstDeclarations(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool: Json) => (Array.isArray(tool['functionDeclarations']) ? (tool['functionDeclarations'] as Json[]).map((d) => String(d['name'])) : []));
}

function lastUserText(contents: unknown): string {
  if (!Array.isArray(contents)) return '';
  const user = (contents as Json[]).filter((c) => c['role'] === 'user').at(-1);
  const parts = Array.isArray(user?.['parts']) ? (user['parts'] as Json[]) : [];
  return parts.map((p) => (typeof p['text'] === 'string' ? p['text'] : '')).join(' ');
}

function parts(candidate: FakeGeminiCandidate): Json[] {
  const out: Json[] = [];
  if (candidate.thought !== undefined) out.push({ text: candidate.thought, thought: true });
  if (candidate.text !== undefined) out.push({ text: candidate.text });
  for (const call of candidate.calls ?? []) {
    out.push({ functionCall: { name: call.name, args: call.args }, ...(call.thoughtSignature === undefined ? {} : { thoughtSignature: call.thoughtSignature }) });
  }
  return out;
}

function usage(script: FakeGeminiScript): Json {
  const thoughts = (script.candidates ?? []).some((c) => c.thought !== undefined);
  const completion = FAKE_GEMINI_CANDIDATE_TOKENS * Math.max(1, script.candidates?.length ?? 1);
  const total = FAKE_GEMINI_PROMPT_TOKENS + completion + (thoughts ? FAKE_GEMINI_THOUGHT_TOKENS : 0);
  return {
    promptTokenCount: FAKE_GEMINI_PROMPT_TOKENS,
    candidatesTokenCount: completion,
    totalTokenCount: total,
    ...(thoughts ? { thoughtsTokenCount: FAKE_GEMINI_THOUGHT_TOKENS } : {}),
    ...(script.cachedTokens === undefined ? {} : { cachedContentTokenCount: script.cachedTokens }),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: FAKE_GEMINI_PROMPT_TOKENS }],
  };
}

/** The whole answer of `:generateContent`. */
export function wholeGeminiAnswer(script: FakeGeminiScript, responseId: string): Json {
  if (script.blockReason !== undefined) {
    return { promptFeedback: { blockReason: script.blockReason }, usageMetadata: { promptTokenCount: FAKE_GEMINI_PROMPT_TOKENS, totalTokenCount: FAKE_GEMINI_PROMPT_TOKENS }, modelVersion: FAKE_GEMINI_MODEL_VERSION, responseId };
  }
  return {
    candidates: (script.candidates ?? []).map((candidate, index) => ({
      content: { role: 'model', parts: parts(candidate) },
      finishReason: candidate.finishReason ?? 'STOP',
      index,
    })),
    usageMetadata: usage(script),
    modelVersion: FAKE_GEMINI_MODEL_VERSION,
    responseId,
  };
}

/**
 * The events of `:streamGenerateContent?alt=sse`: the first candidate's text in `pieces`
 * pieces (thoughts first, whole), function calls whole in one event, and a last event with
 * the finish reasons and the full usage. Every event carries usage so far, as Gemini does.
 */
export function geminiStreamEvents(script: FakeGeminiScript, args: { responseId: string; pieces: number }): Json[] {
  if (script.blockReason !== undefined) return [wholeGeminiAnswer(script, args.responseId)];
  const head = { modelVersion: FAKE_GEMINI_MODEL_VERSION, responseId: args.responseId };
  const partial = { promptTokenCount: FAKE_GEMINI_PROMPT_TOKENS, totalTokenCount: FAKE_GEMINI_PROMPT_TOKENS };
  const events: Json[] = [];
  const candidates = script.candidates ?? [];
  for (const [index, candidate] of candidates.entries()) {
    if (candidate.thought !== undefined) events.push({ ...head, candidates: [{ content: { role: 'model', parts: [{ text: candidate.thought, thought: true }] }, index }], usageMetadata: partial });
    for (const piece of splitText(candidate.text ?? '', args.pieces)) {
      events.push({ ...head, candidates: [{ content: { role: 'model', parts: [{ text: piece }] }, index }], usageMetadata: partial });
    }
    if ((candidate.calls ?? []).length > 0) {
      events.push({ ...head, candidates: [{ content: { role: 'model', parts: parts({ calls: candidate.calls ?? [] }) }, index }], usageMetadata: partial });
    }
  }
  events.push({
    ...head,
    candidates: candidates.map((candidate, index) => ({ content: { role: 'model', parts: [{ text: '' }] }, finishReason: candidate.finishReason ?? 'STOP', index })),
    usageMetadata: usage(script),
  });
  return events;
}

/** A deterministic vector for a text: the same text always embeds the same way. */
export function fakeVector(text: string, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, i) => Math.round(Math.sin(text.length + i) * 1000) / 1000);
}

/** `:batchEmbedContents` answer for a body. */
export function batchEmbedAnswer(body: Json): Json {
  const requests = Array.isArray(body['requests']) ? (body['requests'] as Json[]) : [];
  return {
    embeddings: requests.map((request) => {
      const text = String((((request['content'] as Json | undefined)?.['parts'] as Json[] | undefined)?.[0])?.['text'] ?? '');
      const dims = typeof request['outputDimensionality'] === 'number' ? request['outputDimensionality'] : FAKE_GEMINI_DIMENSIONS;
      return { values: fakeVector(text, dims) };
    }),
  };
}

/** Vertex `:predict` answer of a text-embedding model for a body. */
export function vertexEmbedAnswer(body: Json): Json {
  const instances = Array.isArray(body['instances']) ? (body['instances'] as Json[]) : [];
  const dims = typeof (body['parameters'] as Json | undefined)?.['outputDimensionality'] === 'number' ? Number((body['parameters'] as Json)['outputDimensionality']) : FAKE_GEMINI_DIMENSIONS;
  return {
    predictions: instances.map((instance) => {
      const text = String(instance['content'] ?? '');
      return { embeddings: { values: fakeVector(text, dims), statistics: { truncated: false, token_count: text.split(/\s+/).filter(Boolean).length } } };
    }),
    metadata: { billableCharacterCount: instances.reduce((sum, i) => sum + String(i['content'] ?? '').length, 0) },
  };
}

/** Vertex `:predict` answer of an Imagen model: `sampleCount` PNGs. */
export function imagenAnswer(body: Json): Json {
  const count = typeof (body['parameters'] as Json | undefined)?.['sampleCount'] === 'number' ? Number((body['parameters'] as Json)['sampleCount']) : 1;
  return { predictions: Array.from({ length: count }, () => ({ bytesBase64Encoded: FAKE_IMAGE_BASE64, mimeType: 'image/png' })) };
}
