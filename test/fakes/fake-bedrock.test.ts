/**
 * Proof that the fake Bedrock Runtime speaks the real protocol: the official
 * @aws-sdk/client-bedrock-runtime is its client (default HTTP/2 handler and an HTTP/1.1
 * handler), for Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, AWS
 * errors, stream exceptions and signature checks.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { FAKE_BEDROCK_TEXT } from './fake-bedrock-answers.ts';
import { startFakeBedrock, type FakeBedrock } from './fake-bedrock.ts';

const CREDENTIALS = { accessKeyId: 'AKIDFAKEBEDROCK0001', secretAccessKey: 'fake-secret-key-0123456789abcdef' };
const CLAUDE = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const hi = [{ role: 'user' as const, content: [{ text: 'Say hello' }] }];

function sdkError(error: unknown): { name: string; status: number | undefined; message: string } {
  const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
}

describe('fake Bedrock Runtime driven by @aws-sdk/client-bedrock-runtime', () => {
  let fake: FakeBedrock;
  let client: BedrockRuntimeClient;
  let http1: BedrockRuntimeClient;

  before(async () => {
    fake = await startFakeBedrock({ credentials: [CREDENTIALS] });
    const config = { region: 'us-east-1', endpoint: fake.url, credentials: CREDENTIALS, maxAttempts: 1 };
    client = new BedrockRuntimeClient(config);
    http1 = new BedrockRuntimeClient({ ...config, requestHandler: new NodeHttpHandler() });
  });
  after(async () => {
    client.destroy();
    http1.destroy();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('answers Converse over the SDK default (HTTP/2) and verifies the double-encoded signature', async () => {
    const out = await client.send(new ConverseCommand({ modelId: CLAUDE, messages: hi, inferenceConfig: { maxTokens: 10 } }));
    assert.equal(out.output?.message?.content?.[0]?.text, FAKE_BEDROCK_TEXT);
    assert.equal(out.stopReason, 'end_turn');
    assert.ok((out.usage?.inputTokens ?? 0) > 0);
    const recorded = fake.requests[0];
    assert.equal(recorded?.httpVersion, '2.0');
    assert.equal(recorded?.rawPath, '/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse');
    assert.equal(recorded?.modelId, CLAUDE);
    assert.equal(recorded?.signedBy, CREDENTIALS.accessKeyId);
    assert.deepEqual(recorded?.body, { messages: hi, inferenceConfig: { maxTokens: 10 } });
  });

  it('answers Converse over HTTP/1.1 too', async () => {
    const out = await http1.send(new ConverseCommand({ modelId: CLAUDE, messages: hi }));
    assert.equal(out.output?.message?.content?.[0]?.text, FAKE_BEDROCK_TEXT);
    assert.equal(fake.requests[0]?.httpVersion, '1.1');
  });

  it('streams a scripted tool call as ConverseStream events the SDK decodes', async () => {
    fake.script(() => ({ content: [{ text: 'Checking.' }, { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } }], usage: { inputTokens: 11, outputTokens: 7 } }));
    const out = await client.send(
      new ConverseStreamCommand({
        modelId: CLAUDE,
        messages: hi,
        toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] },
      }),
    );
    const events: ConverseStreamOutput[] = [];
    for await (const event of out.stream ?? []) events.push(event);
    const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
    const args = events.map((e) => e.contentBlockDelta?.delta?.toolUse?.input ?? '').join('');
    assert.equal(events[0]?.messageStart?.role, 'assistant');
    assert.equal(text, 'Checking.');
    assert.deepEqual(events.find((e) => e.contentBlockStart)?.contentBlockStart?.start?.toolUse, { toolUseId: 'tooluse_1', name: 'get_weather' });
    assert.deepEqual(JSON.parse(args), { city: 'Paris' });
    assert.equal(events.find((e) => e.messageStop)?.messageStop?.stopReason, 'tool_use');
    assert.deepEqual(events.at(-1)?.metadata?.usage, { inputTokens: 11, outputTokens: 7, totalTokens: 18 });
  });

  it('throws a mid-stream exception frame as the SDK exception', async () => {
    fake.failNext({ kind: 'stream-exception', afterEvents: 2, exceptionType: 'throttlingException', message: 'Too many tokens, please wait.' });
    const out = await client.send(new ConverseStreamCommand({ modelId: CLAUDE, messages: hi }));
    const seen: ConverseStreamOutput[] = [];
    await assert.rejects(
      async () => {
        for await (const event of out.stream ?? []) seen.push(event);
      },
      (error: unknown) => sdkError(error).name === 'ThrottlingException',
    );
    assert.equal(seen.length, 2);
  });

  it('answers AWS errors the SDK turns into named exceptions', async () => {
    fake.failNext({ kind: 'error', status: 429, errorType: 'ThrottlingException', message: 'Rate exceeded' });
    await assert.rejects(client.send(new ConverseCommand({ modelId: CLAUDE, messages: hi })), (error: unknown) => {
      const e = sdkError(error);
      return e.name === 'ThrottlingException' && e.status === 429 && e.message === 'Rate exceeded';
    });
  });

  it('enforces the Converse rules with ValidationException', async () => {
    const twoUsers = [...hi, ...hi];
    await assert.rejects(client.send(new ConverseCommand({ modelId: CLAUDE, messages: twoUsers })), (error: unknown) => {
      const e = sdkError(error);
      return e.name === 'ValidationException' && /alternate/.test(e.message);
    });
    const blank = [{ role: 'user' as const, content: [{ text: '  ' }] }];
    await assert.rejects(client.send(new ConverseCommand({ modelId: CLAUDE, messages: blank })), /blank/);
    const toolHistory = [
      ...hi,
      { role: 'assistant' as const, content: [{ toolUse: { toolUseId: 't1', name: 'f', input: {} } }] },
      { role: 'user' as const, content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'ok' }] } }] },
    ];
    await assert.rejects(client.send(new ConverseCommand({ modelId: CLAUDE, messages: toolHistory })), /toolConfig/);
  });

  it('rejects a request signed with the wrong secret', async () => {
    const wrong = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: fake.url, credentials: { ...CREDENTIALS, secretAccessKey: 'not-the-secret' }, maxAttempts: 1 });
    try {
      await assert.rejects(wrong.send(new ConverseCommand({ modelId: CLAUDE, messages: hi })), (error: unknown) => {
        const e = sdkError(error);
        return e.name === 'InvalidSignatureException' && e.status === 403;
      });
    } finally {
      wrong.destroy();
    }
  });

  it('rejects a signature scoped to another region', async () => {
    const elsewhere = new BedrockRuntimeClient({ region: 'eu-west-1', endpoint: fake.url, credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      await assert.rejects(elsewhere.send(new ConverseCommand({ modelId: CLAUDE, messages: hi })), /region/);
    } finally {
      elsewhere.destroy();
    }
  });

  it('answers InvokeModel for Claude, Titan embeddings and Cohere embeddings', async () => {
    const claude = await client.send(
      new InvokeModelCommand({
        modelId: CLAUDE,
        contentType: 'application/json',
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      }),
    );
    const message = JSON.parse(Buffer.from(claude.body).toString('utf8')) as { type: string; content: { text: string }[] };
    assert.equal(message.type, 'message');
    assert.equal(message.content[0]?.text, FAKE_BEDROCK_TEXT);

    const titan = await client.send(new InvokeModelCommand({ modelId: 'amazon.titan-embed-text-v2:0', contentType: 'application/json', body: JSON.stringify({ inputText: 'hello', dimensions: 256 }) }));
    const embedding = JSON.parse(Buffer.from(titan.body).toString('utf8')) as { embedding: number[]; inputTextTokenCount: number };
    assert.equal(embedding.embedding.length, 256);

    const cohere = await client.send(new InvokeModelCommand({ modelId: 'cohere.embed-english-v3', contentType: 'application/json', body: JSON.stringify({ texts: ['a', 'b'], input_type: 'search_document' }) }));
    const vectors = JSON.parse(Buffer.from(cohere.body).toString('utf8')) as { embeddings: number[][] };
    assert.equal(vectors.embeddings.length, 2);

    await assert.rejects(
      client.send(new InvokeModelCommand({ modelId: CLAUDE, contentType: 'application/json', body: JSON.stringify({ model: 'x', max_tokens: 1, messages: [] }) })),
      (error: unknown) => sdkError(error).name === 'ValidationException',
    );
  });

  it('streams InvokeModelWithResponseStream chunks of Claude events', async () => {
    const out = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: CLAUDE,
        contentType: 'application/json',
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      }),
    );
    const types: string[] = [];
    let text = '';
    for await (const event of out.body ?? []) {
      const payload = JSON.parse(Buffer.from(event.chunk?.bytes ?? new Uint8Array()).toString('utf8')) as { type: string; delta?: { text?: string } };
      types.push(payload.type);
      text += payload.delta?.text ?? '';
    }
    assert.equal(types[0], 'message_start');
    assert.equal(types.at(-1), 'message_stop');
    assert.equal(text, FAKE_BEDROCK_TEXT);
  });
});
