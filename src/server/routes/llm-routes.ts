import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { Completion, CompletionRequest } from '../../spec/completion.ts';
import type { EmbeddingRequest } from '../../spec/embedding.ts';
import type { ImageGenerationRequest } from '../../spec/image.ts';
import type { CallType } from '../../spec/provider.ts';
import { executeCall } from '../execute-call.ts';
import { planCall, type PlannerDeps } from '../plan-call.ts';
import { ChatBody, CompletionBody, EmbeddingBody, ImageBody } from '../request-schemas.ts';

/** Each LLM route exists with and without `/v1`, and as the Azure-style aliases. */
function paths(suffix: string): string[] {
  return [suffix, `/v1${suffix}`, `/openai/deployments/:model${suffix}`, `/engines/:model${suffix}`];
}

interface LlmRoute {
  call: CallType;
  suffix: string;
  schema: TSchema;
  run: (args: { request: FastifyRequest; reply: FastifyReply; plan: ReturnType<typeof planCall> }) => Promise<void>;
}

const ROUTES: readonly LlmRoute[] = [
  {
    call: 'chat',
    suffix: '/chat/completions',
    schema: ChatBody,
    run: ({ request, reply, plan }) =>
      executeCall<ChatCompletionChunk>({
        request, reply, plan,
        once: (ctx) => plan.provider.chat!(plan.body as ChatCompletionRequest, ctx),
        stream: (ctx) => plan.provider.streamChat!(plan.body as ChatCompletionRequest, ctx),
      }),
  },
  {
    call: 'completion',
    suffix: '/completions',
    schema: CompletionBody,
    run: ({ request, reply, plan }) =>
      executeCall<Completion>({
        request, reply, plan,
        once: (ctx) => plan.provider.completion!(plan.body as CompletionRequest, ctx),
        stream: (ctx) => plan.provider.streamCompletion!(plan.body as CompletionRequest, ctx),
      }),
  },
  {
    call: 'embedding',
    suffix: '/embeddings',
    schema: EmbeddingBody,
    run: ({ request, reply, plan }) =>
      executeCall({ request, reply, plan, once: (ctx) => plan.provider.embedding!(plan.body as EmbeddingRequest, ctx) }),
  },
  {
    call: 'image_generation',
    suffix: '/images/generations',
    schema: ImageBody,
    run: ({ request, reply, plan }) =>
      executeCall({ request, reply, plan, once: (ctx) => plan.provider.imageGeneration!(plan.body as ImageGenerationRequest, ctx) }),
  },
];

/**
 * POST chat/completions, completions, embeddings and images/generations. Handlers are thin:
 * plan the call (model, deployment, params, timeout), then execute it. `planCall` has
 * already checked that the provider has the method the route calls.
 */
export function registerLlmRoutes(app: FastifyInstance, deps: PlannerDeps): void {
  for (const route of ROUTES) {
    for (const url of paths(route.suffix)) {
      app.post(url, { schema: { body: route.schema } }, async (request, reply) => {
        reply.header('x-litellm-call-id', String(request.id));
        const params = request.params as { model?: string };
        const plan = planCall(deps, {
          call: route.call,
          body: request.body as Record<string, unknown>,
          pathModel: params.model,
          headers: request.headers,
        });
        await route.run({ request, reply, plan });
      });
    }
  }
}
