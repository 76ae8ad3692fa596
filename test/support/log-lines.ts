import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The gateway's log lines, with a way to await one that matches. */
export class LogLines {
  readonly lines: Record<string, unknown>[] = [];
  readonly #waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];

  constructor(child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      this.lines.push(line);
      for (const waiter of [...this.#waiters]) {
        if (!waiter.match(line)) continue;
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
    child.stderr.resume();
  }

  /** Resolves with the `times`-th line matching `match`, once it has been logged (now or before). */
  next(match: (line: Record<string, unknown>) => boolean, times = 1): Promise<Record<string, unknown>> {
    const logged = this.lines.filter(match);
    if (logged.length >= times) return Promise.resolve(logged[times - 1]!);
    return new Promise((resolve) => this.#waiters.push({ match: (line) => match(line) && this.count(match) >= times, resolve }));
  }

  count(match: (line: Record<string, unknown>) => boolean): number {
    return this.lines.filter(match).length;
  }
}
