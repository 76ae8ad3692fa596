import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { CallType, Provider } from '../../spec/provider.ts';
import { createBedrockAuthResolver } from './bedrock-credentials.ts';
import { BEDROCK_PROVIDER_NAME } from './bedrock-error.ts';
import { converseChat, converseStream } from './bedrock-converse-chat.ts';
import { invokeEmbedding } from './bedrock-invoke-embedding.ts';
import { invokeImageGeneration } from './bedrock-invoke-image.ts';
import { invokeClaudeChat, invokeClaudeStream } from './bedrock-invoke-claude.ts';
import { bedrockApiBase } from './call-bedrock.ts';
import { resolveBedrockModel, type BedrockModel } from './resolve-bedrock-model.ts';

/** OpenAI chat parameters Bedrock cannot take (LiteLLM's supported list is the complement). */
const CHAT_UNSUPPORTED = [
  'presence_penalty', 'frequency_penalty', 'logit_bias', 'top_logprobs', 'seed', 'parallel_tool_calls', 'user', 'modalities',
  'audio', 'prediction', 'web_search_options', 'functions', 'function_call', 'service_tier', 'store',
] as const;

function chatUnsupported(body: Readonly<Record<string, unknown>>): string[] {
  const names: string[] = CHAT_UNSUPPORTED.filter((name) => body[name] !== undefined && body[name] !== null);
  if (typeof body['n'] === 'number' && body['n'] !== 1) names.push('n');
  if (body['logprobs'] === true) names.push('logprobs');
  return names;
}

function embeddingUnsupported(body: Readonly<Record<string, unknown>>, model: BedrockModel): string[] {
  const names: string[] = [];
  if (body['dimensions'] !== undefined && !model.baseModel.startsWith('amazon.titan-embed-text-v2')) names.push('dimensions');
  if (body['user'] !== undefined) names.push('user');
  return names;
}

function imageUnsupported(body: Readonly<Record<string, unknown>>, model: BedrockModel): string[] {
  const names: string[] = [];
  for (const name of ['style', 'user', 'background', 'moderation', 'output_compression'] as const) if (body[name] !== undefined) names.push(name);
  if (model.family === 'stability' && typeof body['n'] === 'number' && body['n'] > 1) names.push('n');
  return names;
}

/** Chat through Invoke exists only for Claude (the Messages body); other invoke chat families are not served. */
function invokeChatUnavailable(d: Deployment, model: BedrockModel): GatewayError {
  return new GatewayError(
    'bad_request',
    `litellm.BadRequestError: ${BEDROCK_PROVIDER_NAME}Exception - chat through the Invoke API is supported for Anthropic Claude only; ` +
      `model "${model.modelId}" (model group "${d.modelName}") needs bedrock/converse/ or a Converse-capable model`,
    { param: 'model' },
  );
}

/**
 * The `bedrock/` provider (also `bedrock/converse/…` and `bedrock/invoke/…`): chat through
 * Converse / ConverseStream (or Invoke for Claude), embeddings (Titan, Cohere) and image
 * generation (Titan, Stability) through Invoke. Requests are SigV4-signed with cached
 * credentials from litellm_params, STS or the default chain, or carry a Bedrock API key.
 */
export function createBedrockProvider(): Provider {
  const auth = createBedrockAuthResolver();
  return {
    id: 'bedrock',
    displayName: BEDROCK_PROVIDER_NAME,
    apiBase: (d) => bedrockApiBase(d),
    unsupportedParams(call: CallType, body, deployment) {
      const model = resolveBedrockModel(deployment);
      switch (call) {
        case 'chat':
          return chatUnsupported(body);
        case 'embedding':
          return embeddingUnsupported(body, model);
        case 'image_generation':
          return imageUnsupported(body, model);
        default:
          return [];
      }
    },
    chat(request, ctx) {
      const model = resolveBedrockModel(ctx.deployment);
      if (model.api === 'converse') return converseChat({ request, ctx, model, auth });
      if (model.family === 'anthropic') return invokeClaudeChat({ request, ctx, model, auth });
      return Promise.reject(invokeChatUnavailable(ctx.deployment, model));
    },
    streamChat(request, ctx) {
      const model = resolveBedrockModel(ctx.deployment);
      if (model.api === 'converse') return converseStream({ request, ctx, model, auth });
      if (model.family === 'anthropic') return invokeClaudeStream({ request, ctx, model, auth });
      return Promise.reject(invokeChatUnavailable(ctx.deployment, model));
    },
    embedding: (request, ctx) => invokeEmbedding({ request, ctx, model: resolveBedrockModel(ctx.deployment), auth }),
    imageGeneration: (request, ctx) => invokeImageGeneration({ request, ctx, model: resolveBedrockModel(ctx.deployment), auth }),
  };
}
