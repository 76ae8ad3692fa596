import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from '../../spec/deployment.ts';
import { huggingFaceBodyModel, huggingFaceChatUrl, huggingFaceEmbeddingUrl, huggingFaceTarget } from './huggingface-model.ts';
import { mapHuggingFaceFinishReason, normalizeHuggingFaceChoice } from './normalize-huggingface-choice.ts';

function deployment(providerModel: string, apiBase?: string): Deployment {
  return {
    id: 'd',
    modelName: 'm',
    provider: 'huggingface',
    providerModel,
    params: { model: `huggingface/${providerModel}`, ...(apiBase === undefined ? {} : { api_base: apiBase }) },
    info: {},
  };
}

describe('huggingface/ model strings → URL and body model', () => {
  const table: { model: string; apiBase?: string; chat: string; body: string; embed: string | undefined }[] = [
    {
      model: 'meta-llama/Llama-3.3-70B-Instruct',
      chat: 'https://router.huggingface.co/v1/chat/completions',
      body: 'meta-llama/Llama-3.3-70B-Instruct',
      embed: 'https://router.huggingface.co/hf-inference/models/meta-llama/Llama-3.3-70B-Instruct/pipeline/feature-extraction',
    },
    {
      model: 'together/deepseek-ai/DeepSeek-R1',
      chat: 'https://router.huggingface.co/v1/chat/completions',
      body: 'deepseek-ai/DeepSeek-R1:together',
      embed: undefined,
    },
    {
      model: 'hf-inference/BAAI/bge-small-en-v1.5',
      chat: 'https://router.huggingface.co/v1/chat/completions',
      body: 'BAAI/bge-small-en-v1.5:hf-inference',
      embed: 'https://router.huggingface.co/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction',
    },
    { model: 'tgi', apiBase: 'https://xyz.endpoints.huggingface.cloud', chat: 'https://xyz.endpoints.huggingface.cloud/v1/chat/completions', body: 'tgi', embed: 'https://xyz.endpoints.huggingface.cloud' },
    { model: 'tgi', apiBase: 'http://tgi:8080/v1/', chat: 'http://tgi:8080/v1/chat/completions', body: 'tgi', embed: 'http://tgi:8080/v1' },
    { model: 'x', apiBase: 'http://tgi:8080/v1/chat/completions', chat: 'http://tgi:8080/v1/chat/completions', body: 'x', embed: 'http://tgi:8080/v1/chat/completions' },
    {
      model: 'https://abc.us-east-1.aws.endpoints.huggingface.cloud',
      chat: 'https://abc.us-east-1.aws.endpoints.huggingface.cloud/v1/chat/completions',
      body: 'https://abc.us-east-1.aws.endpoints.huggingface.cloud',
      embed: 'https://abc.us-east-1.aws.endpoints.huggingface.cloud',
    },
  ];
  for (const row of table) {
    it(`${row.model}${row.apiBase === undefined ? '' : ` with api_base ${row.apiBase}`}`, () => {
      const target = huggingFaceTarget(deployment(row.model, row.apiBase));
      assert.equal(huggingFaceChatUrl(target), row.chat);
      assert.equal(huggingFaceBodyModel(target), row.body);
      assert.equal(huggingFaceEmbeddingUrl(target), row.embed);
    });
  }
});

describe('TGI answers → OpenAI shape', () => {
  const reasons: [unknown, string | null][] = [['eos_token', 'stop'], ['stop_sequence', 'stop'], ['length', 'length'], ['tool_calls', 'tool_calls'], [null, null], ['stop', 'stop']];
  for (const [reason, expected] of reasons) it(`finish ${String(reason)} → ${String(expected)}`, () => assert.equal(mapHuggingFaceFinishReason(reason), expected));

  it('object-valued tool arguments become JSON text (message and delta)', () => {
    const choice = { index: 0, finish_reason: 'eos_token', message: { tool_calls: [{ id: '0', function: { name: 'f', arguments: { a: 1 } } }] } };
    normalizeHuggingFaceChoice(choice);
    assert.deepEqual(choice, { index: 0, finish_reason: 'stop', message: { tool_calls: [{ id: '0', function: { name: 'f', arguments: '{"a":1}' } }] } });
    const chunk = { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] } };
    normalizeHuggingFaceChoice(chunk);
    assert.deepEqual(chunk, { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] } });
  });
});
