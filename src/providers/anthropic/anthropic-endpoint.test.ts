import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Deployment, LitellmParams } from '../../spec/deployment.ts';
import { GatewayError } from '../../spec/gateway-error.ts';
import type { AnthropicMessagesRequest } from './anthropic-api.ts';
import { anthropicBetasFor } from './anthropic-betas.ts';
import { anthropicApiBase, anthropicHeaders, anthropicMessagesUrl } from './anthropic-endpoint.ts';
import { anthropicUnsupportedParams } from './anthropic-unsupported-params.ts';

const ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_BASE', 'ANTHROPIC_BASE_URL'] as const;

function deployment(params: Partial<LitellmParams> = {}): Deployment {
  return { id: 'd', modelName: 'claude', provider: 'anthropic', providerModel: 'claude-x', params: { model: 'anthropic/claude-x', ...params }, info: {} };
}

describe('anthropic endpoint', () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const name of ENV) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  const urls: { name: string; params: Partial<LitellmParams>; env?: Record<string, string>; base: string; url: string }[] = [
    { name: 'default', params: {}, base: 'https://api.anthropic.com', url: 'https://api.anthropic.com/v1/messages' },
    { name: 'api_base with a trailing slash', params: { api_base: 'http://proxy:8080/' }, base: 'http://proxy:8080', url: 'http://proxy:8080/v1/messages' },
    { name: 'api_base that already names /v1/messages', params: { api_base: 'http://proxy/v1/messages' }, base: 'http://proxy/v1/messages', url: 'http://proxy/v1/messages' },
    { name: 'ANTHROPIC_API_BASE', params: {}, env: { ANTHROPIC_API_BASE: 'http://env-base' }, base: 'http://env-base', url: 'http://env-base/v1/messages' },
    { name: 'ANTHROPIC_BASE_URL', params: {}, env: { ANTHROPIC_BASE_URL: 'http://env-url' }, base: 'http://env-url', url: 'http://env-url/v1/messages' },
  ];
  for (const { name, params, env, base, url } of urls) {
    test(`url: ${name}`, () => {
      Object.assign(process.env, env);
      assert.equal(anthropicApiBase(deployment(params)), base);
      assert.equal(anthropicMessagesUrl(deployment(params)), url);
    });
  }

  const headerCases: { name: string; params: Partial<LitellmParams>; env?: Record<string, string>; requestHeaders?: unknown; betas?: string[]; want: Record<string, string> }[] = [
    { name: 'api_key → x-api-key', params: { api_key: 'k1' }, want: { 'anthropic-version': '2023-06-01', 'x-api-key': 'k1' } },
    { name: 'ANTHROPIC_API_KEY → x-api-key', params: {}, env: { ANTHROPIC_API_KEY: 'k2' }, want: { 'anthropic-version': '2023-06-01', 'x-api-key': 'k2' } },
    { name: 'api_key wins over ANTHROPIC_AUTH_TOKEN', params: { api_key: 'k3' }, env: { ANTHROPIC_AUTH_TOKEN: 't' }, want: { 'anthropic-version': '2023-06-01', 'x-api-key': 'k3' } },
    { name: 'ANTHROPIC_AUTH_TOKEN → bearer', params: {}, env: { ANTHROPIC_AUTH_TOKEN: 't4' }, want: { 'anthropic-version': '2023-06-01', authorization: 'Bearer t4' } },
    {
      name: 'anthropic-beta joined from deployment, request and features, deduplicated',
      params: { api_key: 'k', extra_headers: { 'Anthropic-Beta': 'a, b', 'x-custom': 'c' } },
      requestHeaders: { 'anthropic-beta': 'b,c-beta' },
      betas: ['a', 'feature'],
      want: { 'anthropic-version': '2023-06-01', 'x-api-key': 'k', 'x-custom': 'c', 'anthropic-beta': 'a,b,c-beta,feature' },
    },
    {
      name: 'extra headers cannot replace the credentials',
      params: { api_key: 'k', extra_headers: { 'x-api-key': 'evil', Authorization: 'Bearer evil' } },
      requestHeaders: { 'x-api-key': 'evil2', host: 'elsewhere' },
      want: { 'anthropic-version': '2023-06-01', 'x-api-key': 'k' },
    },
    { name: 'anthropic-version can be set by extra_headers', params: { api_key: 'k', extra_headers: { 'anthropic-version': '2099-01-01' } }, want: { 'anthropic-version': '2099-01-01', 'x-api-key': 'k' } },
  ];
  for (const { name, params, env, requestHeaders, betas, want } of headerCases) {
    test(`headers: ${name}`, () => {
      Object.assign(process.env, env);
      assert.deepEqual(anthropicHeaders({ deployment: deployment(params), requestHeaders, ...(betas === undefined ? {} : { betas }) }), want);
    });
  }

  test('headers: no credentials → 401 before any call', () => {
    assert.throws(() => anthropicHeaders({ deployment: deployment() }), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'upstream_authentication');
      assert.match(error.message, /^litellm\.AuthenticationError: AnthropicException - Missing Anthropic API Key/);
      return true;
    });
  });
});

describe('anthropicBetasFor', () => {
  const base: AnthropicMessagesRequest = { max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };
  const cases: { name: string; body: Partial<AnthropicMessagesRequest>; want: string[] }[] = [
    { name: 'nothing special', body: {}, want: [] },
    { name: 'computer use tool', body: { tools: [{ type: 'computer_20250124', name: 'computer', display_width_px: 1 }] }, want: ['computer-use-2025-01-24'] },
    { name: 'one-hour cache ttl in a message', body: { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] }] }, want: ['extended-cache-ttl-2025-04-11'] },
    { name: 'one-hour cache ttl in system', body: { system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral', ttl: '1h' } }] }, want: ['extended-cache-ttl-2025-04-11'] },
    { name: 'five-minute cache needs nothing', body: { system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }] }, want: [] },
    { name: 'mcp_servers', body: { mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'x' }] }, want: ['mcp-client-2025-04-04'] },
  ];
  for (const { name, body, want } of cases) test(name, () => assert.deepEqual(anthropicBetasFor({ ...base, ...body }), want));
});

describe('anthropicUnsupportedParams', () => {
  const cases: { name: string; body: Record<string, unknown>; want: string[] }[] = [
    { name: 'supported params only', body: { temperature: 1, top_p: 1, stop: 'x', tools: [], tool_choice: 'auto', user: 'u', reasoning_effort: 'low', top_k: 3, response_format: { type: 'json_object' } }, want: [] },
    { name: 'OpenAI-only params', body: { seed: 1, presence_penalty: 0, frequency_penalty: 0, logit_bias: {}, top_logprobs: 2, functions: [] }, want: ['presence_penalty', 'frequency_penalty', 'logit_bias', 'seed', 'top_logprobs', 'functions'] },
    { name: 'n above 1', body: { n: 2 }, want: ['n'] },
    { name: 'n of 1 is fine', body: { n: 1 }, want: [] },
    { name: 'logprobs true', body: { logprobs: true }, want: ['logprobs'] },
    { name: 'logprobs false is fine', body: { logprobs: false }, want: [] },
    { name: 'null values do not count', body: { seed: null }, want: [] },
  ];
  for (const { name, body, want } of cases) test(name, () => assert.deepEqual(anthropicUnsupportedParams(body), want));
});
