/** Saves a run's numbers to `bench/results/` (gitignored): full JSON plus the Markdown tables. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchReport } from './bench-result.ts';
import { renderMarkdown } from './print-report.ts';
import { checkAims } from './report-aims.ts';

/** Writes `bench-<time>.json` and `bench-<time>.md` into `dir`; returns the JSON path. */
export function saveResults(report: BenchReport, dir: string): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const jsonPath = join(absolute, `bench-${stamp}.json`);
  writeFileSync(jsonPath, `${JSON.stringify({ ...report, aims: checkAims(report) }, null, 2)}\n`);
  writeFileSync(join(absolute, `bench-${stamp}.md`), renderMarkdown(report));
  return jsonPath;
}
