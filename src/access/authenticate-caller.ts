import { hashApiKey } from '../storage/api-key-hash.ts';
import { GatewayError } from '../spec/gateway-error.ts';
import type { Caller } from './caller.ts';
import type { KeyCache } from './key-cache.ts';
import { abbreviateKey, type MasterKey } from './master-key.ts';

const INVALID = (key: string): GatewayError =>
  new GatewayError(
    'authentication',
    `Authentication Error, Invalid proxy server token passed. Received API Key = ${abbreviateKey(key)}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
  );

/**
 * Decides who `presented` is: the master key (constant-time compare), else a virtual key
 * looked up by its SHA-256 through the cache. Blocked → 401, expired → 400 `expired_key`,
 * unknown → 401. Returns synchronously when no lookup is needed (master key, cached key).
 */
export function authenticateCaller(options: { presented: string; masterKey: MasterKey; keys: KeyCache | undefined; now: Date }): Caller | Promise<Caller> {
  const { presented, masterKey, keys } = options;
  if (masterKey.matches(presented)) return { kind: 'master' };
  if (keys === undefined || !presented.startsWith('sk-')) throw INVALID(presented);
  const hash = hashApiKey(presented);
  const cached = keys.peek(hash);
  if (cached !== undefined) return check({ hash, key: cached, presented, now: options.now });
  return keys.get(hash).then((key) => {
    if (key === undefined) throw INVALID(presented);
    return check({ hash, key, presented, now: options.now });
  });
}

function check(args: { hash: string; key: NonNullable<Awaited<ReturnType<KeyCache['get']>>>; presented: string; now: Date }): Caller {
  const { key } = args;
  if (key.blocked) {
    throw new GatewayError('authentication', `Authentication Error - Key is blocked. Update via \`/key/unblock\` if you're admin. Key = ${abbreviateKey(args.presented)}`);
  }
  if (key.expires !== null && key.expires.getTime() < args.now.getTime()) {
    throw new GatewayError('expired_key', `Authentication Error - Expired Key. Key Expiry time ${key.expires.toISOString()} and current time ${args.now.toISOString()}`, { param: 'api_key' });
  }
  return { kind: 'virtual', hash: args.hash, key };
}
