/**
 * Models stored in the database (STORE_MODEL_IN_DB), on both stores: added, updated and deleted
 * through LiteLLM's routes, served at once by the replica that wrote them and within the sync
 * interval by another replica on the same database, credentials encrypted at rest and never
 * shown, and every refusal answered as a clear error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ModelSecrets } from '../../src/models/model-secrets.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage, type Storage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { MASTER_KEY, errorOf, startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, TEST_DIALECTS, type TestDatabaseHandle } from '../support/test-database.ts';

const UPSTREAM_KEY = 'sk-upstream-stored-model-secret';
const SALT = 'salt-for-stored-models';
const configModels = [{ model_name: 'from-config', litellm_params: { model: 'mock/x', mock_response: 'config answer' } }];

async function call(gateway: TestGateway, method: string, path: string, body?: unknown, key = MASTER_KEY) {
  const response = await fetch(gateway.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Polls until `check` holds: replicas pick stored models up on their own sync interval. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

const modelNames = async (gateway: TestGateway) => (await gateway.client.models.list()).data.map((m) => m.id);

for (const dialect of TEST_DIALECTS) {
  describe(`stored models (${dialect})`, () => {
    let handle: TestDatabaseHandle;
    let database: StorageDatabase;
    let storage: Storage;
    let upstream: FakeOpenAI;
    let a: TestGateway;
    let b: TestGateway;
    const env = { STORE_MODEL_IN_DB: 'True', LITELLM_SALT_KEY: SALT };

    before(async () => {
      handle = await createTestDatabase(dialect);
      database = openDatabase(handle.options);
      await migrate(database);
      storage = createStorage(database);
      upstream = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
      const stores = { keys: storage.keys, models: storage.models };
      a = await startGateway({ models: configModels, stores, env, modelSyncSeconds: 0.05 });
      b = await startGateway({ models: configModels, stores, env, modelSyncSeconds: 0.05 });
    });
    after(async () => {
      await a.close();
      await b.close();
      await upstream.close();
      await database.close();
      await handle.dispose();
    });

    it('a model added through one replica is served by it at once and by the other within the sync interval', async () => {
      const added = await call(a, 'POST', '/model/new', {
        model_name: 'stored-gpt',
        litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${upstream.url}/v1`, api_key: UPSTREAM_KEY, rpm: '60' },
        model_info: { id: 'stored-1', mode: 'chat' },
      });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal(added.body['model_id'], 'stored-1');
      assert.equal(added.body['model_name'], 'stored-gpt');
      assert.notEqual(added.body['litellm_params']['api_key'], UPSTREAM_KEY, 'the answer shows the stored (encrypted) value');
      assert.equal(added.body['created_by'], 'default_user_id');

      const answer = await a.client.chat.completions.create({ model: 'stored-gpt', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(answer.choices[0]?.message.role, 'assistant');
      assert.equal(upstream.requests.at(-1)?.headers.authorization, `Bearer ${UPSTREAM_KEY}`, 'the decrypted key reaches the provider');

      await eventually(async () => (await modelNames(b)).includes('stored-gpt'), 'replica b serves stored-gpt');
      const viaB = await b.client.chat.completions.create({ model: 'stored-gpt', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(viaB.choices[0]?.message.role, 'assistant');
    });

    it('credentials are encrypted at rest with LiteLLM\'s format and readable with the salt key', async () => {
      const row = await storage.models.get('stored-1');
      assert.ok(row !== undefined);
      const stored = row.litellm_params['api_key'] as string;
      assert.match(stored, /^v3:gcm:/);
      assert.ok(!JSON.stringify(row).includes(UPSTREAM_KEY));
      assert.equal(new ModelSecrets(SALT).decrypt(stored), UPSTREAM_KEY);
    });

    it('/model/info, /v1/model/info, /v2/model/info and /model_group/info list config and stored models without credentials', async () => {
      for (const path of ['/model/info', '/v1/model/info']) {
        const info = await call(a, 'GET', path);
        assert.equal(info.status, 200);
        assert.ok(!JSON.stringify(info.body).includes(UPSTREAM_KEY), `${path} leaks no key`);
        const stored = info.body['data'].find((m: any) => m.model_info.id === 'stored-1');
        assert.equal(stored.model_name, 'stored-gpt');
        assert.equal(stored.model_info.db_model, true);
        assert.equal(stored.litellm_params.model, 'openai/gpt-4o-mini');
        assert.equal(stored.litellm_params.api_key, undefined);
        assert.equal(typeof stored.model_info.input_cost_per_token, 'number', 'price map merged in');
        const fromConfig = info.body['data'].find((m: any) => m.model_name === 'from-config');
        assert.equal(fromConfig.model_info.db_model, false);
      }
      const one = await call(a, 'GET', '/model/info?litellm_model_id=stored-1');
      assert.deepEqual(one.body['data'].map((m: any) => m.model_info.id), ['stored-1']);
      const v2 = await call(a, 'GET', '/v2/model/info?size=1&page=2');
      assert.equal(v2.body['total_count'], 2);
      assert.equal(v2.body['total_pages'], 2);
      assert.equal(v2.body['data'].length, 1);
      const groups = await call(a, 'GET', '/model_group/info');
      const group = groups.body['data'].find((g: any) => g.model_group === 'stored-gpt');
      assert.deepEqual(group.providers, ['openai']);
      assert.equal(group.rpm, 60);
    });

    it('a virtual key sees only the models it may use', async () => {
      const key = await call(a, 'POST', '/key/generate', { models: ['from-config'] });
      const info = await call(a, 'GET', '/model/info', undefined, key.body['key']);
      assert.equal(info.status, 200);
      assert.deepEqual(info.body['data'].map((m: any) => m.model_name), ['from-config']);
      const refused = await call(a, 'POST', '/model/new', { model_name: 'x', litellm_params: { model: 'mock/x' } }, key.body['key']);
      assert.equal(refused.status, 403);
    });

    it('an update changes what every replica serves; a null field is removed', async () => {
      const updated = await call(a, 'POST', '/model/update', { model_name: 'stored-gpt-renamed', litellm_params: { rpm: null }, model_info: { id: 'stored-1' } });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body['model_name'], 'stored-gpt-renamed');
      assert.equal(updated.body['litellm_params']['rpm'], undefined);
      assert.ok(updated.body['litellm_params']['api_key'].startsWith('v3:gcm:'), 'kept credentials stay encrypted');
      assert.ok((await modelNames(a)).includes('stored-gpt-renamed'));
      await eventually(async () => (await modelNames(b)).includes('stored-gpt-renamed'), 'replica b serves the new name');
      const patched = await call(b, 'PATCH', '/model/stored-1/update', { model_info: { mode: 'chat', team_note: 'x' } });
      assert.equal(patched.status, 200);
      assert.equal(patched.body['model_info']['team_note'], 'x');
      const viaA = await a.client.chat.completions.create({ model: 'stored-gpt-renamed', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(viaA.choices[0]?.message.role, 'assistant');
    });

    it('bad input gets a clear 400; unknown ids 404; config models are not editable through the API', async () => {
      const noModel = await call(a, 'POST', '/model/new', { model_name: 'x', litellm_params: {} });
      assert.equal(noModel.status, 400);
      assert.match(errorOf(noModel.body).message, /model/);
      const badType = await call(a, 'POST', '/model/new', { model_name: 'x', litellm_params: { model: 'mock/x', rpm: 'lots' } });
      assert.equal(badType.status, 400);
      assert.match(errorOf(badType.body).message, /rpm/);
      const duplicate = await call(a, 'POST', '/model/new', { model_name: 'x', litellm_params: { model: 'mock/x' }, model_info: { id: 'stored-1' } });
      assert.equal(duplicate.status, 400);
      assert.equal((await call(a, 'POST', '/model/delete', { id: 'nope' })).status, 404);
      const configId = (await call(a, 'GET', '/model/info')).body['data'].find((m: any) => m.model_name === 'from-config').model_info.id;
      const configDelete = await call(a, 'POST', '/model/delete', { id: configId });
      assert.equal(configDelete.status, 400);
      assert.match(errorOf(configDelete.body).message, /config file/);
      assert.equal((await call(a, 'POST', '/model/update', { model_name: 'x' })).status, 400);
      const broken = await fetch(`${a.url}/model/new`, { method: 'POST', headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' }, body: '{"model_name":' });
      assert.equal(broken.status, 400);
    });

    it('a deleted model stops being served everywhere', async () => {
      const deleted = await call(b, 'POST', '/model/delete', { id: 'stored-1' });
      assert.deepEqual(deleted.body, { message: 'Model: stored-1 deleted successfully' });
      await assert.rejects(b.client.chat.completions.create({ model: 'stored-gpt-renamed', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => error instanceof OpenAI.BadRequestError);
      await eventually(async () => !(await modelNames(a)).includes('stored-gpt-renamed'), 'replica a drops the model');
    });
  });
}

describe('stored models switched off', () => {
  it('without STORE_MODEL_IN_DB the routes answer LiteLLM\'s message; /model/info still works', async () => {
    const handle = await createTestDatabase('sqlite');
    const database = openDatabase(handle.options);
    await migrate(database);
    const storage = createStorage(database);
    const gateway = await startGateway({ models: configModels, stores: { keys: storage.keys, models: storage.models }, env: {} });
    try {
      const refused = await call(gateway, 'POST', '/model/new', { model_name: 'x', litellm_params: { model: 'mock/x' } });
      assert.equal(refused.status, 400);
      assert.equal(errorOf(refused.body).message, "Set 'STORE_MODEL_IN_DB='True'' in your env to enable this feature.");
      assert.equal((await call(gateway, 'GET', '/model/info')).body['data'].length, 1);
    } finally {
      await gateway.close();
      await database.close();
      await handle.dispose();
    }
  });

  it('without a database the routes say so', async () => {
    const gateway = await startGateway({ models: configModels, env: { STORE_MODEL_IN_DB: 'True' } });
    try {
      const refused = await call(gateway, 'POST', '/model/new', { model_name: 'x', litellm_params: { model: 'mock/x' } });
      assert.equal(refused.status, 500);
      assert.match(errorOf(refused.body).message, /database/);
    } finally {
      await gateway.close();
    }
  });
});
