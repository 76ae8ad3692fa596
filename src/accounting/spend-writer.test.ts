import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { silentLog } from '../../test/support/redis-url.ts';
import type { SpendLogInput } from '../storage/spend-log-record.ts';
import { SpendWriter, type SpendSink } from './spend-writer.ts';

function row(id: string, spend = 0.01): SpendLogInput {
  const at = new Date('2026-11-24T12:00:00Z');
  return { request_id: id, call_type: 'acompletion', api_key: 'hash', spend, prompt_tokens: 1, completion_tokens: 1, start_time: at, end_time: at, model: 'gpt-4o' };
}

/** A ledger that can be switched off, and that skips request ids it already has (like the real one). */
function ledger() {
  const written = new Map<string, SpendLogInput>();
  const sink = {
    down: false,
    attempts: 0,
    async recordSpend(rows: readonly SpendLogInput[]) {
      sink.attempts++;
      if (sink.down) throw new Error('connection refused');
      for (const r of rows) if (!written.has(r.request_id)) written.set(r.request_id, r);
    },
  };
  return { sink: sink as SpendSink & typeof sink, written };
}

const journal = async () => join(await mkdtemp(join(tmpdir(), 'switchyard-spend-')), 'spend-journal.jsonl');

describe('SpendWriter', () => {
  test('batches reach the ledger; the journal is cleared once they are written', async () => {
    const { sink, written } = ledger();
    const path = await journal();
    const writer = new SpendWriter({ sink, journalPath: path, log: silentLog, batchSize: 10 });
    for (let i = 0; i < 25; i++) writer.add(row(`r${i}`));
    await writer.flush();
    assert.equal(written.size, 25);
    assert.equal(writer.pending, 0);
    assert.equal(existsSync(path), false);
    await writer.close();
  });

  test('database down: nothing is lost — rows stay queued and journaled, and land once it returns', async () => {
    const { sink, written } = ledger();
    const path = await journal();
    const writer = new SpendWriter({ sink, journalPath: path, log: silentLog });
    sink.down = true;
    for (let i = 0; i < 5; i++) writer.add(row(`d${i}`));
    await writer.flush();
    assert.equal(written.size, 0);
    assert.equal(writer.pending, 5);
    assert.equal((await readFile(path, 'utf8')).trim().split('\n').length, 5, 'all five are in the journal');
    sink.down = false;
    await writer.flush();
    assert.equal(written.size, 5);
    const total = [...written.values()].reduce((sum, r) => sum + r.spend, 0);
    assert.equal(Math.round(total * 100), 5);
    await writer.close();
  });

  test('stopped while the database is down: the next start replays the journal exactly once', async () => {
    const first = ledger();
    const path = await journal();
    const writer = new SpendWriter({ sink: first.sink, journalPath: path, log: silentLog });
    first.sink.down = true;
    writer.add(row('s1', 0.25));
    writer.add(row('s2', 0.5));
    await writer.close();
    assert.equal(first.written.size, 0);

    const restarted = ledger();
    // The earlier run wrote s1 before losing the acknowledgement: the replay must not count it twice.
    restarted.written.set('s1', row('s1', 0.25));
    const next = new SpendWriter({ sink: restarted.sink, journalPath: path, log: silentLog });
    assert.equal(await next.replay(), 2);
    assert.deepEqual([...restarted.written.keys()].sort(), ['s1', 's2']);
    assert.equal(existsSync(path), false);
    await next.close();
  });

  test('a replay with no journal is a no-op', async () => {
    const { sink } = ledger();
    const writer = new SpendWriter({ sink, journalPath: await journal(), log: silentLog });
    assert.equal(await writer.replay(), 0);
    assert.equal(sink.attempts, 0);
    await writer.close();
  });
});
