/**
 * The bedrock provider against the fake Bedrock Runtime and fake STS: signing (double-encoded
 * paths, session tokens, regions), bearer API keys, every credential source (static keys,
 * AssumeRole, web identity token value or file, IRSA through the default chain), credential
 * caching, streams and their failures, embeddings, images and Claude through Invoke.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { request } from 'undici';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../spec/chat.ts';
import type { Deployment } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { CallContext, Provider } from '../../spec/provider.ts';
import { decodeEmbeddingBase64 } from '../../provider-kit/embedding-base64.ts';
import { startFakeAwsSts, type FakeAwsSts } from '../../../test/fakes/fake-aws-sts.ts';
import { FAKE_BEDROCK_TEXT, FAKE_PNG_BASE64, fakeVector } from '../../../test/fakes/fake-bedrock-answers.ts';
import { startFakeBedrock, type FakeBedrock } from '../../../test/fakes/fake-bedrock.ts';
import { createBedrockProvider } from './bedrock-provider.ts';

const KEYS = { accessKeyId: 'AKIDPROVIDERTEST001', secretAccessKey: 'provider-test-secret-0123456789' };
const TEMP = { accessKeyId: 'ASIATEMPORARY000001', secretAccessKey: 'temporary-secret-abcdef', sessionToken: 'session-token-xyz-123' };
const BASE = { accessKeyId: 'AKIDSTSBASE00000001', secretAccessKey: 'sts-base-secret-0123456789' };
const ROLE = 'arn:aws:iam::123456789012:role/bedrock-caller';
const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.provider-test.sig';
const API_KEY = 'bedrock-api-key-ABSKQmVkcm9ja0FQSUtleQ';
const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const hi: ChatCompletionRequest = { model: 'x', messages: [{ role: 'user', content: 'hi' }] };
const AWS_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ENDPOINT_URL_STS', 'AWS_REGION', 'AWS_PROFILE', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'];

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('bedrock provider against the fake Bedrock Runtime and STS', () => {
  let fake: FakeBedrock;
  let sts: FakeAwsSts;
  let provider: Provider;
  let savedEnv: Record<string, string | undefined>;
  let tmp: string;

  before(async () => {
    sts = await startFakeAwsSts({ baseCredentials: [BASE], roles: [{ arn: ROLE }], webIdentityTokens: [WEB_TOKEN] });
    fake = await startFakeBedrock({ credentials: [KEYS, TEMP], lookup: (id) => sts.lookup(id), bearerTokens: [API_KEY] });
    tmp = mkdtempSync(join(tmpdir(), 'switchyard-bedrock-'));
  });
  after(async () => {
    await fake.close();
    await sts.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake.reset();
    sts.calls.length = 0;
    provider = createBedrockProvider();
    savedEnv = Object.fromEntries(AWS_ENV.map((name) => [name, process.env[name]]));
    for (const name of AWS_ENV) delete process.env[name];
    // No profile files or instance metadata on the test machine's default chain.
    process.env['AWS_CONFIG_FILE'] = join(tmp, 'no-config');
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(tmp, 'no-credentials');
    process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  function ctx(model: string, params: Record<string, unknown> = { aws_access_key_id: KEYS.accessKeyId, aws_secret_access_key: KEYS.secretAccessKey }): CallContext {
    const deployment: Deployment = {
      id: 'd1', modelName: 'group', provider: 'bedrock', providerModel: model,
      params: { model: `bedrock/${model}`, api_base: fake.url, aws_region_name: 'us-east-1', ...params },
      info: {},
    };
    return { deployment, signal: new AbortController().signal, timeoutMs: 10_000, log: { debug() {}, info() {}, warn() {} } };
  }

  describe('signing and auth', () => {
    it('signs Converse with static keys over the %3A-encoded path', async () => {
      const { body } = await provider.chat!(hi, ctx(CLAUDE));
      assert.equal(body.choices[0]?.message.content, FAKE_BEDROCK_TEXT);
      const recorded = fake.requests[0];
      assert.equal(recorded?.rawPath, '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
      assert.equal(recorded?.signedBy, KEYS.accessKeyId);
      assert.equal(recorded?.httpVersion, '1.1');
    });

    it('encodes an ARN model id (slashes too) and still signs it right', async () => {
      const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';
      await provider.chat!(hi, ctx(arn));
      assert.equal(fake.requests[0]?.rawPath, `/model/${encodeURIComponent(arn)}/converse`);
      assert.equal(fake.requests[0]?.signedBy, KEYS.accessKeyId);
    });

    it('sends the session token of temporary keys', async () => {
      await provider.chat!(hi, ctx(CLAUDE, { aws_access_key_id: TEMP.accessKeyId, aws_secret_access_key: TEMP.secretAccessKey, aws_session_token: TEMP.sessionToken }));
      assert.equal(fake.requests[0]?.headers['x-amz-security-token'], TEMP.sessionToken);
      assert.equal(fake.requests[0]?.signedBy, TEMP.accessKeyId);
    });

    it('the fake rejects a path signed single-encoded (so the double encoding above is really checked)', async () => {
      const url = `${fake.url}/model/${encodeURIComponent(CLAUDE)}/converse`;
      const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
      const signer = new SignatureV4({ service: 'bedrock', region: 'us-east-1', credentials: KEYS, sha256: Sha256, uriEscapePath: false });
      const { hostname, port, pathname, host } = new URL(url);
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname, port: Number(port), path: pathname, query: {}, headers: { host, 'content-type': 'application/json' }, body });
      const response = await request(url, { method: 'POST', headers: signed.headers, body });
      assert.equal(response.statusCode, 403);
      assert.match(String(response.headers['x-amzn-errortype']), /^InvalidSignatureException/);
      await response.body.dump();
    });

    it('a signature for another region is an authentication error (401)', async () => {
      await assert.rejects(provider.chat!(hi, ctx(CLAUDE, { ...KEYS_PARAMS, aws_region_name: 'eu-west-1' })), (error: unknown) => error instanceof GatewayError && error.status === 401);
    });

    it('uses a Bedrock API key (api_key, else AWS_BEARER_TOKEN_BEDROCK) as a bearer token without signing', async () => {
      await provider.chat!(hi, ctx(CLAUDE, { api_key: API_KEY }));
      assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${API_KEY}`);
      assert.equal(fake.requests[0]?.headers['x-amz-date'], undefined);
      process.env['AWS_BEARER_TOKEN_BEDROCK'] = API_KEY;
      await provider.chat!(hi, ctx(CLAUDE, {}));
      assert.equal(fake.requests[1]?.signedBy, 'bearer');
    });

    it('assumes aws_role_name through STS with the base keys, and reuses the credentials', async () => {
      const params = { aws_access_key_id: BASE.accessKeyId, aws_secret_access_key: BASE.secretAccessKey, aws_role_name: ROLE, aws_session_name: 'sy-test', aws_sts_endpoint: sts.url };
      await provider.chat!(hi, ctx(CLAUDE, params));
      await provider.chat!(hi, ctx(CLAUDE, params));
      assert.equal(sts.calls.length, 1, 'one AssumeRole for two calls');
      assert.equal(sts.calls[0]?.action, 'AssumeRole');
      assert.equal(sts.calls[0]?.signedBy, BASE.accessKeyId);
      assert.equal(sts.calls[0]?.params['RoleSessionName'], 'sy-test');
      const issued = sts.issued.at(-1);
      assert.equal(fake.requests[1]?.signedBy, issued?.accessKeyId);
      assert.equal(fake.requests[1]?.headers['x-amz-security-token'], issued?.sessionToken);
    });

    it('renews credentials that are about to expire', async () => {
      const shortSts = await startFakeAwsSts({ baseCredentials: [BASE], roles: [{ arn: ROLE }], durationSeconds: 60 });
      const shortFake = await startFakeBedrock({ lookup: (id) => shortSts.lookup(id) });
      try {
        const params = { api_base: shortFake.url, aws_access_key_id: BASE.accessKeyId, aws_secret_access_key: BASE.secretAccessKey, aws_role_name: ROLE, aws_sts_endpoint: shortSts.url };
        await provider.chat!(hi, ctx(CLAUDE, params));
        await provider.chat!(hi, ctx(CLAUDE, params));
        assert.equal(shortSts.calls.length, 2);
        assert.notEqual(shortFake.requests[0]?.signedBy, shortFake.requests[1]?.signedBy);
      } finally {
        await shortFake.close();
        await shortSts.close();
      }
    });

    it('exchanges aws_web_identity_token (a value or a file) for role credentials', async () => {
      await provider.chat!(hi, ctx(CLAUDE, { aws_web_identity_token: WEB_TOKEN, aws_role_name: ROLE, aws_sts_endpoint: sts.url }));
      assert.equal(sts.calls[0]?.action, 'AssumeRoleWithWebIdentity');
      assert.equal(fake.requests[0]?.signedBy, sts.issued.at(-1)?.accessKeyId);
      const file = join(tmp, 'token');
      writeFileSync(file, `${WEB_TOKEN}\n`);
      await provider.chat!(hi, ctx(CLAUDE, { aws_web_identity_token: file, aws_role_name: ROLE, aws_session_name: 'from-file', aws_sts_endpoint: sts.url }));
      assert.equal(sts.calls[1]?.params['WebIdentityToken'], WEB_TOKEN);
    });

    it('IRSA: the default chain reads AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE and calls STS at AWS_ENDPOINT_URL_STS', async () => {
      const file = join(tmp, 'irsa-token');
      writeFileSync(file, WEB_TOKEN);
      process.env['AWS_ROLE_ARN'] = ROLE;
      process.env['AWS_WEB_IDENTITY_TOKEN_FILE'] = file;
      process.env['AWS_ENDPOINT_URL_STS'] = sts.url;
      process.env['AWS_REGION'] = 'us-east-1';
      const { body } = await provider.chat!(hi, ctx(CLAUDE, {}));
      assert.equal(body.choices[0]?.message.content, FAKE_BEDROCK_TEXT);
      assert.equal(sts.calls[0]?.action, 'AssumeRoleWithWebIdentity');
      assert.equal(sts.calls[0]?.params['RoleArn'], ROLE);
      assert.equal(fake.requests[0]?.signedBy, sts.issued.at(-1)?.accessKeyId);
    });

    it('an STS that never answers ends with the call timeout (408)', async () => {
      const sockets = new Set<Socket>();
      const silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = silent.address() as AddressInfo;
        const call = { ...ctx(CLAUDE, { aws_web_identity_token: WEB_TOKEN, aws_role_name: ROLE, aws_sts_endpoint: `http://127.0.0.1:${port}` }), timeoutMs: 300 };
        await assert.rejects(provider.chat!(hi, call), (error: unknown) => error instanceof GatewayError && error.kind === 'timeout');
        assert.equal(fake.requests.length, 0);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('a failed STS exchange is a 401 that does not echo the token', async () => {
      await assert.rejects(provider.chat!(hi, ctx(CLAUDE, { aws_web_identity_token: 'forged-token-value', aws_role_name: ROLE, aws_sts_endpoint: sts.url })), (error: unknown) => {
        return error instanceof GatewayError && error.status === 401 && !error.message.includes('forged-token-value');
      });
    });
  });

  describe('chat', () => {
    it('sends the translated Converse body', async () => {
      await provider.chat!({ ...hi, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], max_tokens: 20 }, ctx(CLAUDE));
      assert.deepEqual(fake.requests[0]?.body, { messages: [{ role: 'user', content: [{ text: 'hi' }] }], system: [{ text: 'Be brief.' }], inferenceConfig: { maxTokens: 20 } });
    });

    it('streams text and tool calls from binary event-stream frames, usage last', async () => {
      fake.script(() => ({ content: [{ text: 'Sure.' }, { toolUse: { toolUseId: 'tu_9', name: 'get_weather', input: { city: 'Oslo' } } }], usage: { inputTokens: 9, outputTokens: 4 } }));
      const stream = await provider.streamChat!({ ...hi, tools: [{ type: 'function', function: { name: 'get_weather' } }] }, ctx(CLAUDE));
      const chunks = await collect(stream.chunks);
      assert.equal(fake.requests[0]?.action, 'converse-stream');
      const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
      const args = chunks.map((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '').join('');
      assert.equal(text, 'Sure.');
      assert.deepEqual(JSON.parse(args), { city: 'Oslo' });
      assert.equal(chunks.find((c) => c.choices[0]?.delta.tool_calls?.[0]?.id)?.choices[0]?.delta.tool_calls?.[0]?.id, 'tu_9');
      assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'tool_calls');
      assert.deepEqual(chunks.at(-1)?.usage?.prompt_tokens, 9);
    });

    it('throws a mid-stream exception frame from the iterator as a catalogue error', async () => {
      fake.failNext({ kind: 'stream-exception', afterEvents: 2, exceptionType: 'throttlingException', message: 'Too many tokens, please wait.' });
      const stream = await provider.streamChat!(hi, ctx(CLAUDE));
      const seen: ChatCompletionChunk[] = [];
      await assert.rejects(
        async () => {
          for await (const chunk of stream.chunks) seen.push(chunk);
        },
        (error: unknown) => error instanceof GatewayError && error.kind === 'rate_limit' && /Too many tokens/.test(error.message),
      );
      assert.equal(seen.length, 2);
    });

    it('a stream cut before messageStop is a connection error, not a complete answer', async () => {
      fake.failNext({ kind: 'stream-cut', afterEvents: 3 });
      const stream = await provider.streamChat!(hi, ctx(CLAUDE));
      await assert.rejects(collect(stream.chunks), (error: unknown) => error instanceof GatewayError && error.kind === 'api_connection');
    });

    it('maps AWS error answers before the stream starts', async () => {
      fake.failNext({ kind: 'error', status: 400, errorType: 'ValidationException', message: 'Input is too long for requested model.' });
      await assert.rejects(provider.streamChat!(hi, ctx(CLAUDE)), (error: unknown) => error instanceof GatewayError && error.kind === 'context_window_exceeded');
    });

    it('serves Claude through Invoke (bedrock/invoke/) with anthropic_version, stream and non-stream', async () => {
      const { body } = await provider.chat!({ ...hi, max_tokens: 30 }, ctx(`invoke/${CLAUDE}`));
      assert.equal(body.choices[0]?.message.content, FAKE_BEDROCK_TEXT);
      const sent = fake.requests[0];
      assert.equal(sent?.action, 'invoke');
      assert.deepEqual(sent?.body, { anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], max_tokens: 30 });
      const stream = await provider.streamChat!(hi, ctx(`invoke/${CLAUDE}`));
      const chunks = await collect(stream.chunks);
      assert.equal(fake.requests[1]?.action, 'invoke-with-response-stream');
      assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), FAKE_BEDROCK_TEXT);
    });

    it('refuses chat through Invoke for families other than Claude', async () => {
      await assert.rejects(provider.chat!(hi, ctx('meta.llama2-13b-chat-v1')), (error: unknown) => error instanceof GatewayError && error.kind === 'bad_request');
      assert.equal(fake.requests.length, 0);
    });

    it('names the OpenAI parameters Bedrock cannot take', () => {
      const names = provider.unsupportedParams('chat', { ...hi, n: 2, seed: 1, presence_penalty: 0.1, logprobs: true, temperature: 0.1 }, ctx(CLAUDE).deployment);
      assert.deepEqual(names.sort(), ['logprobs', 'n', 'presence_penalty', 'seed']);
    });
  });

  describe('embeddings and images', () => {
    it('embeds with Titan one request per input, with dimensions, as floats or base64', async () => {
      const { body } = await provider.embedding!({ model: 'x', input: ['alpha', 'beta'], dimensions: 256 }, ctx('amazon.titan-embed-text-v2:0'));
      assert.equal(fake.requests.length, 2);
      assert.deepEqual(fake.requests.map((r) => r.body), [{ inputText: 'alpha', dimensions: 256 }, { inputText: 'beta', dimensions: 256 }]);
      assert.deepEqual(body.data[1]?.embedding, fakeVector('beta', 256));
      assert.equal(body.usage.prompt_tokens, 3, 'the sum of each inputTextTokenCount');
      const b64 = await provider.embedding!({ model: 'x', input: 'alpha', encoding_format: 'base64' }, ctx('amazon.titan-embed-text-v2:0'));
      const decoded = decodeEmbeddingBase64(b64.body.data[0]?.embedding as string);
      assert.equal(decoded.length, 1024);
      assert.ok(Math.abs((decoded[0] ?? 0) - (fakeVector('alpha', 1024)[0] ?? 0)) < 1e-6);
    });

    it('embeds with Cohere in one request, input_type search_document by default', async () => {
      const { body } = await provider.embedding!({ model: 'x', input: ['a', 'b'] }, ctx('cohere.embed-english-v3'));
      assert.deepEqual(fake.requests[0]?.body, { texts: ['a', 'b'], input_type: 'search_document' });
      assert.equal(body.data.length, 2);
      assert.equal(body.usage.prompt_tokens, 2);
    });

    it('generates Titan images (n, size) and Stability images (aspect ratio) as b64_json', async () => {
      const titan = await provider.imageGeneration!({ model: 'x', prompt: 'a red fox', n: 2, size: '512x512' }, ctx('amazon.titan-image-generator-v2:0'));
      assert.deepEqual(fake.requests[0]?.body, { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'a red fox' }, imageGenerationConfig: { numberOfImages: 2, width: 512, height: 512 } });
      assert.deepEqual(titan.body.data, [{ b64_json: FAKE_PNG_BASE64 }, { b64_json: FAKE_PNG_BASE64 }]);
      const sd = await provider.imageGeneration!({ model: 'x', prompt: 'a fox', size: '1920x1080' }, ctx('stability.sd3-5-large-v1:0'));
      assert.deepEqual(fake.requests[1]?.body, { prompt: 'a fox', aspect_ratio: '16:9' });
      assert.deepEqual(sd.body.data, [{ b64_json: FAKE_PNG_BASE64 }]);
      await assert.rejects(provider.imageGeneration!({ model: 'x', prompt: 'a fox', size: '1792x1024' }, ctx('stability.sd3-5-large-v1:0')), (error: unknown) => error instanceof GatewayError && error.param === 'size');
      assert.equal(fake.requests.length, 2);
    });

    it('a Stability refusal is a content-policy error', async () => {
      await assert.rejects(provider.imageGeneration!({ model: 'x', prompt: 'something forbidden', size: '1024x1024' }, ctx('stability.stable-image-core-v1:1')), (error: unknown) => error instanceof GatewayError && error.kind === 'content_policy_violation');
      assert.deepEqual(fake.requests[0]?.body, { prompt: 'something forbidden', aspect_ratio: '1:1' });
    });
  });
});

const KEYS_PARAMS = { aws_access_key_id: KEYS.accessKeyId, aws_secret_access_key: KEYS.secretAccessKey };
