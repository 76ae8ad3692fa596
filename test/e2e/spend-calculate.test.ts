import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countPromptTokens } from '../../src/accounting/count-prompt-tokens.ts';
import type { Usage } from '../../src/spec/chat.ts';
import { MASTER_KEY, startGateway, type TestGateway } from '../support/start-gateway.ts';

const M = 1e6;

/** A chat answer with the given usage, as a client would have received it. */
function answerWith(usage: Usage) {
  return { id: 'chatcmpl-cost', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage };
}

describe('POST /spend/calculate', () => {
  let gateway: TestGateway;

  before(async () => {
    // /spend/calculate never calls the upstream: the api_base is never dialled.
    const upstream = { api_base: 'http://127.0.0.1:9/v1', api_key: 'sk-unused' };
    gateway = await startGateway({
      models: [
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', ...upstream } },
        { model_name: 'cheap', litellm_params: { model: 'openai/gpt-4o', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, ...upstream } },
        { model_name: 'mystery', litellm_params: { model: 'openai/house-model-7b', ...upstream } },
      ],
    });
  });
  after(() => gateway.close());

  it('{model, messages}: the prompt priced before a call, with the model group\'s deployment', async () => {
    const messages = [{ role: 'user', content: 'What is the capital of France?' }];
    const tokens = await countPromptTokens({ messages });
    const res = await gateway.post('/spend/calculate', { model: 'gpt-4o', messages });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { cost: (tokens * 2.5) / M });
    const custom = await gateway.post('/spend/calculate', { model: 'cheap', messages });
    assert.deepEqual(custom.body, { cost: tokens * 1e-6 });
  });

  it('{model, messages} for a model not in the config: priced by name', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const tokens = await countPromptTokens({ messages });
    const res = await gateway.post('/spend/calculate', { model: 'claude-3-5-sonnet-20241022', messages });
    assert.deepEqual(res.body, { cost: (tokens * 3) / M });
  });

  it('{completion_response}: the answer priced from its usage', async () => {
    const res = await gateway.post('/spend/calculate', { completion_response: answerWith({ prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 }) });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { cost: (1000 * 2.5 + 100 * 10) / M });
  });

  it('curl -d style (form content type carrying JSON) works', async () => {
    const res = await gateway.post('/spend/calculate', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }), { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 200);
  });

  it('errors: neither model nor completion_response, model without messages, unknown price → 400; no key → 401', async () => {
    const empty = await gateway.post('/spend/calculate', {});
    assert.equal(empty.status, 400);
    assert.match(JSON.stringify(empty.body), /Either 'model' or 'completion_response' must be provided/);
    const noMessages = await gateway.post('/spend/calculate', { model: 'gpt-4o' });
    assert.equal(noMessages.status, 400);
    const unknown = await gateway.post('/spend/calculate', { model: 'mystery', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.body), /No price known for model/);
    const anonymous = await fetch(`${gateway.url}/spend/calculate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(anonymous.status, 401);
    const wrong = await fetch(`${gateway.url}/spend/calculate`, { method: 'POST', headers: { authorization: `Bearer ${MASTER_KEY}x` }, body: '{}' });
    assert.equal(wrong.status, 401);
  });
});
