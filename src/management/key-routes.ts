import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAdmin } from '../access/caller.ts';
import type { KeyCache } from '../access/key-cache.ts';
import { generateVirtualKey } from '../access/virtual-key.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import { hashApiKey, toApiKeyHash } from '../storage/api-key-hash.ts';
import type { KeyRecord, KeyRepository } from '../storage/key-repository.ts';
import { bodyOf, requireAdmin, requiredText } from './admin-request.ts';
import { keyView, readKeyPatch } from './key-fields.ts';

export interface KeyRouteDeps {
  keys: KeyRepository;
  cache: KeyCache;
  now?: () => Date;
  /** Tells the other replicas and workers that a key changed, so their caches drop it at once (resolves once sent; never rejects). */
  announce?: ((hash: string) => Promise<void>) | undefined;
  /** `litellm_settings.timezone`: budgets reset at midnight there (default UTC). */
  timeZone?: string | undefined;
}

function notFound(key: string): GatewayError {
  return new GatewayError('not_found', `Key not found: ${key.startsWith('sk-') ? `sk-...${key.slice(-4)}` : key}`, { param: 'key' });
}

/**
 * LiteLLM's key management API: /key/generate, /key/info, /key/list, /key/update,
 * /key/delete (POST and DELETE), /key/block, /key/unblock, /key/regenerate (also
 * /key/{key}/regenerate). Keys are stored only as their SHA-256; the key itself is shown once,
 * in the answer that creates it. Admin only, except that a virtual key may read its own info.
 */
export function registerKeyRoutes(app: FastifyInstance, deps: KeyRouteDeps): void {
  const now = deps.now ?? (() => new Date());
  // The answer waits until the change is announced, so the next request anywhere sees it.
  const remember = async (record: KeyRecord | undefined): Promise<KeyRecord | undefined> => {
    if (record !== undefined) {
      deps.cache.set(record);
      await deps.announce?.(record.token);
    }
    return record;
  };
  const forget = async (hash: string): Promise<void> => {
    deps.cache.invalidate(hash);
    await deps.announce?.(hash);
  };

  app.post('/key/generate', async (request) => {
    const body = requireAdmin(request);
    const at = now();
    const patch = readKeyPatch(body, at, deps.timeZone);
    const custom = body['key'];
    if (custom !== undefined && (typeof custom !== 'string' || !custom.startsWith('sk-'))) throw new GatewayError('bad_request', 'key must be a string starting with sk-', { param: 'key' });
    const key = typeof custom === 'string' ? custom : generateVirtualKey();
    if ((await deps.keys.getByHash(hashApiKey(key))) !== undefined) throw new GatewayError('bad_request', 'A key with this value already exists.', { param: 'key' });
    const created = await deps.keys.create({ ...patch, key, created_by: request.caller.kind === 'virtual' ? null : 'default_user_id' });
    await remember(created);
    return { ...keyView(created), key, token_id: created.token };
  });

  const info = async (request: FastifyRequest, key: string | undefined) => {
    const caller = request.caller;
    if (key === undefined) {
      if (caller.kind !== 'virtual') throw new GatewayError('bad_request', 'key is required', { param: 'key' });
      return { key: caller.key.token, info: keyView(caller.key) };
    }
    const hash = toApiKeyHash(key);
    if (!isAdmin(caller) && !(caller.kind === 'virtual' && caller.hash === hash)) {
      throw new GatewayError('forbidden', "A virtual key may only read its own info (/key/info for another key needs the master key).");
    }
    const record = await deps.keys.getByHash(hash);
    if (record === undefined) throw notFound(key);
    return { key, info: keyView(record) };
  };
  app.get('/key/info', async (request) => info(request, (request.query as { key?: string }).key));
  app.post('/key/info', async (request) => {
    const body = bodyOf(request);
    return info(request, typeof body['key'] === 'string' ? body['key'] : (request.query as { key?: string }).key);
  });

  app.get('/key/list', async (request) => {
    requireAdmin(request);
    const q = request.query as Record<string, string | undefined>;
    const page = await deps.keys.list({
      ...(q['page'] ? { page: Number(q['page']) } : {}),
      ...(q['size'] ? { size: Number(q['size']) } : {}),
      ...(q['user_id'] ? { user_id: q['user_id'] } : {}),
      ...(q['team_id'] ? { team_id: q['team_id'] } : {}),
      ...(q['key_alias'] ? { key_alias: q['key_alias'] } : {}),
      ...(q['key_hash'] ? { key_hash: q['key_hash'] } : {}),
    });
    const full = q['return_full_object'] === 'true';
    return {
      keys: page.items.map((k) => (full ? keyView(k) : k.token)),
      total_count: page.total_count,
      current_page: page.current_page,
      total_pages: page.total_pages,
    };
  });

  app.post('/key/update', async (request) => {
    const body = requireAdmin(request);
    const key = requiredText(body, {}, 'key');
    const updated = await remember(await deps.keys.update(toApiKeyHash(key), readKeyPatch(body, now(), deps.timeZone)));
    if (updated === undefined) throw notFound(key);
    return keyView(updated);
  });

  const remove = async (request: FastifyRequest) => {
    const body = requireAdmin(request);
    const keys = Array.isArray(body['keys']) ? body['keys'].filter((k): k is string => typeof k === 'string') : [];
    const aliases = Array.isArray(body['key_aliases']) ? body['key_aliases'].filter((k): k is string => typeof k === 'string') : [];
    if (keys.length === 0 && aliases.length === 0) throw new GatewayError('bad_request', 'keys or key_aliases is required', { param: 'keys' });
    const hashes = keys.map(toApiKeyHash);
    for (const alias of aliases) for (const record of await deps.keys.getByAlias(alias)) hashes.push(record.token);
    const deleted = await deps.keys.deleteMany(hashes);
    await Promise.all(hashes.map(forget));
    if (deleted.length === 0) throw new GatewayError('not_found', 'None of the keys exist.', { param: 'keys' });
    return { deleted_keys: keys.length > 0 ? keys.filter((k) => deleted.includes(toApiKeyHash(k))) : deleted };
  };
  app.post('/key/delete', remove);
  app.delete('/key/delete', remove);

  for (const [path, blocked] of [['/key/block', true], ['/key/unblock', false]] as const) {
    app.post(path, async (request) => {
      requireAdmin(request);
      const key = requiredText(bodyOf(request), {}, 'key');
      const record = await remember(await deps.keys.setBlocked(toApiKeyHash(key), blocked));
      if (record === undefined) throw notFound(key);
      return keyView(record);
    });
  }

  const regenerate = async (request: FastifyRequest, key: string) => {
    const body = requireAdmin(request);
    const custom = body['new_key'];
    const newKey = typeof custom === 'string' && custom.startsWith('sk-') ? custom : generateVirtualKey();
    const oldHash = toApiKeyHash(key);
    const record = await deps.keys.regenerate(oldHash, { newKey, patch: readKeyPatch(body, now(), deps.timeZone) });
    await forget(oldHash);
    if (record === undefined) throw notFound(key);
    await remember(record);
    return { ...keyView(record), key: newKey, token_id: record.token };
  };
  app.post('/key/regenerate', async (request) => regenerate(request, requiredText(bodyOf(request), {}, 'key')));
  app.post('/key/:key/regenerate', async (request) => regenerate(request, (request.params as { key: string }).key));
}
