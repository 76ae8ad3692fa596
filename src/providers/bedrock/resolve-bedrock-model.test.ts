import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from '../../spec/deployment.ts';
import { resolveBedrockModel } from './resolve-bedrock-model.ts';

const d = (providerModel: string, params: Record<string, unknown> = {}): Deployment => ({
  id: 'd', modelName: 'm', provider: 'bedrock', providerModel, params: { model: `bedrock/${providerModel}`, ...params }, info: {},
});

describe('resolveBedrockModel', () => {
  const table: [string, { api: string; modelId: string; baseModel: string; family: string }][] = [
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', { api: 'converse', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', baseModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0', family: 'anthropic' }],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', { api: 'converse', modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0', baseModel: 'anthropic.claude-sonnet-4-20250514-v1:0', family: 'anthropic' }],
    ['global.anthropic.claude-haiku-4-5', { api: 'converse', modelId: 'global.anthropic.claude-haiku-4-5', baseModel: 'anthropic.claude-haiku-4-5', family: 'anthropic' }],
    ['apac.amazon.nova-pro-v1:0', { api: 'converse', modelId: 'apac.amazon.nova-pro-v1:0', baseModel: 'amazon.nova-pro-v1:0', family: 'amazon' }],
    ['meta.llama3-1-70b-instruct-v1:0', { api: 'converse', modelId: 'meta.llama3-1-70b-instruct-v1:0', baseModel: 'meta.llama3-1-70b-instruct-v1:0', family: 'meta' }],
    ['mistral.mistral-large-2407-v1:0', { api: 'converse', modelId: 'mistral.mistral-large-2407-v1:0', baseModel: 'mistral.mistral-large-2407-v1:0', family: 'mistral' }],
    ['cohere.command-r-plus-v1:0', { api: 'converse', modelId: 'cohere.command-r-plus-v1:0', baseModel: 'cohere.command-r-plus-v1:0', family: 'cohere' }],
    ['eu.deepseek.r1-v1:0', { api: 'converse', modelId: 'eu.deepseek.r1-v1:0', baseModel: 'deepseek.r1-v1:0', family: 'deepseek' }],
    ['meta.llama2-13b-chat-v1', { api: 'invoke', modelId: 'meta.llama2-13b-chat-v1', baseModel: 'meta.llama2-13b-chat-v1', family: 'meta' }],
    ['amazon.titan-embed-text-v2:0', { api: 'invoke', modelId: 'amazon.titan-embed-text-v2:0', baseModel: 'amazon.titan-embed-text-v2:0', family: 'amazon' }],
    ['cohere.embed-english-v3', { api: 'invoke', modelId: 'cohere.embed-english-v3', baseModel: 'cohere.embed-english-v3', family: 'cohere' }],
    ['invoke/anthropic.claude-3-haiku-20240307-v1:0', { api: 'invoke', modelId: 'anthropic.claude-3-haiku-20240307-v1:0', baseModel: 'anthropic.claude-3-haiku-20240307-v1:0', family: 'anthropic' }],
    ['converse/amazon.titan-text-premier-v1:0', { api: 'converse', modelId: 'amazon.titan-text-premier-v1:0', baseModel: 'amazon.titan-text-premier-v1:0', family: 'amazon' }],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0', {
      api: 'converse', modelId: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0', baseModel: 'anthropic.claude-3-5-haiku-20241022-v1:0', family: 'anthropic',
    }],
  ];
  for (const [model, expected] of table) it(model, () => assert.deepEqual(resolveBedrockModel(d(model)), expected));

  it('lets litellm_params.model_id replace the id in the URL', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc';
    assert.equal(resolveBedrockModel(d('anthropic.claude-3-haiku-20240307-v1:0', { model_id: arn })).modelId, arn);
  });
});
