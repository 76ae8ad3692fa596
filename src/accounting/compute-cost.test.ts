import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { Usage } from '../spec/chat.ts';
import type { CallType } from '../spec/provider.ts';
import { computeCost } from './compute-cost.ts';
import { tokenPrices } from './token-prices.ts';
import { resetUnpricedCalls, unpricedCalls, unpricedCallsByModel } from './unpriced-calls.ts';

/** A deployment as buildDeployments makes it from `litellm_params.model` and extras. */
function deployment(model: string, extra: { params?: Record<string, unknown>; info?: Record<string, unknown> } = {}) {
  const slash = model.indexOf('/');
  return { provider: model.slice(0, slash), providerModel: model.slice(slash + 1), params: { model, ...extra.params }, info: { ...extra.info } };
}

function usage(prompt: number, completion: number, extra: Partial<Usage> = {}): Usage {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...extra };
}

/** Per-million prices as USD per token: the dataset's units. */
const M = 1e6;

interface PriceCase {
  name: string;
  model: string;
  extra?: { params?: Record<string, unknown>; info?: Record<string, unknown> };
  call?: CallType;
  usage?: Usage;
  images?: { count: number; size?: string; quality?: string };
  durationMs?: number;
  inputImages?: number;
  cost: number;
  source: string;
  pricedModel: string;
}

