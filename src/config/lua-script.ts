import { createHash } from 'node:crypto';
import { withTimeout, type SharedRedisClient } from './redis-client.ts';

/**
 * A Lua script sent by its SHA1 (EVALSHA), so a request carries a few bytes instead of the
 * script; the full text goes only when the server does not know it yet (first use, a
 * restarted server, a new Cluster node). A run Redis does not answer within 1 s rejects.
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: SharedRedisClient, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
    try {
      return await withTimeout(client.evalSha(this.#sha, options));
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return withTimeout(client.eval(this.#source, options));
    }
  }
}
