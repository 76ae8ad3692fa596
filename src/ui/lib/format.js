// Formatting that is honest about money: enough digits to see a fraction of a cent, and
// "unpriced" where the cost is not known (never a false $0).

export function money(value, { unpriced = false } = {}) {
  if (unpriced || value === null || value === undefined || Number.isNaN(value)) return 'unpriced';
  if (value === 0) return '$0';
  const abs = Math.abs(value);
  // Whole cents (budgets, most prices people type): two decimals.
  if (abs >= 0.01 && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9) return `$${value.toFixed(2)}`;
  if (abs >= 100) return `$${value.toFixed(2)}`;
  if (abs >= 1) return `$${value.toFixed(4)}`;
  // Small amounts: 3 significant digits, at most 8 decimals.
  const digits = Math.min(8, Math.max(4, 2 - Math.floor(Math.log10(abs)) + 1));
  return `$${value.toFixed(digits)}`;
}

/** Price per 1M tokens from a per-token price. */
export function perMillion(perToken) {
  if (perToken === null || perToken === undefined) return 'unpriced';
  return money(perToken * 1e6);
}

/** An axis tick: `$0.0004`, `$12`, `$1.2k`. */
export function shortMoney(value) {
  if (value === 0) return '$0';
  const abs = Math.abs(value);
  // Whole cents (budgets, most prices people type): two decimals.
  if (abs >= 0.01 && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9) return `$${value.toFixed(2)}`;
  if (abs >= 1000) return `$${(value / 1000).toPrecision(2)}k`;
  return `$${Number(value.toPrecision(2))}`;
}

/** An axis tick: `950`, `1.2k`, `3.4M`. */
export function shortCount(value) {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${Number((value / 1e6).toPrecision(2))}M`;
  if (abs >= 1e3) return `${Number((value / 1e3).toPrecision(2))}k`;
  return String(Number(value.toPrecision(3)));
}

export function count(value) {
  if (value === null || value === undefined) return '—';
  return Number(value).toLocaleString('en-US');
}

export function ms(value) {
  if (value === null || value === undefined) return '—';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${d.toLocaleDateString('en-CA')} ${d.toLocaleTimeString('en-GB', { hour12: false })}`;
}

export function day(iso) {
  return iso ? new Date(iso).toLocaleDateString('en-CA') : '—';
}

/** `sk-...abcd` for a key name. */
export function shortKey(name) {
  return name ? name : '—';
}

/** A CSV file download from rows and [header, accessor] columns. */
export function downloadCsv(filename, columns, rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.map(([header]) => cell(header)).join(','), ...rows.map((row) => columns.map(([, get]) => cell(get(row))).join(','))];
  const url = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** YYYY-MM-DD of a Date (UTC, as the daily tables). */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}
