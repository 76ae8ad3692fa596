/**
 * Builds the answer the fake OpenAI upstream gives to a routed request when no fault is
 * queued: a JSON body (or a 400 for a malformed or incomplete body), or a stream plan.
 */
import type { ChatResponseHandler, RecordedRequest } from './fake-openai.ts';
import { malformedJsonError, missingParameterError } from './fake-openai-errors.ts';
import { buildEmbeddingResponse } from './fake-openai-embeddings.ts';
import type { FakeAnswer } from './fake-openai-faults.ts';
import { buildImageResponse } from './fake-openai-images.ts';
import {
  parseChatRequest,
  parseCompletionRequest,
  parseEmbeddingRequest,
  parseImageRequest,
  type ParsedRequest,
} from './fake-openai-requests.ts';
import { buildChatCompletion, buildCompletion, buildModelList, planChatAnswer, type AnswerContext } from './fake-openai-responses.ts';
import type { FakeRoute } from './fake-openai-routes.ts';
import { buildChatStream, buildCompletionStream } from './fake-openai-stream.ts';

/** Inputs of {@link buildFakeAnswer}. */
export interface FakeAnswerInput {
  route: FakeRoute;
  recorded: RecordedRequest;
  /** Sequence number of this request (ids derive from it). */
  seq: number;
  /** Model name to report instead of the request's (Azure deployments). */
  model: string | undefined;
  azure: boolean;
  /** Chunks a streamed answer's content is split into. */
  pieces: number;
  handler: ChatResponseHandler | undefined;
}

function ok(body: unknown): FakeAnswer {
  return { kind: 'json', status: 200, body };
}

type Validated<T> = { ok: true; request: T } | { ok: false; answer: FakeAnswer };

/** The validated request, or a 400 answer for a malformed or incomplete body. */
function validate<T>(input: FakeAnswerInput, parse: (body: unknown) => ParsedRequest<T>): Validated<T> {
  const { body } = input.recorded;
  if (typeof body === 'string') return { ok: false, answer: { kind: 'json', status: 400, body: malformedJsonError() } };
  const parsed = parse(body);
  if (parsed.ok) return parsed;
  return { ok: false, answer: { kind: 'json', status: 400, body: missingParameterError(parsed.missing) } };
}

function contextFor(input: FakeAnswerInput, requestModel: string): AnswerContext {
  return { seq: input.seq, model: input.model ?? requestModel, azure: input.azure };
}

function chatAnswer(input: FakeAnswerInput): FakeAnswer {
  const validated = validate(input, parseChatRequest);
  if (!validated.ok) return validated.answer;
  const { request } = validated;
  const context = contextFor(input, request.model);
  const plan = planChatAnswer(request, input.seq);
  if (request.stream === true) return { kind: 'stream', plan: buildChatStream(request, plan, { context, pieces: input.pieces }) };
  return ok(input.handler?.(input.recorded) ?? buildChatCompletion(plan, context));
}

function completionAnswer(input: FakeAnswerInput): FakeAnswer {
  const validated = validate(input, parseCompletionRequest);
  if (!validated.ok) return validated.answer;
  const { request } = validated;
  const context = contextFor(input, request.model);
  if (request.stream === true) return { kind: 'stream', plan: buildCompletionStream(request, { context, pieces: input.pieces }) };
  return ok(buildCompletion(request, context));
}

function embeddingAnswer(input: FakeAnswerInput): FakeAnswer {
  const validated = validate(input, parseEmbeddingRequest);
  if (!validated.ok) return validated.answer;
  const { request } = validated;
  return ok(buildEmbeddingResponse(request, input.model ?? request.model));
}

function imageAnswer(input: FakeAnswerInput): FakeAnswer {
  const validated = validate(input, parseImageRequest);
  if (!validated.ok) return validated.answer;
  const { request } = validated;
  return ok(buildImageResponse(request));
}

/** The normal answer to a routed request. */
export function buildFakeAnswer(input: FakeAnswerInput): FakeAnswer {
  switch (input.route.operation) {
    case 'chat':
      return chatAnswer(input);
    case 'completion':
      return completionAnswer(input);
    case 'embedding':
      return embeddingAnswer(input);
    case 'image':
      return imageAnswer(input);
    case 'models':
      return ok(buildModelList());
    default:
      return input.route.operation satisfies never;
  }
}
