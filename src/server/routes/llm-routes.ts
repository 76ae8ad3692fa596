import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { Completion, CompletionRequest } from '../../spec/completion.ts';
import type { EmbeddingRequest } from '../../spec/embedding.ts';
import type { ImageGenerationRequest } from '../../spec/image.ts';
import type { CallContext, CallType, ProviderResult, ProviderStream } from '../../spec/provider.ts';
import type { Caller } from '../../access/caller.ts';
import { authorizeBudget } from '../../access/authorize-budget.ts';
import { authorizeModel } from '../../access/authorize-model.ts';
import type { KeyLimits } from '../../limits/key-limits.ts';
import { ownerChecks, type OwnerCaches } from '../../access/owner-checks.ts';
import type { BudgetReservations } from '../../accounting/budget-reservations.ts';
import type { ModelBudgets } from '../../accounting/model-budgets.ts';
import { executeCall, type CallDeps } from '../execute-call.ts';
import { executeCachedCall } from '../cached-call.ts';
import { readCacheControls } from '../../cache/cache-controls.ts';
import type { ResponseCache } from '../../cache/response-cache.ts';
import type { CallPlan } from '../plan-attempt.ts';
import { prepareRequest, type PreparedRequest } from '../prepare-request.ts';
import { ChatBody, CompletionBody, EmbeddingBody, ImageBody } from '../request-schemas.ts';

/** Each LLM route exists with and without `/v1`, and as the Azure-style aliases. */
function paths(suffix: string): string[] {
  return [suffix, `/v1${suffix}`, `/openai/deployments/:model${suffix}`, `/engines/:model${suffix}`];
}

interface LlmRoute {
  call: CallType;
  suffix: string;
  schema: TSchema;
  /** The provider method for a whole answer; planAttempt has checked that it exists. */
  once: (plan: CallPlan, ctx: CallContext) => Promise<ProviderResult<unknown>>;
  stream?: (plan: CallPlan, ctx: CallContext) => Promise<ProviderStream<ChatCompletionChunk | Completion>>;
}

const ROUTES: readonly LlmRoute[] = [
  {
    call: 'chat',
    suffix: '/chat/completions',
    schema: ChatBody,
    once: (plan, ctx) => plan.provider.chat!(plan.body as ChatCompletionRequest, ctx),
    stream: (plan, ctx) => plan.provider.streamChat!(plan.body as ChatCompletionRequest, ctx),
  },
  {
    call: 'completion',
    suffix: '/completions',
    schema: CompletionBody,
    once: (plan, ctx) => plan.provider.completion!(plan.body as CompletionRequest, ctx),
    stream: (plan, ctx) => plan.provider.streamCompletion!(plan.body as CompletionRequest, ctx),
  },
  {
    call: 'embedding',
    suffix: '/embeddings',
    schema: EmbeddingBody,
    once: (plan, ctx) => plan.provider.embedding!(plan.body as EmbeddingRequest, ctx),
  },
  {
    call: 'image_generation',
    suffix: '/images/generations',
    schema: ImageBody,
    once: (plan, ctx) => plan.provider.imageGeneration!(plan.body as ImageGenerationRequest, ctx),
  },
];

/** A virtual key's `aliases` map a name the caller sends to one of the key's model groups (LiteLLM). */
function applyKeyAlias(caller: Caller, body: unknown): void {
  if (caller.kind !== 'virtual' || typeof body !== 'object' || body === null) return;
  const record = body as Record<string, unknown>;
  const model = record['model'];
  const target = typeof model === 'string' ? caller.key.aliases[model] : undefined;
  if (typeof target === 'string' && target !== '') record['model'] = target;
}

/**
 * Budgets and rate limits of the caller (virtual key, its user, team and model budget) and of
 * the end user the body names. A caller with neither — the master key without `user`, the
 * common case — skips all of it: no owner lookups, no token counting, no awaits.
 */
async function admitCaller(args: { request: FastifyRequest; reply: FastifyReply; deps: LlmRouteDeps; call: CallType; prepared: PreparedRequest }): Promise<void> {
  const { request, reply, deps, prepared } = args;
  const user = prepared.body['user'];
  const endUserId = typeof user === 'string' && user !== '' ? user : undefined;
  if (request.caller.kind !== 'virtual' && endUserId === undefined) return;
  const now = new Date();
  authorizeBudget(request.caller, now);
  const owners = await ownerChecks({ caller: request.caller, model: prepared.model, owners: deps.owners, endUserId });
  request.callerTeam = owners.team;
  const modelBudget = await deps.modelBudgets?.holder({ caller: request.caller, model: prepared.model, now });
  const release = await deps.budgets?.reserve({
    requestId: String(request.id),
    caller: request.caller,
    holders: modelBudget === undefined ? owners.budgets : [...owners.budgets, modelBudget],
    call: args.call,
    body: prepared.body,
    deployments: deps.router.groups.resolve(prepared.model)?.deployments ?? [],
    now,
  });
  if (release !== undefined) reply.raw.once('close', release);
  await deps.keyLimits?.admit({ request, reply, model: prepared.model, ownerScopes: owners.scopes });
}

/** What the LLM routes need: the call machinery and, with virtual keys, their rate limits. */
export interface LlmRouteDeps extends CallDeps {
  keyLimits?: KeyLimits | undefined;
  budgets?: BudgetReservations | undefined;
  /** A virtual key's user and team, for their budgets, limits and model lists. */
  owners?: OwnerCaches | undefined;
  /** Per-model budgets of virtual keys (`model_max_budget`). */
  modelBudgets?: ModelBudgets | undefined;
  /** The response cache (`litellm_settings.cache`); undefined: no cache work at all. */
  responseCache?: ResponseCache | undefined;
}

/**
 * POST chat/completions, completions, embeddings and images/generations. Handlers are thin:
 * prepare the request (model, controls, body), then let executeCall route and answer it.
 */
export function registerLlmRoutes(app: FastifyInstance, deps: LlmRouteDeps): void {
  for (const route of ROUTES) {
    for (const url of paths(route.suffix)) {
      app.post(url, { schema: { body: route.schema } }, async (request, reply) => {
        reply.header('x-litellm-call-id', String(request.id));
        applyKeyAlias(request.caller, request.body);
        const body = request.body as Record<string, unknown>;
        const cacheControls = body['cache'] === undefined ? undefined : readCacheControls(request.caller, body['cache']);
        const prepared = prepareRequest({
          call: route.call,
          body,
          pathModel: (request.params as { model?: string }).model,
          headers: request.headers,
          groups: deps.router.groups,
        });
        authorizeModel(request.caller, prepared.model);
        await admitCaller({ request, reply, deps, call: route.call, prepared });
        const call = { request, reply, deps, prepared, once: route.once, ...(route.stream ? { stream: route.stream } : {}) };
        const cache = deps.responseCache;
        const plan = cache?.plan({ call: route.call, model: prepared.model, body: prepared.body, controls: cacheControls, metadata: prepared.controls.metadata });
        if (cache === undefined || plan === undefined) await executeCall(call);
        else await executeCachedCall({ ...call, responseCache: cache, plan });
      });
    }
  }
}
