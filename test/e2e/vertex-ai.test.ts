/**
 * vertex_ai/ end to end: the real gateway in front of the fake Gemini upstream (Vertex paths),
 * a fake GCE metadata server (Application Default Credentials) and a fake Google OAuth token
 * endpoint (service-account JSON keys), driven by the official openai SDK.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { FAKE_ANTHROPIC_TEXT } from '../fakes/fake-anthropic-answers.ts';
import { FAKE_GEMINI_DIMENSIONS, FAKE_GEMINI_TEXT, FAKE_IMAGE_BASE64 } from '../fakes/fake-gemini-answers.ts';
import { startFakeGcpMetadata, useFakeMetadataHost, type FakeGcpMetadata } from '../fakes/fake-gcp-metadata.ts';
import { googleError, startFakeGemini, type FakeGemini } from '../fakes/fake-gemini.ts';
import { createServiceAccount, startFakeGoogleOAuth, type FakeGoogleOAuth } from '../fakes/fake-google-oauth.ts';
import { errorOf, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';

const USER = { clientId: 'fake-client.apps.googleusercontent.com', clientSecret: 'fake-client-secret-123', refreshToken: '1//fake-refresh-token-456' };
const hi = [{ role: 'user' as const, content: 'hi' }];
const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];

describe('vertex_ai/ through the gateway', () => {
  let fake: FakeGemini;
  let metadata: FakeGcpMetadata;
  let oauth: FakeGoogleOAuth;
  let gateway: TestGateway;
  let restoreEnv: () => void;
  let dir: string;
  const accounts = { inline: createServiceAccount({ tokenUri: '' }), file: createServiceAccount({ tokenUri: '', email: 'from-file@fake-project.iam.gserviceaccount.com' }) };

  before(async () => {
    metadata = await startFakeGcpMetadata();
    restoreEnv = useFakeMetadataHost(metadata.host);
    oauth = await startFakeGoogleOAuth({ user: USER, serviceAccounts: { [accounts.inline.json['client_email'] ?? '']: accounts.inline.publicKey, [accounts.file.json['client_email'] ?? '']: accounts.file.publicKey } });
    fake = await startFakeGemini({ accessTokens: () => [...metadata.tokens, ...oauth.tokens] });
    const model = (publisher: string, name: string): string => `${fake.url}/v1/projects/proj-1/locations/europe-west4/publishers/${publisher}/models/${name}`;
    const inline = JSON.stringify({ ...accounts.inline.json, token_uri: oauth.tokenUri });
    dir = mkdtempSync(join(tmpdir(), 'switchyard-vertex-'));
    const file = join(dir, 'sa.json');
    writeFileSync(file, JSON.stringify({ ...accounts.file.json, token_uri: oauth.tokenUri }));
    // The inline account's email with another key: the fake must refuse the signature.
    const stranger = JSON.stringify({ ...createServiceAccount({ tokenUri: oauth.tokenUri, email: accounts.inline.json['client_email'] }).json });
    gateway = await startGateway({
      models: [
        { model_name: 'adc', litellm_params: { model: 'vertex_ai/gemini-2.5-flash', api_base: model('google', 'gemini-2.5-flash') } },
        { model_name: 'sa-inline', litellm_params: { model: 'vertex_ai/gemini-2.5-flash', api_base: model('google', 'gemini-2.5-flash'), vertex_credentials: inline } },
        { model_name: 'sa-file', litellm_params: { model: 'vertex_ai/gemini-2.5-flash', api_base: model('google', 'gemini-2.5-flash'), vertex_credentials: file } },
        { model_name: 'sa-stranger', litellm_params: { model: 'vertex_ai/gemini-2.5-flash', api_base: model('google', 'gemini-2.5-flash'), vertex_credentials: stranger } },
        { model_name: 'user', litellm_params: { model: 'vertex_ai/gemini-2.5-flash', api_base: model('google', 'gemini-2.5-flash'), vertex_credentials: { type: 'authorized_user', client_id: USER.clientId, client_secret: USER.clientSecret, refresh_token: USER.refreshToken, token_uri: oauth.tokenUri } } },
        { model_name: 'embed', litellm_params: { model: 'vertex_ai/text-embedding-005', api_base: model('google', 'text-embedding-005') } },
        { model_name: 'imagen', litellm_params: { model: 'vertex_ai/imagen-3.0-generate-002', api_base: model('google', 'imagen-3.0-generate-002') } },
        { model_name: 'claude', litellm_params: { model: 'vertex_ai/claude-sonnet-4-5', api_base: model('anthropic', 'claude-sonnet-4-5') } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
    await oauth.close();
    await metadata.close();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => fake.reset());

  describe('auth', () => {
    it('ADC from the metadata server: the token is the Bearer, fetched once for several calls', async () => {
      for (let i = 0; i < 3; i++) {
        const data = await gateway.client.chat.completions.create({ model: 'adc', messages: hi });
        assert.equal(data.choices[0]?.message.content, FAKE_GEMINI_TEXT);
      }
      assert.equal(metadata.tokens.length, 1);
      assert.equal(metadata.scopes[0], 'https://www.googleapis.com/auth/cloud-platform');
      assert.deepEqual(fake.requests.map((r) => r.headers.authorization), Array(3).fill(`Bearer ${metadata.tokens[0]}`));
      assert.equal(fake.requests[0]?.path, '/v1/projects/proj-1/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent');
    });

    it('a service-account JSON string: a signed JWT assertion at its token_uri, the token reused', async () => {
      await gateway.client.chat.completions.create({ model: 'sa-inline', messages: hi });
      await gateway.client.chat.completions.create({ model: 'sa-inline', messages: hi });
      const claims = oauth.assertions.filter((a) => a.iss === accounts.inline.json['client_email']);
      assert.equal(claims.length, 1, 'one verified assertion');
      assert.equal(claims[0]?.scope, 'https://www.googleapis.com/auth/cloud-platform');
      const token = oauth.tokens[oauth.assertions.indexOf(claims[0] as never)];
      assert.deepEqual(fake.requests.map((r) => r.headers.authorization), [`Bearer ${token}`, `Bearer ${token}`]);
    });

    it('a service-account key file path works the same way', async () => {
      await gateway.client.chat.completions.create({ model: 'sa-file', messages: hi });
      assert.ok(oauth.assertions.some((a) => a.iss === 'from-file@fake-project.iam.gserviceaccount.com'));
      assert.match(String(fake.requests[0]?.headers.authorization), /^Bearer ya29\.fake-oauth-token-\d+$/);
    });

    it('authorized_user credentials (a YAML mapping) refresh at the token_uri', async () => {
      const before = oauth.tokens.length;
      await gateway.client.chat.completions.create({ model: 'user', messages: hi });
      assert.equal(oauth.tokens.length, before + 1);
      assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${oauth.tokens.at(-1)}`);
    });

    it('credentials the token endpoint refuses are a 401 that shows no key material', async () => {
      const r = await gateway.post('/v1/chat/completions', { model: 'sa-stranger', messages: hi, num_retries: 0 });
      assert.equal(r.status, 401);
      const message = errorOf(r.body).message;
      assert.match(message, /^litellm\.AuthenticationError: VertexAIException - could not get a Google access token/);
      assert.doesNotMatch(message, /PRIVATE KEY|ya29\./);
      assert.deepEqual(oauth.refused, ['Invalid JWT Signature.']);
      assert.equal(fake.requests.length, 0);
    });
  });

  it('streams a Gemini answer with a tool call and usage', async () => {
    const runner = gateway.client.chat.completions.stream({ model: 'adc', messages: [{ role: 'user', content: 'weather?' }], tools: TOOLS, stream_options: { include_usage: true } });
    const final = await runner.finalChatCompletion();
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(final.choices[0]?.message.tool_calls?.[0]?.type === 'function' && final.choices[0].message.tool_calls[0].function.name, 'get_weather');
    assert.ok((final.usage?.total_tokens ?? 0) > 0);
    assert.match(fake.requests[0]?.url ?? '', /:streamGenerateContent\?alt=sse$/);
  });

  it('embeds with :predict, dimensions → outputDimensionality, usage from token_count', async () => {
    const result = await gateway.client.embeddings.create({ model: 'embed', input: ['hello world', 'x'], dimensions: 4 });
    assert.equal(result.data.length, 2);
    assert.equal(result.data[0]?.embedding.length, 4);
    assert.equal(result.usage.prompt_tokens, 3);
    assert.deepEqual(fake.requests[0]?.body, { instances: [{ content: 'hello world' }, { content: 'x' }], parameters: { outputDimensionality: 4 } });
    const plain = await gateway.client.embeddings.create({ model: 'embed', input: 'one' });
    assert.equal(plain.data[0]?.embedding.length, FAKE_GEMINI_DIMENSIONS);
  });

  it('generates images with Imagen: n → sampleCount, size → aspectRatio, b64_json back; url answers are refused', async () => {
    const result = await gateway.client.images.generate({ model: 'imagen', prompt: 'a cat', n: 2, size: '1792x1024', response_format: 'b64_json' });
    assert.deepEqual(result.data?.map((d) => d.b64_json), [FAKE_IMAGE_BASE64, FAKE_IMAGE_BASE64]);
    assert.deepEqual(fake.requests[0]?.body, { instances: [{ prompt: 'a cat' }], parameters: { sampleCount: 2, aspectRatio: '16:9' } });
    const url = await gateway.post('/v1/images/generations', { model: 'imagen', prompt: 'a cat', response_format: 'url' });
    assert.equal(url.status, 400);
    assert.match(errorOf(url.body).message, /response_format/);
  });

  it('calls Claude on Vertex with :rawPredict and :streamRawPredict (anthropic_version in the body, no model)', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'claude', messages: [{ role: 'system', content: 'be brief' }, ...hi], max_tokens: 100 });
    assert.equal(data.choices[0]?.message.content, FAKE_ANTHROPIC_TEXT);
    const request = fake.requests[0];
    assert.equal(request?.path, '/v1/projects/proj-1/locations/europe-west4/publishers/anthropic/models/claude-sonnet-4-5:rawPredict');
    assert.deepEqual(request?.body, { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], max_tokens: 100, system: [{ type: 'text', text: 'be brief' }], anthropic_version: 'vertex-2023-10-16' });
    const stream = await gateway.client.chat.completions.create({ model: 'claude', messages: hi, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, FAKE_ANTHROPIC_TEXT);
    assert.match(fake.requests[1]?.path ?? '', /:streamRawPredict$/);
    assert.equal((fake.requests[1]?.body as { stream?: unknown }).stream, true);
  });

  it('maps Vertex errors: 403 PERMISSION_DENIED, 429 with retry-after, a mid-stream error', async () => {
    fake.failNext({ kind: 'status', error: googleError(403, 'PERMISSION_DENIED', "Permission 'aiplatform.endpoints.predict' denied on resource") });
    const denied = await gateway.client.chat.completions.create({ model: 'adc', messages: hi }).then(() => undefined, (e: unknown) => e);
    assert.ok(denied instanceof OpenAI.PermissionDeniedError);
    assert.match(denied.message, /VertexAIException - Permission/);
    fake.failNext({ kind: 'status', error: googleError(429, 'RESOURCE_EXHAUSTED', 'Resource exhausted. Please try again later.'), headers: { 'retry-after': '9' } });
    const limited = await gateway.post('/v1/chat/completions', { model: 'adc', messages: hi, num_retries: 0 });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '9');
    fake.failNext({ kind: 'stream-error', afterEvents: 2, error: googleError(500, 'INTERNAL', 'Internal error encountered.') });
    const broken = await gateway.post('/v1/chat/completions', { model: 'adc', messages: hi, stream: true });
    const last = JSON.parse(sseData(broken.text).at(-1) ?? '{}') as unknown;
    assert.equal(errorOf(last).code, '500');
    assert.doesNotMatch(broken.text, /ya29\./);
  });
});
