/**
 * Proof that the fake STS speaks the real protocol: the AWS SDK's own STS client (inside
 * @aws-sdk/credential-providers' fromTemporaryCredentials and fromWebToken) is its client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromTemporaryCredentials, fromWebToken } from '@aws-sdk/credential-providers';
import { startFakeAwsSts, type FakeAwsSts } from './fake-aws-sts.ts';

const BASE = { accessKeyId: 'AKIDFAKESTSBASE0001', secretAccessKey: 'fake-sts-base-secret-0123456789' };
const ROLE = 'arn:aws:iam::123456789012:role/bedrock-caller';
const GUARDED = 'arn:aws:iam::123456789012:role/guarded';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.fake-web-identity.sig';

describe('fake AWS STS driven by the AWS SDK credential providers', () => {
  let sts: FakeAwsSts;
  let clientConfig: { region: string; endpoint: string };

  before(async () => {
    sts = await startFakeAwsSts({ baseCredentials: [BASE], roles: [{ arn: ROLE }, { arn: GUARDED, externalId: 'ext-42' }], webIdentityTokens: [TOKEN] });
    clientConfig = { region: 'us-east-1', endpoint: sts.url };
  });
  after(() => sts.close());

  it('issues temporary credentials for a signed AssumeRole', async () => {
    const credentials = await fromTemporaryCredentials({ params: { RoleArn: ROLE, RoleSessionName: 'proof' }, masterCredentials: BASE, clientConfig })();
    assert.match(credentials.accessKeyId, /^ASIA/);
    assert.equal(typeof credentials.sessionToken, 'string');
    assert.ok((credentials.expiration?.getTime() ?? 0) > Date.now());
    assert.equal(sts.lookup(credentials.accessKeyId)?.secretAccessKey, credentials.secretAccessKey);
    const call = sts.calls.at(-1);
    assert.equal(call?.action, 'AssumeRole');
    assert.equal(call?.signedBy, BASE.accessKeyId);
    assert.equal(call?.params['RoleSessionName'], 'proof');
  });

  it('requires the ExternalId a role names and refuses a bad signature', async () => {
    await assert.rejects(fromTemporaryCredentials({ params: { RoleArn: GUARDED }, masterCredentials: BASE, clientConfig })(), /ExternalId/);
    const ok = await fromTemporaryCredentials({ params: { RoleArn: GUARDED, ExternalId: 'ext-42' }, masterCredentials: BASE, clientConfig })();
    assert.match(ok.accessKeyId, /^ASIA/);
    await assert.rejects(
      fromTemporaryCredentials({ params: { RoleArn: ROLE }, masterCredentials: { ...BASE, secretAccessKey: 'wrong' }, clientConfig })(),
      /signature/i,
    );
  });

  it('answers AssumeRoleWithWebIdentity for a known token only', async () => {
    const credentials = await fromWebToken({ roleArn: ROLE, webIdentityToken: TOKEN, roleSessionName: 'irsa', clientConfig })();
    assert.match(credentials.accessKeyId, /^ASIA/);
    assert.equal(sts.calls.at(-1)?.action, 'AssumeRoleWithWebIdentity');
    assert.equal(sts.calls.at(-1)?.params['WebIdentityToken'], TOKEN);
    await assert.rejects(fromWebToken({ roleArn: ROLE, webIdentityToken: 'forged', clientConfig })(), (error: unknown) => (error as Error).name === 'InvalidIdentityTokenException');
  });
});
