/**
 * azure/ with Entra ID end to end: the gateway gets tokens from a fake Entra authority
 * (HTTPS on loopback, `AZURE_AUTHORITY_HOST`) through the real `@azure/identity`, and the
 * fake Azure OpenAI must see them as `Authorization: Bearer`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeEntra, type FakeEntra } from '../fakes/fake-entra.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { errorOf, startGateway, type TestGateway } from '../support/start-gateway.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b7e4b52-1f7a-4e0a-9b7e-6f7d1c2a3b4c';
const SECRET = 'client-secret-value-0123456789';
const FEDERATED = 'eyJhbGciOiJSUzI1NiJ9.federated-service-account-token.sig';
const hi = [{ role: 'user' as const, content: 'hi' }];

describe('azure/ with Entra ID', () => {
  let entra: FakeEntra;
  let azure: FakeOpenAI;
  let gateway: TestGateway;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    entra = await startFakeEntra({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, clientAssertion: FEDERATED });
    entra.trust();
    azure = await startFakeOpenAI({ azure: true });
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'azure-wi-')), 'azure-identity-token');
    writeFileSync(tokenFile, FEDERATED);
    const env = { AZURE_AUTHORITY_HOST: entra.url, AZURE_FEDERATED_TOKEN_FILE: tokenFile, AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    const base = { api_base: azure.url, api_version: '2024-10-21' };
    gateway = await startGateway({
      models: [
        { model_name: 'workload', litellm_params: { model: 'azure/gpt-4o-wi', ...base } },
        { model_name: 'secret', litellm_params: { model: 'azure/gpt-4o-cs', ...base, tenant_id: TENANT, client_id: CLIENT, client_secret: SECRET } },
        { model_name: 'wrong-secret', litellm_params: { model: 'azure/gpt-4o-bad', ...base, tenant_id: TENANT, client_id: CLIENT, client_secret: 'wrong-secret-value-987654' } },
        { model_name: 'keyed', litellm_params: { model: 'azure/gpt-4o-key', ...base, api_key: 'azure-key-abcdef', tenant_id: TENANT, client_id: CLIENT, client_secret: SECRET } },
        { model_name: 'embed', litellm_params: { model: 'azure/embed-wi', ...base } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await azure.close();
    await entra.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  beforeEach(() => azure.reset());

  it('workload identity: exchanges the federated token file for a token and sends it as Bearer', async () => {
    const before = entra.tokenRequests.length;
    const data = await gateway.client.chat.completions.create({ model: 'workload', messages: hi });
    assert.equal(data.object, 'chat.completion');
    const request = entra.tokenRequests.at(-1);
    assert.equal(entra.tokenRequests.length, before + 1);
    assert.equal(request?.tenant, TENANT);
    assert.deepEqual(
      [request?.fields['client_id'], request?.fields['client_assertion'], request?.fields['grant_type']],
      [CLIENT, FEDERATED, 'client_credentials'],
    );
    assert.match(request?.fields['scope'] ?? '', /https:\/\/cognitiveservices\.azure\.com\/\.default/);
    const upstream = azure.requests.at(-1);
    assert.match(String(upstream?.headers.authorization), /^Bearer entra-token-\d+$/);
    assert.equal(upstream?.headers['api-key'], undefined);
  });

  it('reuses the cached token until it nears expiry, across calls and deployments of the same identity', async () => {
    await gateway.client.chat.completions.create({ model: 'workload', messages: hi });
    const count = entra.tokenRequests.length;
    await gateway.client.chat.completions.create({ model: 'workload', messages: hi });
    const stream = await gateway.client.chat.completions.create({ model: 'workload', messages: hi, stream: true });
    for await (const _chunk of stream) {
      // drain
    }
    await gateway.client.embeddings.create({ model: 'embed', input: 'x' });
    assert.equal(entra.tokenRequests.length, count, 'no new token request');
    const bearers = new Set(azure.requests.map((r) => r.headers.authorization));
    assert.equal(bearers.size, 1);
    assert.equal(azure.requests.at(-1)?.path, '/openai/deployments/embed-wi/embeddings');
  });

  it('client secret (tenant_id + client_id + client_secret) → ClientSecretCredential', async () => {
    await gateway.client.chat.completions.create({ model: 'secret', messages: hi });
    assert.equal(entra.tokenRequests.at(-1)?.fields['client_secret'], SECRET);
    assert.match(String(azure.requests.at(-1)?.headers.authorization), /^Bearer entra-token-\d+$/);
    assert.equal(azure.requests.at(-1)?.path, '/openai/deployments/gpt-4o-cs/chat/completions');
  });

  it('a rejected client secret is a 401 AuthenticationError that never shows the secret', async () => {
    const r = await gateway.post('/v1/chat/completions', { model: 'wrong-secret', messages: hi, num_retries: 0 });
    assert.equal(r.status, 401);
    const message = errorOf(r.body).message;
    assert.match(message, /^litellm\.AuthenticationError: AzureException - could not get an Entra ID token \(client-secret\)/);
    assert.match(message, /AADSTS7000215/);
    assert.doesNotMatch(r.text, /wrong-secret-value-987654/);
    assert.equal(azure.requests.length, 0, 'Azure is not called without a token');
  });

  it('an api_key wins over Entra settings', async () => {
    await gateway.client.chat.completions.create({ model: 'keyed', messages: hi });
    assert.equal(azure.requests.at(-1)?.headers['api-key'], 'azure-key-abcdef');
    assert.equal(azure.requests.at(-1)?.headers.authorization, undefined);
  });
});
