import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, LitellmParams } from '../spec/deployment.ts';
import { collectSecretValues, healthEndpointView, isSecretField } from './health-endpoint-view.ts';

function deployment(params: LitellmParams): Deployment {
  return { id: 'id-1', modelName: 'g', provider: 'openai', providerModel: 'x', params, info: {} };
}

describe('health endpoint view', () => {
  const secretFields = [
    'api_key', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_web_identity_token', 'azure_ad_token',
    'client_secret', 'azure_password', 'vertex_credentials', 'headers', 'extra_headers', 'private_key', 'token', 'Authorization',
  ];
  const shownFields = ['model', 'api_base', 'api_version', 'max_tokens', 'rpm', 'tpm', 'input_cost_per_token', 'aws_region_name', 'tenant_id', 'client_id', 'litellm_credential_name'];
  for (const name of secretFields) it(`hides ${name}`, () => assert.equal(isSecretField(name), true));
  for (const name of shownFields) it(`shows ${name}`, () => assert.equal(isSecretField(name), false));

  it('drops secret fields at any depth, probe fields, and redacts secret values wherever they reappear', () => {
    const params: LitellmParams = {
      model: 'openai/gpt-4o',
      api_key: 'sk-real-secret-123456',
      api_base: 'https://example.test/v1?api-key=abcdef123',
      messages: [{ role: 'user', content: 'hi' }],
      metadata: { note: 'uses sk-real-secret-123456', nested: { client_secret: 'shh-000000' } },
      rpm: 5,
    };
    const secrets = collectSecretValues(params);
    assert.deepEqual(secrets, ['sk-real-secret-123456', 'shh-000000']);
    assert.deepEqual(healthEndpointView({ deployment: deployment(params), details: true, secrets }), {
      model: 'openai/gpt-4o',
      api_base: 'https://example.test/v1?api-key=[REDACTED]',
      metadata: { note: 'uses [REDACTED]', nested: {} },
      rpm: 5,
      model_id: 'id-1',
    });
  });

  it('shows only model and model_id without details', () => {
    assert.deepEqual(healthEndpointView({ deployment: deployment({ model: 'openai/x', api_base: 'http://a' }), details: false, secrets: [] }), { model: 'openai/x', model_id: 'id-1' });
  });
});
