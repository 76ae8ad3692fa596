import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Deployment, LitellmParams } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import { geminiAiStudioUrl } from '../gemini/gemini-ai-studio-endpoint.ts';
import { vertexApiBase, vertexUrl } from './vertex-ai-endpoint.ts';

const ENV = ['VERTEXAI_PROJECT', 'VERTEXAI_LOCATION', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_APPLICATION_CREDENTIALS', 'GCE_METADATA_HOST', 'METADATA_SERVER_DETECTION'];
const deployment = (model: string, params: Partial<LitellmParams> = {}): Deployment => ({
  id: 'd', modelName: 'g', provider: 'vertex_ai', providerModel: model, params: { model: `vertex_ai/${model}`, ...params }, info: {},
});

describe('Vertex AI URLs', () => {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
    for (const name of ENV) delete process.env[name];
    // No metadata server here: ADC must not be asked for a project in these tests.
    process.env['METADATA_SERVER_DETECTION'] = 'none';
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const cases: { name: string; model: string; params: Partial<LitellmParams>; env?: Record<string, string>; publisher?: 'google' | 'anthropic'; method?: 'generateContent' | 'streamGenerateContent' | 'predict' | 'rawPredict'; url: string }[] = [
    { name: 'regional host from vertex_location', model: 'gemini-2.5-pro', params: { vertex_project: 'p1', vertex_location: 'europe-west4' }, url: 'https://europe-west4-aiplatform.googleapis.com/v1/projects/p1/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent' },
    { name: 'the global location uses aiplatform.googleapis.com', model: 'gemini-2.5-pro', params: { vertex_project: 'p1', vertex_location: 'global' }, url: 'https://aiplatform.googleapis.com/v1/projects/p1/locations/global/publishers/google/models/gemini-2.5-pro:generateContent' },
    { name: 'project and location from VERTEXAI_PROJECT / VERTEXAI_LOCATION; streams get alt=sse', model: 'gemini-2.5-flash', params: {}, env: { VERTEXAI_PROJECT: 'envp', VERTEXAI_LOCATION: 'asia-east1' }, method: 'streamGenerateContent', url: 'https://asia-east1-aiplatform.googleapis.com/v1/projects/envp/locations/asia-east1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse' },
    { name: 'GOOGLE_CLOUD_PROJECT as a fallback; us-central1 by default', model: 'text-embedding-005', params: {}, env: { GOOGLE_CLOUD_PROJECT: 'gcp' }, method: 'predict', url: 'https://us-central1-aiplatform.googleapis.com/v1/projects/gcp/locations/us-central1/publishers/google/models/text-embedding-005:predict' },
    { name: 'Claude on the anthropic publisher path, versioned model kept', model: 'claude-sonnet-4-5@20250929', params: { vertex_project: 'p1', vertex_location: 'us-east5' }, publisher: 'anthropic', method: 'rawPredict', url: 'https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict' },
    { name: 'a custom api_base is the full URL up to the model: the method is appended', model: 'gemini-2.5-pro', params: { api_base: 'https://proxy.example/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro/' }, url: 'https://proxy.example/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:generateContent' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      Object.assign(process.env, c.env ?? {});
      assert.equal(await vertexUrl(deployment(c.model, c.params), { publisher: c.publisher ?? 'google', method: c.method ?? 'generateContent' }), c.url);
    });
  }

  it('reports the regional host, or the custom base, as the api base', () => {
    assert.equal(vertexApiBase(deployment('m', { vertex_location: 'global' })), 'https://aiplatform.googleapis.com');
    assert.equal(vertexApiBase(deployment('m', { api_base: 'https://proxy.example/x/' })), 'https://proxy.example/x');
  });

  it('without any project it answers 400 naming vertex_project', async () => {
    await assert.rejects(vertexUrl(deployment('m'), { publisher: 'google', method: 'generateContent' }), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_request' && /vertex_project/.test(error.message));
  });
});

describe('AI Studio URLs', () => {
  const cases: [string, string, string, string][] = [
    ['https://generativelanguage.googleapis.com', 'gemini-2.5-flash', 'generateContent', 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent'],
    ['http://127.0.0.1:9/', 'gemini-2.5-flash', 'streamGenerateContent', 'http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'],
    ['https://gateway.ai.cloudflare.com/v1/acc/gw/google-ai-studio/v1beta', 'gemini-embedding-001', 'batchEmbedContents', 'https://gateway.ai.cloudflare.com/v1/acc/gw/google-ai-studio/v1beta/models/gemini-embedding-001:batchEmbedContents'],
    ['https://generativelanguage.googleapis.com', 'tunedModels/my-model', 'generateContent', 'https://generativelanguage.googleapis.com/v1beta/tunedModels/my-model:generateContent'],
  ];
  for (const [base, model, method, url] of cases) {
    it(`${base} + ${model}:${method}`, () => assert.equal(geminiAiStudioUrl({ base, model, method: method as 'generateContent' }), url));
  }
});
