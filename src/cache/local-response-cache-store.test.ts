import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LocalResponseCacheStore } from './local-response-cache-store.ts';

const entry = (response: unknown) => ({ timestamp: 0, response });

describe('LocalResponseCacheStore', () => {
  test('keeps at most maxItems, evicting the least recently used', async () => {
    const store = new LocalResponseCacheStore({ maxItems: 2 });
    await store.setMany([{ key: 'a', entry: entry(1) }, { key: 'b', entry: entry(2) }], undefined);
    assert.deepEqual(store.get('a')?.response, 1); // a is now the most recent
    await store.setMany([{ key: 'c', entry: entry(3) }], undefined);
    assert.equal(store.size, 2);
    assert.deepEqual((await store.getMany(['a', 'b', 'c'])).map((e) => e?.response), [1, undefined, 3]);
  });

  test('an entry expires after its ttl, else after the default ttl; none means until evicted', async () => {
    let now = 1_000_000;
    const store = new LocalResponseCacheStore({ maxItems: 10, defaultTtlS: 600, now: () => now });
    await store.setMany([{ key: 'short', entry: entry('s') }], 5);
    await store.setMany([{ key: 'default', entry: entry('d') }], undefined);
    now += 4_999;
    assert.equal(store.get('short')?.response, 's');
    now += 1;
    assert.equal(store.get('short'), undefined);
    assert.equal(store.size, 1, 'an expired entry is dropped when read');
    now += 600_000 - 5_000 - 1;
    assert.equal(store.get('default')?.response, 'd');
    now += 1;
    assert.equal(store.get('default'), undefined);
    const forever = new LocalResponseCacheStore({ maxItems: 10, now: () => now });
    await forever.setMany([{ key: 'k', entry: entry('f') }], undefined);
    now += 1e12;
    assert.equal(forever.get('k')?.response, 'f');
  });

  test('delete says how many existed; flush empties it', async () => {
    const store = new LocalResponseCacheStore({ maxItems: 10 });
    await store.setMany([{ key: 'a', entry: entry(1) }, { key: 'b', entry: entry(2) }], undefined);
    assert.equal(await store.delete(['a', 'zzz']), 1);
    assert.equal(await store.flush(), 1);
    assert.equal(store.size, 0);
  });
});
