import type { FastifyInstance } from 'fastify';
import { computeCost } from '../../accounting/compute-cost.ts';
import { countPromptTokens } from '../../accounting/count-prompt-tokens.ts';
import { answerUsage } from '../../accounting/cost-of-answer.ts';
import { findGenaiPriceRow } from '../../accounting/genai-price.ts';
import { priceLookupKey } from '../../accounting/price-lookup-key.ts';
import type { ModelGroups } from '../../router/model-groups.ts';
import type { Router } from '../../router/router.ts';
import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { CallType } from '../../spec/provider.ts';

/** Providers tried, in order, for a bare model name that is not a model group. */
const GUESSED_PROVIDERS = ['openai', 'anthropic', 'gemini', 'bedrock', 'mistral', 'groq', 'deepseek', 'xai'] as const;

/** The priced part of a deployment. */
type PricedDeployment = Pick<Deployment, 'provider' | 'providerModel' | 'params' | 'info'>;

/**
 * POST /spend/calculate (LiteLLM's): `{model, messages}` → the cost of the prompt before a
 * call (its tokens counted, no completion), or `{completion_response}` → the cost of an
 * answer from its usage. A model group name uses its first deployment (custom prices,
 * base_model); any other name is priced as `provider/model` or a bare model name. Answers
 * `{"cost": <USD>}`; a model with no known price is a 400 (never a $0 answer).
 */
export function registerSpendCalculateRoute(app: FastifyInstance, deps: { router: Router }): void {
  app.post('/spend/calculate', async (request) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new GatewayError('bad_request', "Bad Request - Either 'model' or 'completion_response' must be provided");
    }
    const { model, messages, completion_response: answer } = body as Record<string, unknown>;
    if (typeof model === 'string' && model !== '') {
      if (!Array.isArray(messages)) throw new GatewayError('bad_request', "Bad Request - messages must be provided if 'model' is provided", { param: 'messages' });
      const promptTokens = await countPromptTokens({ messages });
      return price({ deployment: resolveDeployment(model, deps.router.groups), call: 'chat', usage: { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens }, log: request.log });
    }
    if (typeof answer === 'object' && answer !== null) {
      const answerModel = (answer as { model?: unknown }).model;
      if (typeof answerModel !== 'string' || answerModel === '') throw new GatewayError('bad_request', 'completion_response.model is required', { param: 'completion_response.model' });
      const call: CallType = (answer as { object?: unknown }).object === 'list' ? 'embedding' : 'chat';
      const usage = answerUsage(call, answer);
      if (usage === undefined) throw new GatewayError('bad_request', 'completion_response.usage with prompt_tokens is required', { param: 'completion_response.usage' });
      return price({ deployment: resolveDeployment(answerModel, deps.router.groups), call, usage, log: request.log });
    }
    throw new GatewayError('bad_request', "Bad Request - Either 'model' or 'completion_response' must be provided");
  });
}

function price(args: Parameters<typeof computeCost>[0]): { cost: number } {
  const result = computeCost(args);
  if (!result.priced) {
    throw new GatewayError('bad_request', `No price known for model "${result.pricedModel}". Set input_cost_per_token / output_cost_per_token or model_info.base_model on its deployment.`, { param: 'model' });
  }
  return { cost: result.cost };
}

/** A model group's first deployment; else `provider/model`; else the first provider that prices a bare name. */
function resolveDeployment(model: string, groups: ModelGroups): PricedDeployment {
  const group = groups.resolve(model)?.deployments[0];
  if (group !== undefined) return group;
  const slash = model.indexOf('/');
  if (slash > 0) {
    const candidate = { provider: model.slice(0, slash), providerModel: model.slice(slash + 1), params: { model }, info: {} };
    if (priceLookupKey(candidate).priceProvider !== undefined) return candidate;
  }
  for (const provider of GUESSED_PROVIDERS) {
    const candidate = { provider, providerModel: model, params: { model: `${provider}/${model}` }, info: {} };
    const key = priceLookupKey(candidate);
    if (key.priceProvider !== undefined && findGenaiPriceRow(key.priceProvider, key.model) !== undefined) return candidate;
  }
  return { provider: 'unknown', providerModel: model, params: { model }, info: {} };
}