const CASES: PriceCase[] = [
  {
    name: 'OpenAI gpt-4o: $2.50 in, $10 out per million',
    model: 'openai/gpt-4o', usage: usage(1000, 100),
    cost: (1000 * 2.5 + 100 * 10) / M, source: 'genai-prices', pricedModel: 'openai/gpt-4o',
  },
  {
    name: 'OpenAI cached tokens are part of the prompt, priced at the cache-read rate ($1.25)',
    model: 'openai/gpt-4o', usage: usage(1000, 100, { prompt_tokens_details: { cached_tokens: 400 } }),
    cost: (600 * 2.5 + 400 * 1.25 + 100 * 10) / M, source: 'genai-prices', pricedModel: 'openai/gpt-4o',
  },
  {
    name: 'a dated OpenAI model name finds its row',
    model: 'openai/gpt-4o-mini-2024-07-18', usage: usage(1000, 100),
    cost: (1000 * 0.15 + 100 * 0.6) / M, source: 'genai-prices', pricedModel: 'openai/gpt-4o-mini-2024-07-18',
  },
  {
    name: 'Anthropic cache write ($3.75) and read ($0.30), both inside prompt_tokens',
    model: 'anthropic/claude-3-5-sonnet-20241022',
    usage: usage(1000, 100, { prompt_tokens_details: { cached_tokens: 300 }, cache_creation_input_tokens: 200, cache_read_input_tokens: 300 }),
    cost: (500 * 3 + 200 * 3.75 + 300 * 0.3 + 100 * 15) / M, source: 'genai-prices', pricedModel: 'anthropic/claude-3-5-sonnet-20241022',
  },
  {
    name: 'reasoning tokens are part of completion_tokens, priced at the output rate (o3-mini)',
    model: 'openai/o3-mini', usage: usage(1000, 500, { completion_tokens_details: { reasoning_tokens: 300 } }),
    cost: (1000 * 1.1 + 500 * 4.4) / M, source: 'genai-prices', pricedModel: 'openai/o3-mini',
  },
  {
    name: 'Gemini (gemini/ prefix → the google rows)',
    model: 'gemini/gemini-2.0-flash', usage: usage(2000, 1000),
    cost: (2000 * 0.1 + 1000 * 0.4) / M, source: 'genai-prices', pricedModel: 'gemini/gemini-2.0-flash',
  },
  {
    name: 'Gemini 1.5 Pro above 128k prompt tokens: the higher tier for input and output',
    model: 'vertex_ai/gemini-1.5-pro-002', usage: usage(200_000, 1000),
    cost: (200_000 * 2.5 + 1000 * 10) / M, source: 'genai-prices', pricedModel: 'vertex_ai/gemini-1.5-pro-002',
  },
  {
    name: 'Vertex Claude ids with @date',
    model: 'vertex_ai/claude-3-5-sonnet-v2@20241022', usage: usage(1000, 100),
    cost: (1000 * 3 + 100 * 15) / M, source: 'genai-prices', pricedModel: 'vertex_ai/claude-3-5-sonnet-v2@20241022',
  },
  {
    name: 'Bedrock: cross-region prefix and converse/ route are stripped',
    model: 'bedrock/converse/us.anthropic.claude-3-5-sonnet-20240620-v1:0', usage: usage(1000, 100),
    cost: (1000 * 3 + 100 * 15) / M, source: 'genai-prices', pricedModel: 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0',
  },
  {
    name: 'Bedrock: inference-profile ARN and region path',
    model: 'bedrock/us-east-1/arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.meta.llama3-1-70b-instruct-v1:0', usage: usage(1000, 100),
    cost: (1000 * 0.72 + 100 * 0.72) / M, source: 'genai-prices', pricedModel: 'bedrock/meta.llama3-1-70b-instruct-v1:0',
  },
  {
    name: 'embedding: input tokens only',
    model: 'openai/text-embedding-3-small', call: 'embedding', usage: { prompt_tokens: 5000, total_tokens: 5000 } as Usage,
    cost: (5000 * 0.02) / M, source: 'genai-prices', pricedModel: 'openai/text-embedding-3-small',
  },
  {
    name: 'image: DALL·E 3 hd 1024x1792, per image',
    model: 'openai/dall-e-3', call: 'image_generation', images: { count: 2, size: '1024x1792', quality: 'hd' },
    cost: 2 * 0.12, source: 'image-prices', pricedModel: 'openai/dall-e-3',
  },
  {
    name: 'image: DALL·E 2 default size',
    model: 'openai/dall-e-2', call: 'image_generation', images: { count: 3 },
    cost: 3 * 0.02, source: 'image-prices', pricedModel: 'openai/dall-e-2',
  },
  {
    name: 'image: gpt-image-1 is priced from its token usage',
    model: 'openai/gpt-image-1', call: 'image_generation', images: { count: 1 }, usage: usage(50, 4160),
    cost: (50 * 5 + 4160 * 40) / M, source: 'genai-prices', pricedModel: 'openai/gpt-image-1',
  },
  {
    name: 'image: output_cost_per_image wins',
    model: 'openai/dall-e-3', extra: { params: { output_cost_per_image: 0.5 } }, call: 'image_generation', images: { count: 2 },
    cost: 1, source: 'custom', pricedModel: 'openai/dall-e-3',
  },
  {
    name: 'custom pricing in litellm_params wins over the dataset',
    model: 'openai/gpt-4o', extra: { params: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }, usage: usage(1000, 100),
    cost: 1000 * 0.000001 + 100 * 0.000002, source: 'custom', pricedModel: 'openai/gpt-4o',
  },
  {
    name: 'custom pricing in model_info; numeric strings (YAML 1.1 "1e-6") are read',
    model: 'hosted_vllm/my-llama', extra: { info: { input_cost_per_token: '1e-6', output_cost_per_token: '3e-6' } }, usage: usage(1000, 100),
    cost: 1000 * 1e-6 + 100 * 3e-6, source: 'custom', pricedModel: 'hosted_vllm/my-llama',
  },
  {
    name: 'custom cache and reasoning rates',
    model: 'openai/my-model',
    extra: { params: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_read_input_token_cost: 1e-7, cache_creation_input_token_cost: 5e-6, output_cost_per_reasoning_token: 4e-6 } },
    usage: usage(1000, 100, { prompt_tokens_details: { cached_tokens: 300 }, cache_creation_input_tokens: 200, completion_tokens_details: { reasoning_tokens: 60 } }),
    cost: 500 * 1e-6 + 300 * 1e-7 + 200 * 5e-6 + 40 * 2e-6 + 60 * 4e-6, source: 'custom', pricedModel: 'openai/my-model',
  },
  {
    name: 'custom input/output only: cache reads keep the dataset rate of the model',
    model: 'openai/gpt-4o', extra: { params: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } },
    usage: usage(1000, 100, { prompt_tokens_details: { cached_tokens: 400 } }),
    cost: 600 * 1e-6 + 400 * (1.25 / M) + 100 * 2e-6, source: 'custom', pricedModel: 'openai/gpt-4o',
  },
  {
    name: 'custom prices above 200k prompt tokens',
    model: 'openai/long', extra: { params: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, input_cost_per_token_above_200k_tokens: 2e-6, output_cost_per_token_above_200k_tokens: 4e-6 } },
    usage: usage(250_000, 100),
    cost: 250_000 * 2e-6 + 100 * 4e-6, source: 'custom', pricedModel: 'openai/long',
  },
  {
    name: 'custom per-second and per-input-image prices',
    model: 'hosted_vllm/vision', extra: { params: { input_cost_per_second: 0.001, input_cost_per_image: 0.01 } }, usage: usage(10, 10), durationMs: 2500, inputImages: 2,
    cost: 0.0025 + 0.02, source: 'custom', pricedModel: 'hosted_vllm/vision',
  },
  {
    name: 'Azure: base_model in model_info names the row (deployment names are arbitrary)',
    model: 'azure/my-prod-deployment', extra: { info: { base_model: 'azure/gpt-4o-mini' } }, usage: usage(1000, 100),
    cost: (1000 * 0.15 + 100 * 0.6) / M, source: 'genai-prices', pricedModel: 'azure/gpt-4o-mini',
  },
  {
    name: 'base_model in litellm_params, without a provider prefix',
    model: 'azure/my-deployment', extra: { params: { base_model: 'gpt-4o' } }, usage: usage(1000, 100),
    cost: (1000 * 2.5 + 100 * 10) / M, source: 'genai-prices', pricedModel: 'azure/gpt-4o',
  },
  {
    name: 'base_model with custom pricing: custom still wins',
    model: 'azure/dep', extra: { info: { base_model: 'azure/gpt-4o' }, params: { input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 } }, usage: usage(1000, 100),
    cost: 1100 * 1e-6, source: 'custom', pricedModel: 'azure/gpt-4o',
  },
];

