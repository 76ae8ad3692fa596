import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UI_SESSION_TTL_MS, UiSessions } from './ui-session.ts';

describe('UiSessions', () => {
  it('accepts its own tokens until they expire, and no others', () => {
    let now = 1_000_000;
    const sessions = new UiSessions({ masterKey: 'sk-master', now: () => now });
    const { token, expiresAt } = sessions.issue();
    assert.equal(expiresAt.getTime(), now + UI_SESSION_TTL_MS);
    assert.ok(UiSessions.isSessionToken(token));
    assert.ok(!token.includes('sk-master'));
    assert.ok(sessions.verify(token));
    assert.ok(!new UiSessions({ masterKey: 'sk-other', now: () => now }).verify(token), 'another master key ends every session');
    assert.ok(!sessions.verify(`${token}x`));
    assert.ok(!sessions.verify('sk-master'));
    now += UI_SESSION_TTL_MS;
    assert.ok(!sessions.verify(token), 'expired');
  });

  it('two tokens issued at once differ', () => {
    const sessions = new UiSessions({ masterKey: 'sk-master' });
    assert.notEqual(sessions.issue().token, sessions.issue().token);
  });
});
