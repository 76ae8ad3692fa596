import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';

const UPSTREAM_KEY = 'sk-upstream-secret-abcdef123456';

describe('POST /v1/chat/completions through the openai SDK', () => {
  let fake: FakeOpenAI;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    gateway = await startGateway({
      models: [
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o-2024-08-06', api_base: `${fake.url}/v1`, api_key: UPSTREAM_KEY }, model_info: { id: 'deploy-1' } },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('answers a chat completion and sends the deployment model upstream with its key', async () => {
    const { data, response } = await gateway.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }], temperature: 0.2 })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0]?.message.content, 'Hello! This is a mock response from the fake OpenAI endpoint.');
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.ok(data.usage !== undefined && data.usage.total_tokens === data.usage.prompt_tokens + data.usage.completion_tokens);
    const upstream = fake.requests.at(-1);
    assert.equal(upstream?.path, '/v1/chat/completions');
    assert.equal(upstream?.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    assert.deepEqual(upstream?.body, { model: 'gpt-4o-2024-08-06', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }], temperature: 0.2 });
    assert.equal(response.headers.get('x-litellm-model-id'), 'deploy-1');
    assert.equal(response.headers.get('x-litellm-model-group'), 'gpt-4o');
    assert.equal(response.headers.get('x-litellm-model-api-base'), `${fake.url}/v1`);
    assert.match(response.headers.get('x-litellm-call-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(response.headers.get('x-litellm-version') ?? '', /^\d+\.\d+\.\d+/);
    for (const name of ['x-litellm-response-duration-ms', 'x-litellm-overhead-duration-ms']) {
      assert.ok(Number(response.headers.get(name)) >= 0, `${name} is a number`);
    }
  });

  it('streams chunks and ends with the usage chunk when include_usage is asked', async () => {
    const stream = await gateway.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usageChunks = 0;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) {
        usageChunks++;
        assert.deepEqual(chunk.choices, []);
        assert.ok(chunk.usage.total_tokens > 0);
      }
    }
    assert.equal(text, 'Hello! This is a mock response from the fake OpenAI endpoint.');
    assert.equal(finish, 'stop');
    assert.equal(usageChunks, 1);
  });

  it('asks the upstream for usage on every stream but does not send it to a caller who did not ask', async () => {
    const stream = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const chunk of stream) {
      assert.ok(chunk.usage === undefined || chunk.usage === null, 'no usage without include_usage');
      assert.notEqual(chunk.choices.length, 0);
    }
    assert.deepEqual((fake.requests.at(-1)?.body as { stream_options?: unknown }).stream_options, { include_usage: true });
  });

  it('passes tools through and returns tool calls, streamed and not', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
    const whole = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }], tools, tool_choice: 'auto' });
    const call = whole.choices[0]?.message.tool_calls?.[0];
    assert.equal(whole.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(call?.type === 'function' ? call.function.name : undefined, 'get_weather');
    assert.deepEqual((fake.requests.at(-1)?.body as { tools?: unknown }).tools, tools);

    const stream = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }], tools, stream: true });
    let args = '';
    let name: string | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      name ??= delta?.function?.name;
      args += delta?.function?.arguments ?? '';
    }
    assert.equal(name, 'get_weather');
    assert.deepEqual(JSON.parse(args), { location: 'Paris' });
  });

  it('passes image inputs through unchanged', async () => {
    const content = [
      { type: 'text' as const, text: 'what is this?' },
      { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' as const } },
    ];
    await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
    assert.deepEqual((fake.requests.at(-1)?.body as { messages: unknown }).messages, [{ role: 'user', content }]);
  });

  it('answers n choices', async () => {
    const data = await gateway.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], n: 2 });
    assert.equal(data.choices.length, 2);
  });

  it('serves the Azure-style alias path with the model taken from the path', async () => {
    const response = await gateway.post('/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', { messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(response.status, 200);
    const engines = await gateway.post('/engines/gpt-4o/chat/completions', { messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(engines.status, 200);
    const bare = await gateway.post('/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(bare.status, 200);
  });

  it('never sends gateway-only fields upstream', async () => {
    await gateway.post('/v1/chat/completions', {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      metadata: { tags: ['a'] },
      num_retries: 1,
      timeout: 30,
      drop_params: true,
    });
    const body = fake.requests.at(-1)?.body as Record<string, unknown>;
    for (const field of ['metadata', 'num_retries', 'timeout', 'drop_params']) assert.equal(body[field], undefined, field);
  });
});