describe('computeCost', () => {
  beforeEach(() => resetUnpricedCalls());

  for (const c of CASES) {
    test(c.name, () => {
      const result = computeCost({
        deployment: deployment(c.model, c.extra),
        call: c.call ?? 'chat',
        usage: c.usage,
        images: c.images,
        durationMs: c.durationMs,
        inputImages: c.inputImages,
        at: new Date('2025-06-01T12:00:00Z'),
      });
      assert.equal(result.priced, true);
      assert.equal(result.source, c.source);
      assert.equal(result.pricedModel, c.pricedModel);
      // The dataset's per-million arithmetic may differ from ours in the last bit only.
      assert.ok(Math.abs(result.cost - c.cost) <= 1e-15 * Math.max(1, c.cost), `${result.cost} ≠ ${c.cost}`);
      assert.ok(result.cost > 0);
      assert.equal(unpricedCalls(), 0);
    });
  }

  test('an unknown model is priced false (not $0), counted every time, logged once per model', () => {
    const warnings: Array<Record<string, unknown>> = [];
    const log = { debug() {}, info() {}, warn: (obj: Record<string, unknown>) => void warnings.push(obj) };
    const unknown = deployment('ollama/llama3');
    for (let i = 0; i < 3; i++) {
      const result = computeCost({ deployment: unknown, call: 'chat', usage: usage(10, 10), log });
      assert.deepEqual(result, { cost: 0, priced: false, source: 'unpriced', pricedModel: 'ollama/llama3' });
    }
    computeCost({ deployment: deployment('openai/no-such-model-xyz'), call: 'chat', usage: usage(10, 10), log });
    assert.equal(unpricedCalls(), 4);
    assert.equal(unpricedCallsByModel().get('ollama/llama3'), 3);
    assert.deepEqual(warnings.map((w) => w['model']), ['ollama/llama3', 'openai/no-such-model-xyz']);
  });

  test('an Azure deployment name without base_model is unpriced', () => {
    const result = computeCost({ deployment: deployment('azure/my-prod-deployment'), call: 'chat', usage: usage(10, 10) });
    assert.equal(result.priced, false);
  });

  test('an answer without usage is priced false ("no-usage"), not $0', () => {
    const result = computeCost({ deployment: deployment('openai/gpt-4o'), call: 'chat', usage: undefined });
    assert.deepEqual(result, { cost: 0, priced: false, source: 'no-usage', pricedModel: 'openai/gpt-4o' });
    assert.equal(unpricedCalls(), 1);
  });

  test('an image model with no per-image price and no usage is unpriced', () => {
    const result = computeCost({ deployment: deployment('openai/some-image-model'), call: 'image_generation', images: { count: 1 } });
    assert.equal(result.priced, false);
  });

  test('inconsistent usage (cached > prompt) is read as a prompt at least as large as its parts', () => {
    const result = computeCost({ deployment: deployment('openai/gpt-4o'), call: 'chat', usage: usage(100, 0, { prompt_tokens_details: { cached_tokens: 400 } }) });
    assert.equal(result.priced, true);
    assert.ok(Math.abs(result.cost - (400 * 1.25) / M) < 1e-15);
  });
});

describe('tokenPrices (before a call: budgets, cost routing)', () => {
  test('dataset rates, tiered by prompt size', () => {
    assert.deepEqual(tokenPrices(deployment('openai/gpt-4o')), { input: 2.5 / M, output: 10 / M, source: 'genai-prices' });
    assert.deepEqual(tokenPrices(deployment('gemini/gemini-1.5-pro-002'), 200_000), { input: 2.5 / M, output: 10 / M, source: 'genai-prices' });
  });

  test('custom rates win; a missing one comes from the dataset', () => {
    assert.deepEqual(tokenPrices(deployment('openai/gpt-4o', { params: { input_cost_per_token: 1e-6 } })), { input: 1e-6, output: 10 / M, source: 'custom' });
  });

  test('an unpriced model has no prices (not zero)', () => {
    assert.equal(tokenPrices(deployment('ollama/llama3')), undefined);
  });
});
