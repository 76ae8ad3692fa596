import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { Kysely, sql } from 'kysely';
import { adaptDatabaseSync, createNodeSqliteDialect } from '../../src/storage/node-sqlite-dialect.ts';

interface Scratch {
  items: { id: number; flag: number; at: string | null; note: string | null };
}

test('the adapter binds booleans as 0/1, Dates as ISO text and undefined as NULL, and returns RETURNING rows', async () => {
  const db = new Kysely<Scratch>({ dialect: createNodeSqliteDialect({ path: ':memory:' }) });
  try {
    await sql`create table items (id integer primary key, flag integer, at text, note text)`.execute(db);
    const at = new Date('2030-01-02T03:04:05.678Z');
    const returned = await db
      .insertInto('items')
      .values({ id: 1, flag: true as unknown as number, at: at as unknown as string, note: undefined as unknown as null })
      .returningAll()
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...returned }, { id: 1, flag: 1, at: '2030-01-02T03:04:05.678Z', note: null });
    const update = await db.updateTable('items').set({ note: 'x' }).where('id', '=', 1).executeTakeFirst();
    assert.equal(update.numUpdatedRows, 1n);
  } finally {
    await db.destroy();
  }
});

test('transactions on the single connection are serialised: a concurrent query waits for the commit', async () => {
  const db = new Kysely<Scratch>({ dialect: createNodeSqliteDialect({ path: ':memory:' }) });
  try {
    await sql`create table items (id integer primary key, flag integer, at text, note text)`.execute(db);
    const order: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((resolveEntered) => (inside = resolveEntered));
    let release!: () => void;
    const gate = new Promise<void>((resolveGate) => (release = resolveGate));
    const transaction = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 1, flag: 0, at: null, note: 'in trx' }).execute();
      inside();
      await gate;
      order.push('commit');
    });
    await entered;
    const outside = db.selectFrom('items').selectAll().execute().then((rows) => order.push(`read ${rows.length}`));
    release();
    await Promise.all([transaction, outside]);
    assert.deepEqual(order, ['commit', 'read 1']);
  } finally {
    await db.destroy();
  }
});

test('closing an already closed database is harmless', () => {
  const raw = new DatabaseSync(':memory:');
  const adapted = adaptDatabaseSync(raw);
  adapted.close();
  adapted.close();
  assert.equal(raw.isOpen, false);
});
