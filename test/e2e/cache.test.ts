/**
 * The response cache end to end (in-memory store): the official openai SDK against the
 * gateway in front of the fake OpenAI upstream, counting the upstream calls. Misses then hits,
 * streams replayed, stream and plain requests sharing entries, embeddings cached per input,
 * the per-request controls and who may use them, $0 hits in spend logs and metrics, the
 * /cache routes, `default_off` and `supported_call_types`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { LocalResponseCacheStore } from '../../src/cache/local-response-cache-store.ts';
import { hashApiKey } from '../../src/storage/api-key-hash.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase, type StorageDatabase } from '../../src/storage/open-database.ts';
import { createStorage, type Storage } from '../../src/storage/storage.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { parsePrometheusText, sumOf } from '../support/parse-prometheus-text.ts';
import { errorOf, MASTER_KEY, sseData, startGateway, type TestGateway } from '../support/start-gateway.ts';
import { createTestDatabase, type TestDatabaseHandle } from '../support/test-database.ts';

const PRICES = { input_cost_per_token: 0.0001, output_cost_per_token: 0.0001 };

/** A prompt no other test sends, so entries never leak between tests. */
function fresh(): { role: 'user'; content: string }[] {
  return [{ role: 'user', content: `question ${randomUUID()}` }];
}

