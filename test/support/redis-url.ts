import { randomUUID } from 'node:crypto';

/** The Redis the shared-state tests use: REDIS_URL, else the one on this machine. Tests fail (never skip) when it is down. */
export const TEST_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A key namespace no other test run shares. */
export function testNamespace(): string {
  return `switchyard-test-${randomUUID()}`;
}

export const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined };
