/**
 * Proof that the fake Entra authority speaks the protocol `@azure/identity` uses: the real
 * ClientSecretCredential and WorkloadIdentityCredential get tokens from it (OpenID
 * discovery, then the v2.0 token endpoint), and a wrong secret fails as Entra fails.
 */
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClientSecretCredential, WorkloadIdentityCredential } from '@azure/identity';
import { startFakeEntra, type FakeEntra } from './fake-entra.ts';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const SCOPE = 'https://cognitiveservices.azure.com/.default';

describe('fake Entra ID driven by @azure/identity', () => {
  let entra: FakeEntra;
  let tokenFile: string;

  before(async () => {
    entra = await startFakeEntra({ tenantId: TENANT, clientId: CLIENT, clientSecret: 'the-secret', clientAssertion: 'federated-jwt' });
    entra.trust();
    tokenFile = join(mkdtempSync(join(tmpdir(), 'fed-')), 'token');
    writeFileSync(tokenFile, 'federated-jwt');
  });
  after(() => entra.close());

  it('ClientSecretCredential gets a token with the secret', async () => {
    const credential = new ClientSecretCredential(TENANT, CLIENT, 'the-secret', { authorityHost: entra.url, disableInstanceDiscovery: true });
    const token = await credential.getToken(SCOPE);
    assert.match(token.token, /^entra-token-\d+$/);
    assert.ok(token.expiresOnTimestamp > Date.now());
    assert.equal(entra.tokenRequests.at(-1)?.fields['client_secret'], 'the-secret');
  });

  it('WorkloadIdentityCredential sends the federated token file as the client assertion', async () => {
    const credential = new WorkloadIdentityCredential({ tenantId: TENANT, clientId: CLIENT, tokenFilePath: tokenFile, authorityHost: entra.url, disableInstanceDiscovery: true });
    const token = await credential.getToken(SCOPE);
    assert.match(token.token, /^entra-token-\d+$/);
    const fields = entra.tokenRequests.at(-1)?.fields;
    assert.equal(fields?.['client_assertion'], 'federated-jwt');
    assert.equal(fields?.['client_assertion_type'], 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  });

  it('a wrong secret fails with Entra\'s invalid_client', async () => {
    const credential = new ClientSecretCredential(TENANT, CLIENT, 'wrong', { authorityHost: entra.url, disableInstanceDiscovery: true });
    const error = await credential.getToken(SCOPE).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Error);
    assert.match(error.message, /invalid_client.*AADSTS7000215/s);
  });
});