describe('response cache (local)', () => {
  let fake: FakeOpenAI;
  let handle: TestDatabaseHandle;
  let database: StorageDatabase;
  let storage: Storage;
  let store: LocalResponseCacheStore;
  let gateway: TestGateway;
  const upstream = (path: string): number => fake.requests.filter((r) => r.path === `/v1${path}`).length;

  before(async () => {
    fake = await startFakeOpenAI();
    handle = await createTestDatabase('sqlite');
    database = openDatabase(handle.options);
    await migrate(database);
    storage = createStorage(database);
    store = new LocalResponseCacheStore({ maxItems: 1000, defaultTtlS: 600 });
    gateway = await startGateway({
      models: [
        { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', ...PRICES } },
        { model_name: 'text', litellm_params: { model: 'text-completion-openai/gpt-3.5-turbo-instruct', api_base: `${fake.url}/v1`, api_key: 'sk-up', ...PRICES } },
        { model_name: 'embed', litellm_params: { model: 'openai/text-embedding-3-small', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: 0.0001 } },
      ],
      litellm_settings: { cache: true, cache_params: { type: 'local' }, callbacks: ['prometheus'] },
      stores: { keys: storage.keys, spendLedger: storage.spendLedger, spend: storage.spend, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      responseCacheStore: store,
    });
  });
  after(async () => {
    await gateway.close();
    await database.close();
    await handle.dispose();
    await fake.close();
  });

  const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) => gateway.post('/v1/chat/completions', { model: 'gpt', ...body }, headers);

  it('a miss goes upstream; the same request again is a hit: same answer, cache key, cost 0, no upstream call', async () => {
    const messages = fresh();
    const before = upstream('/chat/completions');
    const first = await gateway.client.chat.completions.create({ model: 'gpt', messages, temperature: 0.2 }).withResponse();
    const second = await gateway.client.chat.completions.create({ model: 'gpt', messages, temperature: 0.2 }).withResponse();
    assert.equal(upstream('/chat/completions') - before, 1);
    assert.equal(first.response.headers.get('x-litellm-cache-key'), null);
    assert.notEqual(first.response.headers.get('x-litellm-response-cost'), '0.0');
    assert.match(second.response.headers.get('x-litellm-cache-key') ?? '', /^[0-9a-f]{64}$/);
    assert.equal(second.response.headers.get('x-litellm-response-cost'), '0.0');
    assert.equal(second.response.headers.get('x-litellm-model-group'), 'gpt');
    assert.deepEqual(second.data, first.data);
    // Another parameter value is another key.
    await gateway.client.chat.completions.create({ model: 'gpt', messages, temperature: 0.3 });
    assert.equal(upstream('/chat/completions') - before, 2);
  });

  it('a completed stream is cached whole and replayed as chunks, with the usage chunk when asked', async () => {
    const messages = fresh();
    const before = upstream('/chat/completions');
    const read = async () => {
      const stream = await gateway.client.chat.completions.create({ model: 'gpt', messages, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage: unknown;
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      return { text, usage, finish };
    };
    const live = await read();
    const replayed = await read();
    assert.equal(upstream('/chat/completions') - before, 1);
    assert.ok(live.text.length > 0);
    assert.deepEqual(replayed, live);
    // Without include_usage the replay has no usage chunk, as a live stream.
    const raw = await chat({ messages, stream: true });
    assert.ok(raw.headers.get('x-litellm-cache-key'));
    const events = sseData(raw.text);
    assert.equal(events.at(-1), '[DONE]');
    assert.ok(events.slice(0, -1).every((e) => !('usage' in (JSON.parse(e) as object))));
    assert.equal(upstream('/chat/completions') - before, 1);
  });

  it('a streamed answer serves a plain request, and a plain answer serves a stream', async () => {
    const streamedFirst = fresh();
    const before = upstream('/chat/completions');
    let text = '';
    for await (const chunk of await gateway.client.chat.completions.create({ model: 'gpt', messages: streamedFirst, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    const plain = await gateway.client.chat.completions.create({ model: 'gpt', messages: streamedFirst });
    assert.equal(plain.choices[0]?.message.content, text);
    assert.ok(plain.usage && plain.usage.total_tokens > 0, 'the stream\'s usage is kept');
    const plainFirst = fresh();
    const answer = await gateway.client.chat.completions.create({ model: 'gpt', messages: plainFirst });
    let replay = '';
    for await (const chunk of await gateway.client.chat.completions.create({ model: 'gpt', messages: plainFirst, stream: true })) replay += chunk.choices[0]?.delta.content ?? '';
    assert.equal(replay, answer.choices[0]?.message.content);
    assert.equal(upstream('/chat/completions') - before, 2);
  });

  it('a stream that failed midway is not cached', async () => {
    const messages = fresh();
    const before = upstream('/chat/completions');
    fake.failNext({ kind: 'stream-error-after', chunks: 1 });
    const failed = await chat({ messages, stream: true });
    assert.equal(failed.status, 200);
    const again = await chat({ messages });
    assert.equal(again.headers.get('x-litellm-cache-key'), null);
    assert.equal(upstream('/chat/completions') - before, 2);
  });

  it('text completions are cached, streamed or not', async () => {
    const prompt = `say ${randomUUID()}`;
    const before = upstream('/completions');
    const first = await gateway.client.completions.create({ model: 'text', prompt });
    const second = await gateway.client.completions.create({ model: 'text', prompt });
    assert.deepEqual(second, first);
    let streamed = '';
    for await (const chunk of await gateway.client.completions.create({ model: 'text', prompt, stream: true })) streamed += chunk.choices[0]?.text ?? '';
    assert.equal(streamed, first.choices[0]?.text);
    assert.equal(upstream('/completions') - before, 1);
  });

  it('embeddings are cached per input: only the missing inputs go upstream, merged back in order', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const alone = await gateway.client.embeddings.create({ model: 'embed', input: [b] });
    const before = fake.requests.filter((r) => r.path === '/v1/embeddings').length;
    const mixed = await gateway.client.embeddings.create({ model: 'embed', input: [a, b, c] }).withResponse();
    const sent = fake.requests.filter((r) => r.path === '/v1/embeddings').slice(before);
    assert.equal(sent.length, 1);
    assert.deepEqual((sent[0]?.body as { input: unknown }).input, [a, c], 'the cached input is not sent');
    assert.deepEqual(mixed.data.data.map((d) => d.index), [0, 1, 2]);
    assert.deepEqual(mixed.data.data[1]?.embedding, alone.data[0]?.embedding);
    const separately = await gateway.client.embeddings.create({ model: 'embed', input: [a, c] });
    assert.deepEqual(separately.data.map((d) => d.embedding), [mixed.data.data[0]?.embedding, mixed.data.data[2]?.embedding]);
    assert.equal(fake.requests.filter((r) => r.path === '/v1/embeddings').length - before, 1, 'a, c now cached: no call');
    const whole = await gateway.client.embeddings.create({ model: 'embed', input: [a, b, c] }).withResponse();
    assert.equal(whole.data.usage.prompt_tokens, 0, 'cached inputs cost no tokens');
    assert.equal(whole.response.headers.get('x-litellm-response-cost'), '0.0');
    assert.equal(whole.response.headers.get('x-litellm-cache-key')?.split(',').length, 3);
  });

  it('no-cache skips the lookup but stores; no-store skips the write', async () => {
    const messages = fresh();
    const before = upstream('/chat/completions');
    const first = await chat({ messages });
    const bypass = await chat({ messages, cache: { 'no-cache': true } });
    assert.equal(bypass.headers.get('x-litellm-cache-key'), null);
    assert.notEqual((bypass.body as { id: string }).id, (first.body as { id: string }).id);
    const hit = await chat({ messages });
    assert.equal((hit.body as { id: string }).id, (bypass.body as { id: string }).id, 'the fresh answer replaced the entry');
    const unstored = fresh();
    await chat({ messages: unstored, cache: { 'no-store': true } });
    const miss = await chat({ messages: unstored });
    assert.equal(miss.headers.get('x-litellm-cache-key'), null);
    assert.equal(upstream('/chat/completions') - before, 4);
  });

  it('s-maxage (or s-max-age) accepts only entries young enough', async () => {
    const messages = fresh();
    await chat({ messages });
    const hit = await chat({ messages });
    const key = hit.headers.get('x-litellm-cache-key') ?? '';
    // Age the entry by 100 s.
    const entry = store.get(key);
    assert.ok(entry);
    await store.setMany([{ key, entry: { ...entry, timestamp: entry.timestamp - 100 } }], undefined);
    const before = upstream('/chat/completions');
    const stale = await chat({ messages, cache: { 's-maxage': 50 } });
    assert.equal(stale.headers.get('x-litellm-cache-key'), null);
    assert.equal(upstream('/chat/completions') - before, 1);
    const fresher = await chat({ messages, cache: { 's-max-age': 500 } });
    assert.equal(fresher.headers.get('x-litellm-cache-key'), key);
  });

  it('a namespace prefixes the key and keeps entries apart', async () => {
    const messages = fresh();
    const before = upstream('/chat/completions');
    await chat({ messages });
    const other = await chat({ messages, cache: { namespace: 'team-a' } });
    assert.equal(other.headers.get('x-litellm-cache-key'), null);
    const again = await chat({ messages, cache: { namespace: 'team-a' } });
    assert.match(again.headers.get('x-litellm-cache-key') ?? '', /^team-a:[0-9a-f]{64}$/);
    const viaMetadata = await chat({ messages, metadata: { redis_namespace: 'team-a' } });
    assert.equal(viaMetadata.headers.get('x-litellm-cache-key'), again.headers.get('x-litellm-cache-key'));
    assert.equal(upstream('/chat/completions') - before, 2);
    assert.ok(fake.requests.slice(-2).every((r) => !('cache' in (r.body as object))), 'the cache field never reaches the provider');
  });

  it('a virtual key may use only the controls its allowed_cache_controls lists; the master key all', async () => {
    const generate = async (body: Record<string, unknown>): Promise<string> => String(((await gateway.post('/key/generate', body)).body as { key: string }).key);
    const plainKey = await generate({});
    const refused = await chat({ messages: fresh(), cache: { 'no-cache': true } }, { authorization: `Bearer ${plainKey}` });
    assert.equal(refused.status, 403);
    assert.equal(errorOf(refused.body).message, 'Not allowed to set no-cache as a cache control. Contact admin to change permissions.');
    const allowedKey = await generate({ allowed_cache_controls: ['no-cache'] });
    assert.equal((await chat({ messages: fresh(), cache: { 'no-cache': true } }, { authorization: `Bearer ${allowedKey}` })).status, 200);
    const otherControl = await chat({ messages: fresh(), cache: { ttl: 5 } }, { authorization: `Bearer ${allowedKey}` });
    assert.equal(otherControl.status, 403);
    assert.match(errorOf(otherControl.body).message, /ttl/);
    const master = await chat({ messages: fresh(), cache: { 'no-cache': true, 'no-store': true, ttl: 5, namespace: 'x' } }, { authorization: `Bearer ${MASTER_KEY}` });
    assert.equal(master.status, 200);
  });

  it('a hit costs $0 and is logged as a hit with its key; metrics count hits, misses and cached tokens', async () => {
    const key = String(((await gateway.post('/key/generate', {})).body as { key: string }).key);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const messages = fresh();
    const miss = await client.chat.completions.create({ model: 'gpt', messages });
    const hit = await client.chat.completions.create({ model: 'gpt', messages }).withResponse();
    const cacheKey = hit.response.headers.get('x-litellm-cache-key');
    const metrics = parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
    const labels = { hashed_api_key: hashApiKey(key) };
    assert.equal(sumOf(metrics, 'litellm_cache_hits_metric_total', labels), 1);
    assert.equal(sumOf(metrics, 'litellm_cache_misses_metric_total', labels), 1);
    assert.equal(sumOf(metrics, 'litellm_cached_tokens_metric_total', labels), miss.usage?.total_tokens);
    await gateway.close(); // flushes the spend writer
    const logs = await storage.spend.listSpendLogs({ api_key: hashApiKey(key), page_size: 10 });
    const rows = [...logs.items].sort((x, y) => Number(x.cache_hit) - Number(y.cache_hit));
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.cache_hit, false);
    assert.ok((rows[0]?.spend ?? 0) > 0);
    assert.equal(rows[1]?.cache_hit, true);
    assert.equal(rows[1]?.cache_key, cacheKey);
    assert.equal(rows[1]?.spend, 0);
    assert.equal(rows[1]?.total_tokens, miss.usage?.total_tokens, 'the hit logs the cached answer\'s tokens');
    const record = await storage.keys.getByHash(hashApiKey(key));
    assert.equal(Math.round((record?.spend ?? 0) * 1e9), Math.round((rows[0]?.spend ?? 0) * 1e9), 'only the miss is charged');
    gateway = await restart();
  });

  it('/cache/ping, /cache/delete and /cache/flushall (master key only)', async () => {
    const ping = await fetch(`${gateway.url}/cache/ping`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    assert.equal(ping.status, 200);
    assert.deepEqual(Object.keys((await ping.json()) as object), ['status', 'cache_type', 'litellm_cache_params']);
    const messages = fresh();
    await chat({ messages });
    const key = (await chat({ messages })).headers.get('x-litellm-cache-key');
    assert.ok(key);
    assert.deepEqual((await gateway.post('/cache/delete', { keys: [key] })).body, { status: 'success' });
    assert.equal((await chat({ messages })).headers.get('x-litellm-cache-key'), null, 'deleted: a miss');
    assert.ok((await chat({ messages })).headers.get('x-litellm-cache-key'));
    assert.deepEqual((await gateway.post('/cache/flushall', {})).body, { status: 'success' });
    assert.equal((await chat({ messages })).headers.get('x-litellm-cache-key'), null, 'flushed: a miss');
    assert.equal((await gateway.post('/cache/delete', { keys: 'nope' })).status, 400);
    const virtual = String(((await gateway.post('/key/generate', {})).body as { key: string }).key);
    assert.equal((await gateway.post('/cache/flushall', {}, { authorization: `Bearer ${virtual}` })).status, 403);
  });

  async function restart(): Promise<TestGateway> {
    return startGateway({
      models: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', ...PRICES } }],
      litellm_settings: { cache: true },
      stores: { keys: storage.keys, spendLedger: storage.spendLedger, spend: storage.spend, spendJournalPath: join(await mkdtemp(join(tmpdir(), 'switchyard-journal-')), 'spend.jsonl') },
      responseCacheStore: store,
    });
  }
});

describe('response cache modes and call types', () => {
  let fake: FakeOpenAI;
  const gateways: TestGateway[] = [];
  const start = async (litellm_settings: Record<string, unknown>): Promise<TestGateway> => {
    const gateway = await startGateway({
      models: [
        { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up' } },
        { model_name: 'embed', litellm_params: { model: 'openai/text-embedding-3-small', api_base: `${fake.url}/v1`, api_key: 'sk-up' } },
      ],
      litellm_settings,
    });
    gateways.push(gateway);
    return gateway;
  };
  before(async () => {
    fake = await startFakeOpenAI();
  });
  after(async () => {
    for (const gateway of gateways) await gateway.close();
    await fake.close();
  });

  it('default_off: only requests with cache: {"use-cache": true} use the cache', async () => {
    const gateway = await start({ cache: true, cache_params: { type: 'local', mode: 'default_off' } });
    const messages = fresh();
    await gateway.post('/v1/chat/completions', { model: 'gpt', messages });
    assert.equal((await gateway.post('/v1/chat/completions', { model: 'gpt', messages })).headers.get('x-litellm-cache-key'), null);
    await gateway.post('/v1/chat/completions', { model: 'gpt', messages, cache: { 'use-cache': true } });
    const hit = await gateway.post('/v1/chat/completions', { model: 'gpt', messages, cache: { 'use-cache': true } });
    assert.ok(hit.headers.get('x-litellm-cache-key'));
  });

  it('supported_call_types limits the routes cached; [] caches nothing', async () => {
    const embeddingsOnly = await start({ cache: true, cache_params: { supported_call_types: ['embedding', 'aembedding'] } });
    const messages = fresh();
    await embeddingsOnly.post('/v1/chat/completions', { model: 'gpt', messages });
    assert.equal((await embeddingsOnly.post('/v1/chat/completions', { model: 'gpt', messages })).headers.get('x-litellm-cache-key'), null);
    const input = randomUUID();
    await embeddingsOnly.post('/v1/embeddings', { model: 'embed', input });
    assert.ok((await embeddingsOnly.post('/v1/embeddings', { model: 'embed', input })).headers.get('x-litellm-cache-key'));
    const none = await start({ cache: true, cache_params: { supported_call_types: [] } });
    await none.post('/v1/embeddings', { model: 'embed', input });
    assert.equal((await none.post('/v1/embeddings', { model: 'embed', input })).headers.get('x-litellm-cache-key'), null);
  });

  it('without a cache the /cache routes answer LiteLLM\'s "Cache not initialized"', async () => {
    const gateway = await start({});
    const ping = await fetch(`${gateway.url}/cache/ping`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    assert.equal(ping.status, 503);
    assert.equal(errorOf(await ping.json()).message, 'Cache not initialized. litellm.cache is None');
    assert.equal((await gateway.post('/cache/flushall', {})).status, 503);
  });
});
