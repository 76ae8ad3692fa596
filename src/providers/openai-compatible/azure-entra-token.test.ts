import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Deployment } from '../../spec/deployment.ts';
import { ambientAzureEntraAuth, azureEntraSecrets, explicitAzureEntraAuth } from './azure-entra-token.ts';

const ENV = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CREDENTIAL'] as const;

function deployment(params: Record<string, unknown>): Deployment {
  return { id: 'd', modelName: 'm', provider: 'azure', providerModel: 'dep', params: { model: 'azure/dep', ...params }, info: {} };
}

describe('which Entra ID method a deployment uses', () => {
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const name of ENV) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const explicit: { name: string; params: Record<string, unknown>; expected: unknown }[] = [
    { name: 'nothing', params: {}, expected: undefined },
    { name: 'client secret', params: { tenant_id: 't', client_id: 'c', client_secret: 's' }, expected: { kind: 'client-secret', tenantId: 't', clientId: 'c', clientSecret: 's' } },
    { name: 'client secret missing a part', params: { tenant_id: 't', client_id: 'c' }, expected: undefined },
    { name: 'username and password', params: { client_id: 'c', azure_username: 'u', azure_password: 'p' }, expected: { kind: 'username-password', tenantId: 'organizations', clientId: 'c', username: 'u', password: 'p' } },
    { name: 'managed identity, system-assigned', params: { azure_use_managed_identity: true }, expected: { kind: 'managed-identity', clientId: undefined } },
    { name: 'managed identity, user-assigned', params: { azure_use_managed_identity: true, client_id: 'mi' }, expected: { kind: 'managed-identity', clientId: 'mi' } },
  ];
  for (const row of explicit) it(`explicit: ${row.name}`, () => assert.deepEqual(explicitAzureEntraAuth(deployment(row.params)), row.expected));

  it('ambient: workload identity from the AKS variables', () => {
    Object.assign(process.env, { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' });
    assert.deepEqual(ambientAzureEntraAuth(deployment({})), { kind: 'workload-identity', tenantId: 't', clientId: 'c', tokenFile: '/var/run/secrets/azure/tokens/azure-identity-token' });
  });

  it('ambient: nothing configured → no Entra ID; enable_azure_ad_token_refresh → DefaultAzureCredential', () => {
    assert.equal(ambientAzureEntraAuth(deployment({})), undefined);
    assert.deepEqual(ambientAzureEntraAuth(deployment({ enable_azure_ad_token_refresh: true })), { kind: 'default' });
  });

  it('ambient: AZURE_CREDENTIAL names the class, as in LiteLLM', () => {
    Object.assign(process.env, { AZURE_CREDENTIAL: 'ManagedIdentityCredential', AZURE_CLIENT_ID: 'mi' });
    assert.deepEqual(ambientAzureEntraAuth(deployment({})), { kind: 'managed-identity', clientId: 'mi' });
    Object.assign(process.env, { AZURE_CREDENTIAL: 'ClientSecretCredential', AZURE_TENANT_ID: 't', AZURE_CLIENT_SECRET: 's' });
    assert.deepEqual(ambientAzureEntraAuth(deployment({})), { kind: 'client-secret', tenantId: 't', clientId: 'mi', clientSecret: 's' });
    Object.assign(process.env, { AZURE_CREDENTIAL: 'DefaultAzureCredential' });
    assert.deepEqual(ambientAzureEntraAuth(deployment({})), { kind: 'default' });
  });

  it('secrets of a method are known for redaction', () => {
    assert.deepEqual(azureEntraSecrets({ kind: 'client-secret', tenantId: 't', clientId: 'c', clientSecret: 's3cret' }), ['s3cret']);
    assert.deepEqual(azureEntraSecrets({ kind: 'default' }), []);
  });
});
