import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createClient } from 'redis';
import { TEST_REDIS_URL } from '../../test/support/redis-url.ts';
import { LuaScript } from './lua-script.ts';
import type { SharedRedisClient } from './redis-client.ts';

describe('LuaScript', () => {
  it('runs by SHA, sending the text only when the server does not know the script', async () => {
    const client = createClient({ url: TEST_REDIS_URL }) as unknown as SharedRedisClient;
    await client.connect();
    try {
      // A script no server has seen: the random constant makes its SHA new.
      const script = new LuaScript(`return {KEYS[1], ARGV[1], '${crypto.randomUUID()}'}`);
      const sent: string[] = [];
      const spy = new Proxy(client, {
        get: (target, name, receiver) => (name === 'eval' || name === 'evalSha' ? (...args: unknown[]) => (sent.push(String(name)), Reflect.apply(Reflect.get(target, name, receiver) as (...a: unknown[]) => unknown, target, args)) : Reflect.get(target, name, receiver)),
      });
      const first = (await script.run(spy, { keys: ['k'], arguments: ['a'] })) as unknown[];
      assert.deepEqual(first.slice(0, 2), ['k', 'a']);
      await script.run(spy, { keys: ['k'], arguments: ['b'] });
      assert.deepEqual(sent, ['evalSha', 'eval', 'evalSha']);
    } finally {
      await client.close();
    }
  });
});
