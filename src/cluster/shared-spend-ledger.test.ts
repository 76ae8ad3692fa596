import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedSpendLedger } from './shared-spend-ledger.ts';

describe('SharedSpendLedger (the workers’ primary)', () => {
  it('counts settled costs, so a worker that does not know them yet is still refused', async () => {
    const ledger = new SharedSpendLedger();
    const stale = [{ id: 'key:a', maxBudget: 1, knownSpend: 0 }];
    assert.deepEqual(await ledger.reserve(stale, 0.4), { ok: true });
    await ledger.settle(['key:a'], 0.4, 0.7);
    assert.deepEqual(await ledger.reserve(stale, 0.4), { ok: false, holderId: 'key:a', spend: 0.7 });
  });

  it('takes the larger of its spend and the spend a worker knows (e.g. fresh from the database)', async () => {
    const ledger = new SharedSpendLedger();
    assert.deepEqual(await ledger.reserve([{ id: 'team:t', maxBudget: 1, knownSpend: 0.1 }], 0.1), { ok: true });
    assert.deepEqual(await ledger.reserve([{ id: 'team:t', maxBudget: 1, knownSpend: 0.85 }], 0.1), { ok: false, holderId: 'team:t', spend: 0.85 });
  });

  it('reserves all holders or none, and a reset forgets the spend', async () => {
    const ledger = new SharedSpendLedger();
    const holders = [{ id: 'key:b', maxBudget: 10, knownSpend: 0 }, { id: 'user:u', maxBudget: 1, knownSpend: 0.9 }];
    assert.equal((await ledger.reserve(holders, 0.2)).ok, false);
    assert.deepEqual(await ledger.reserve([{ id: 'key:b', maxBudget: 0.2, knownSpend: 0 }], 0.2), { ok: true }, 'key:b was not reserved by the refused request');
    await ledger.settle(['key:b'], 0.2, 0.2);
    await ledger.reset('key:b');
    assert.deepEqual(await ledger.reserve([{ id: 'key:b', maxBudget: 0.2, knownSpend: 0 }], 0.2), { ok: true });
  });
});
