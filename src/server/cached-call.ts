import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CallCost } from '../accounting/call-cost.ts';
import { formatResponseCost } from '../accounting/format-response-cost.ts';
import { answerOfStream, replayChunks } from '../cache/cached-stream.ts';
import type { CachePlan, ResponseCache } from '../cache/response-cache.ts';
import type { Deployment } from '../spec/deployment.ts';
import { buildCallEvent } from './build-call-event.ts';
import { emitCallComplete } from './call-events.ts';
import type { StreamChunk } from './chunk-for-client.ts';
import { executeCall, type CallDeps, type ExecuteCallOptions } from './execute-call.ts';
import type { PreparedRequest } from './prepare-request.ts';
import { SWITCHYARD_VERSION } from './version.ts';
import { SSE_HEADERS, writeSse } from './write-sse.ts';

type Json = Record<string, unknown>;

export interface CachedCallOptions<T> extends ExecuteCallOptions<T> {
  responseCache: ResponseCache;
  plan: CachePlan;
}

/**
 * A call the response cache applies to: answered from the cache on a hit (JSON, or replayed
 * as a stream), else routed upstream with its answer stored — a stream's only when it
 * completed. Embeddings are looked up per input: only the missing inputs go upstream.
 */
export async function executeCachedCall<T extends StreamChunk>(options: CachedCallOptions<T>): Promise<void> {
  const { responseCache: cache, plan, request } = options;
  const found = plan.read ? await cache.read(plan) : plan.keys.map(() => undefined);
  const save = (answers: readonly unknown[]): void => {
    cache.write(plan, answers).catch((error: unknown) => request.log.warn({ err: error }, 'response cache write failed'));
  };
  if (plan.call === 'embedding') return embeddingsCall({ ...options, found, save });
  const key = plan.keys[0] ?? '';
  const hit = found[0];
  if (isAnswer(hit)) return answerFromCache({ ...options, key, answer: hit });
  await executeCall({
    ...options,
    cache: {
      key,
      answered: (body) => {
        save([body]);
        return body;
      },
      streamed: (response) => save([answerOfStream(plan.call, response, Date.now() / 1000)]),
    },
  });
}

/** Embeddings: cached inputs from the cache, the rest from upstream, merged back in input order. */
async function embeddingsCall<T extends StreamChunk>(options: CachedCallOptions<T> & { found: readonly unknown[]; save: (answers: readonly unknown[]) => void }): Promise<void> {
  const { prepared, plan } = options;
  const input = prepared.body['input'];
  const inputs: readonly unknown[] = Array.isArray(input) && input.length > 0 ? input : [input];
  const cached = options.found.map(embeddingOf);
  const key = plan.keys.join(',');
  const missing = inputs.flatMap((_, i) => (cached[i] === undefined ? [i] : []));
  if (missing.length === 0) {
    const model = (options.found[0] as Json | undefined)?.['model'] ?? prepared.model;
    const answer = { object: 'list', data: cached.map((embedding, index) => ({ object: 'embedding', index, embedding })), model, usage: { prompt_tokens: 0, total_tokens: 0 } };
    return answerFromCache({ ...options, key, answer });
  }
  const upstream: PreparedRequest = missing.length === inputs.length ? prepared : { ...prepared, body: { ...prepared.body, input: missing.map((i) => inputs[i]) } };
  await executeCall({
    ...options,
    prepared: upstream,
    cache: {
      key,
      answered: (body) => {
        const data = (body as Json | null)?.['data'];
        if (!Array.isArray(data) || data.length !== missing.length) return body;
        const fresh = [...(data as Json[])].sort((a, b) => Number(a['index']) - Number(b['index']));
        const model = (body as Json)['model'];
        const merged = [...cached];
        const toStore: unknown[] = inputs.map(() => undefined);
        missing.forEach((inputIndex, k) => {
          merged[inputIndex] = fresh[k]?.['embedding'];
          toStore[inputIndex] = { embedding: fresh[k]?.['embedding'], index: inputIndex, object: 'embedding', model };
        });
        options.save(toStore);
        return { ...(body as Json), data: merged.map((embedding, index) => ({ object: 'embedding', index, embedding })) };
      },
      streamed: () => undefined,
    },
  });
}

/** A whole cached chat / text completion: an object with choices. */
function isAnswer(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && Array.isArray((value as Json)['choices']);
}

/** The vector of a cached embedding item (LiteLLM's `CachedEmbedding`), or undefined. */
function embeddingOf(value: unknown): unknown {
  const embedding = typeof value === 'object' && value !== null ? (value as Json)['embedding'] : undefined;
  return Array.isArray(embedding) || typeof embedding === 'string' ? embedding : undefined;
}

/** Cost of an answer from the cache. */
const FREE: CallCost = { cost: 0, priced: true, source: 'cache-hit', pricedModel: '' };

/**
 * Answers from the cache: the JSON answer, or its replay as SSE chunks for a stream, with
 * `x-litellm-cache-key` and a cost of 0; then the call-complete event marks the hit. The
 * deployment named is the group's first (LiteLLM picks one before its cache lookup).
 */
async function answerFromCache(args: { request: FastifyRequest; reply: FastifyReply; deps: CallDeps; prepared: PreparedRequest; plan: CachePlan; key: string; answer: Json }): Promise<void> {
  const { request, reply, deps, prepared, answer } = args;
  const deployment: Deployment | undefined = deps.router.groups.resolve(prepared.model)?.deployments[0];
  const elapsedMs = (performance.now() - request.startedAt).toFixed(3);
  const headers: Record<string, string> = {
    'x-litellm-cache-key': args.key,
    'x-litellm-response-cost': formatResponseCost(0),
    'x-litellm-model-group': prepared.model,
    ...(deployment === undefined ? {} : { 'x-litellm-model-id': deployment.id }),
    'x-litellm-response-duration-ms': elapsedMs,
    'x-litellm-overhead-duration-ms': elapsedMs,
    'x-litellm-version': SWITCHYARD_VERSION,
  };
  if (prepared.stream && args.plan.call !== 'embedding') {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SSE_HEADERS, 'x-litellm-call-id': String(request.id), ...headers });
    let open = true;
    for (const chunk of replayChunks(args.plan.call, answer, prepared.wantsUsage)) {
      open = await writeSse(res, JSON.stringify(chunk));
      if (!open) break;
    }
    if (open) await writeSse(res, '[DONE]');
    res.end();
  } else {
    reply.headers(headers);
    await reply.send(answer);
  }
  const event = buildCallEvent({ request, config: deps.config, prepared, deployment, usage: answer['usage'], response: answer, cacheHit: true, cacheKey: args.key });
  emitCallComplete({ ...event, cost: { ...FREE, pricedModel: deployment?.providerModel ?? prepared.model } }, (error) => request.log.warn({ err: error }, 'call-complete listener failed'));
}
