import { appendFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ProviderLogger } from '../spec/provider.ts';
import type { SpendLogInput } from '../storage/spend-log-record.ts';

/** Where batches go: the ledger's exactly-once write (a replayed request id is never counted twice). */
export interface SpendSink {
  recordSpend(rows: readonly SpendLogInput[]): Promise<unknown>;
}

export interface SpendWriterOptions {
  sink: SpendSink;
  /** Spill file (JSON lines) holding the rows the database has not taken yet, when it is failing or at stop. */
  journalPath: string;
  log: ProviderLogger;
  /** Rows per database write. */
  batchSize?: number;
  /** Longest a row waits before its batch is written, ms. */
  flushIntervalMs?: number;
  /** Wait after a failed write before trying again, ms (doubles up to 30 s). */
  retryMs?: number;
}

/**
 * Spend off the hot path, with nothing lost. A finished call's row is queued; batches go to the
 * database in one exactly-once transaction each (every `flushIntervalMs` or `batchSize` rows).
 * If a write fails, everything queued is spilled to a local file, kept queued, and retried
 * with backoff; when the process stops (SIGTERM → close) the queue is flushed, and what cannot
 * be written stays in the spill file, which the next start replays. Because the ledger skips
 * request ids it already has, a replay after a crash between "written" and "spill cleared"
 * never counts a call twice. (A hard kill loses at most the rows of the last flush interval.)
 */
export class SpendWriter {
  readonly #options: Required<Omit<SpendWriterOptions, 'sink' | 'journalPath' | 'log'>> & SpendWriterOptions;
  #queue: SpendLogInput[] = [];
  #journalWrites: Promise<void> = Promise.resolve();
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;
  /** The spill file holds rows (so it must be rewritten once they are written). */
  #spilled = false;

  constructor(options: SpendWriterOptions) {
    this.#options = { batchSize: 100, flushIntervalMs: 500, retryMs: 500, ...options };
  }

  /** Replays the journal left by an earlier run (call once at start, before add()). */
  async replay(): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.#options.journalPath, 'utf8');
    } catch {
      return 0;
    }
    const rows = text.split('\n').filter((line) => line.trim() !== '').flatMap((line) => {
      try {
        return [reviveRow(JSON.parse(line) as SpendLogInput)];
      } catch {
        this.#options.log.warn({ line: line.slice(0, 200) }, 'spend journal: unreadable line skipped');
        return [];
      }
    });
    this.#queue.push(...rows);
    this.#spilled = rows.length > 0;
    if (rows.length > 0) this.#options.log.info({ rows: rows.length }, 'spend journal: replaying rows an earlier run did not write');
    await this.flush();
    return rows.length;
  }

  /** Queues one finished call's spend. Never throws, never waits for the database. */
  add(row: SpendLogInput): void {
    if (this.#closed) {
      this.#options.log.warn({ request_id: row.request_id }, 'spend after close: journaled for the next start');
    }
    this.#queue.push(row);
    if (this.#queue.length >= this.#options.batchSize) void this.flush();
    else this.#schedule(this.#options.flushIntervalMs);
  }

  /** Rows not yet in the database. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Writes everything queued; resolves when the queue is empty or a write failed (retried later). */
  flush(): Promise<void> {
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Flushes (one try per batch) and stops; rows left stay in the journal for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.flush();
    if (this.#queue.length > 0) await this.#rewriteJournal();
    await this.#journalWrites;
  }

  async #drain(): Promise<void> {
    await this.#journalWrites;
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#options.batchSize);
      try {
        await this.#options.sink.recordSpend(batch);
      } catch (error) {
        this.#failures++;
        const wait = Math.min(this.#options.retryMs * 2 ** (this.#failures - 1), 30_000);
        this.#options.log.warn({ err: (error as Error).message, pending: this.#queue.length, retry_in_ms: wait }, 'spend write failed; spilled to the journal and retried');
        await this.#rewriteJournal();
        if (!this.#closed) this.#schedule(wait);
        return;
      }
      this.#failures = 0;
      this.#queue.splice(0, batch.length);
    }
    if (this.#spilled) await this.#rewriteJournal();
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, ms);
    this.#timer.unref();
  }

  /** The spill file holds exactly what is still queued (replaced atomically by rename). */
  async #rewriteJournal(): Promise<void> {
    this.#journalWrites = this.#journalWrites.then(async () => {
      const path = this.#options.journalPath;
      if (this.#queue.length === 0) {
        await rm(path, { force: true });
        this.#spilled = false;
        return;
      }
      const next = `${path}.next`;
      await mkdir(dirname(path), { recursive: true });
      await rm(next, { force: true });
      await appendFile(next, this.#queue.map((row) => `${JSON.stringify(row)}\n`).join(''));
      await rename(next, path);
      this.#spilled = true;
    }).catch((error: unknown) => this.#options.log.warn({ err: (error as Error).message }, 'spend journal: rewrite failed'));
    await this.#journalWrites;
  }
}

/** Dates come back from JSON as strings. */
function reviveRow(row: SpendLogInput): SpendLogInput {
  return {
    ...row,
    start_time: new Date(row.start_time),
    end_time: new Date(row.end_time),
    ...(row.completion_start_time ? { completion_start_time: new Date(row.completion_start_time) } : {}),
  };
}
