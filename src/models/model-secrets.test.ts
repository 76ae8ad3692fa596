import { test } from 'node:test';
import assert from 'node:assert/strict';
import nacl from 'tweetnacl';
import { createHash } from 'node:crypto';
import { ModelSecrets } from './model-secrets.ts';

// Written by LiteLLM's algorithm with Python's `cryptography` (HKDF-SHA256 / SHA-256 key, AES-256-GCM,
// nonce 00..0b, urlsafe base64 with padding), signing key "sk-1234".
const LITELLM_V3 = 'v3:gcm:AAECAwQFBgcICQoLmUiiXfqdNn7nJ5edXPmVGPfkLkJ7Qa-kT6NhmheIpZmcjg==';
const LITELLM_V2 = 'v2:gcm:AAECAwQFBgcICQoLNwLEIj-WGoSJSqxMpvqRqh42hn52PN-IqptknpCleM9yhYC-UMC0';

test('reads values LiteLLM wrote in its v3 and v2 AES-GCM formats', () => {
  const secrets = new ModelSecrets('sk-1234');
  assert.equal(secrets.decrypt(LITELLM_V3), 'sk-upstream-secret');
  assert.equal(secrets.decrypt(LITELLM_V2), 'https://example.test/v1');
});

test('reads legacy NaCl SecretBox values (urlsafe base64 of nonce ‖ box, key = SHA-256 of the signing key)', () => {
  const nonce = new Uint8Array(24).fill(7);
  const box = nacl.secretbox(new TextEncoder().encode('old-secret'), nonce, createHash('sha256').update('sk-1234').digest());
  const stored = Buffer.concat([nonce, box]).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
  assert.equal(new ModelSecrets('sk-1234').decrypt(stored), 'old-secret');
});

test('writes padded v3 values that round-trip, with a fresh nonce each time', () => {
  const secrets = new ModelSecrets('salt');
  const a = secrets.encrypt('sk-abc');
  const b = secrets.encrypt('sk-abc');
  assert.match(a, /^v3:gcm:[A-Za-z0-9_-]+=*$/);
  assert.equal((a.length - 7) % 4, 0, 'padded base64 (Python urlsafe_b64decode needs it)');
  assert.notEqual(a, b);
  assert.equal(secrets.decrypt(a), 'sk-abc');
});

test('a wrong key or a tampered value does not decrypt', () => {
  const value = new ModelSecrets('right').encrypt('secret');
  assert.equal(new ModelSecrets('wrong').decrypt(value), undefined);
  const tampered = value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
  assert.equal(new ModelSecrets('right').decrypt(tampered), undefined);
});

test('params: strings encrypted, other values kept; clear strings read as they are; wrong-key values named', () => {
  const secrets = new ModelSecrets('k');
  const stored = secrets.encryptParams({ model: 'openai/gpt-4o', api_key: 'sk-up', rpm: 10, drop_params: true });
  assert.notEqual(stored['api_key'], 'sk-up');
  assert.equal(stored['rpm'], 10);
  assert.deepEqual(secrets.decryptParams(stored).params, { model: 'openai/gpt-4o', api_key: 'sk-up', rpm: 10, drop_params: true });
  assert.deepEqual(secrets.decryptParams({ model: 'openai/gpt-4o' }), { params: { model: 'openai/gpt-4o' }, undecrypted: [] });
  assert.deepEqual(new ModelSecrets('other').decryptParams(stored).undecrypted.sort(), ['api_key', 'model']);
});
