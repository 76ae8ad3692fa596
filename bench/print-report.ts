/** Renders a `BenchReport` as text for the terminal or as Markdown for the README. */
import { CACHE_TARGETS } from './bench-options.ts';
import type { BenchReport } from './bench-result.ts';
import { formatMarkdownTable, formatTable } from './format-table.ts';
import { checkAims } from './report-aims.ts';
import { reportTables } from './report-tables.ts';

type TableFormatter = (headers: string[], rows: string[][]) => string;

function header(report: BenchReport): string {
  const { machine } = report;
  const pinning = report.pinned ? 'proxy on core 1, generator + upstream on core 0' : 'NOT pinned (taskset missing or one core)';
  return `Switchyard bench — ${report.startedAt} — Node ${machine.node} — ${machine.cpuModel} × ${machine.cores} — ${pinning}`;
}

function notMeasured(report: BenchReport): string[] {
  return report.targets
    .filter((target) => target.status !== 'measured')
    .map((target) => `${target.name}: ${target.status.toUpperCase()} — ${target.reason}`);
}

function forwardingWarnings(report: BenchReport): string[] {
  return report.targets
    // Cache targets answer repeats from the cache: fewer upstream answers is the point.
    .filter((target) => target.forwarding && !target.forwarding.ok && !CACHE_TARGETS.has(target.name))
    .map((target) => `WARNING ${target.name}: the upstream answered ${target.forwarding?.upstreamAnswered} requests but clients got ${target.forwarding?.clientOk} answers`);
}

function render(report: BenchReport, table: TableFormatter, heading: (title: string) => string): string {
  const parts = [header(report), ''];
  for (const section of reportTables(report)) {
    if (section.rows.length === 0) continue;
    parts.push(heading(section.title), table(section.headers, section.rows), '');
  }
  const aims = checkAims(report);
  parts.push(heading('Switchyard aims (reported, not asserted)'), table(['aim', 'measured', 'verdict'], aims.map((aim) => [aim.aim, aim.measured, aim.verdict])), '');
  parts.push(...notMeasured(report), ...forwardingWarnings(report));
  return parts.join('\n').trimEnd() + '\n';
}

/** The report as aligned text tables. */
export function renderText(report: BenchReport): string {
  return render(report, formatTable, (title) => `== ${title}`);
}

/** The report as Markdown tables. */
export function renderMarkdown(report: BenchReport): string {
  return render(report, formatMarkdownTable, (title) => `**${title}**\n`);
}
