/** /metrics for virtual keys: spend and the key budget gauges, labelled by the key's hash (never the key). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { parsePrometheusText, samplesOf, sumOf } from '../support/parse-prometheus-text.ts';
import { startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../support/test-database.ts';

const INPUT = 0.0001;
const OUTPUT = 0.0001;

describe('metrics for virtual keys', () => {
  let fake: FakeOpenAI;
  let handle: TestDatabaseHandle;
  let database: StorageDatabase;
  let gateway: TestGateway;

  before(async () => {
    fake = await startFakeOpenAI();
    handle = await createTestDatabase('sqlite');
    database = openDatabase(handle.options);
    await migrate(database);
    const s = createStorage(database);
    gateway = await startGateway({
      models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT }, model_info: { id: 'gpt-a' } }],
      litellm_settings: { callbacks: ['prometheus'] },
      stores: { keys: s.keys, spendLedger: s.spendLedger, users: s.users, teams: s.teams },
    });
  });
  after(async () => {
    await gateway.close();
    await database.close();
    await handle.dispose();
    await fake.close();
  });

  it('a call with a budgeted key sets its max and remaining budget, and counts its spend', async () => {
    const key = String(((await gateway.post('/key/generate', { max_budget: 1, key_alias: 'reports' })).body as { key: string }).key);
    const answer = await gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 }, { authorization: `Bearer ${key}` });
    assert.equal(answer.status, 200);
    const usage = (answer.body as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    const cost = usage.prompt_tokens * INPUT + usage.completion_tokens * OUTPUT;
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    assert.ok(!text.includes(key), 'no raw key in /metrics');
    const families = parsePrometheusText(text);
    const where = { hashed_api_key: hashApiKey(key) };
    assert.equal(samplesOf(families, 'litellm_api_key_max_budget_metric', where)[0]?.value, 1);
    const remaining = samplesOf(families, 'litellm_remaining_api_key_budget_metric', where)[0]?.value ?? Number.NaN;
    assert.ok(Math.abs(remaining - (1 - cost)) < 1e-9, `remaining ${remaining}`);
    assert.ok(Math.abs(sumOf(families, 'litellm_spend_metric_total', where) - cost) < 1e-9);
    assert.equal(samplesOf(families, 'litellm_remaining_api_key_budget_metric', where)[0]?.labels['api_key_alias'], 'reports');
  });

  it('/health rounds set litellm_deployment_state: 2 when the check fails, 0 when it passes', async () => {
    const state = async () => samplesOf(parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text()), 'litellm_deployment_state', { model_id: 'gpt-a' })[0]?.value;
    fake.failNext({ kind: 'status', status: 500 });
    const sick = await fetch(`${gateway.url}/health`, { headers: { authorization: 'Bearer sk-test-master-1234' } });
    assert.equal(((await sick.json()) as { unhealthy_count: number }).unhealthy_count, 1);
    assert.equal(await state(), 2);
    const well = await fetch(`${gateway.url}/health`, { headers: { authorization: 'Bearer sk-test-master-1234' } });
    assert.equal(((await well.json()) as { healthy_count: number }).healthy_count, 1);
    assert.equal(await state(), 0);
  });

  it("a call with a key of a budgeted team sets the team's max and remaining budget", async () => {
    assert.equal((await gateway.post('/team/new', { team_id: 'risk', team_alias: 'Risk', max_budget: 5 })).status, 200);
    const key = String(((await gateway.post('/key/generate', { team_id: 'risk' })).body as { key: string }).key);
    const answer = await gateway.post('/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 }, { authorization: `Bearer ${key}` });
    assert.equal(answer.status, 200);
    const usage = (answer.body as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    const cost = usage.prompt_tokens * INPUT + usage.completion_tokens * OUTPUT;
    const families = parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
    assert.equal(samplesOf(families, 'litellm_team_max_budget_metric', { team: 'risk' })[0]?.value, 5);
    const remaining = samplesOf(families, 'litellm_remaining_team_budget_metric', { team: 'risk', team_alias: 'Risk' })[0]?.value ?? Number.NaN;
    assert.ok(Math.abs(remaining - (5 - cost)) < 1e-9, `remaining ${remaining}`);
  });
});
