/**
 * LiteLLM's `budget_duration` values and when a budget resets (docs: "Budget Reset Times and
 * Timezones"). Sub-day durations (`30s`, `30m`, `1h`) roll forward from now; days reset at
 * midnight in `litellm_settings.timezone` (UTC by default): `1d`/`24h`/`daily` the next
 * midnight, `7d`/`weekly` next Monday, `30d`/`1mo`/`monthly` the 1st of next month, `Nd`
 * N midnights on, `Nmo` the 1st N months on.
 */
export type BudgetDuration =
  | { readonly unit: 'seconds'; readonly count: number }
  | { readonly unit: 'days'; readonly count: number }
  | { readonly unit: 'weeks'; readonly count: number }
  | { readonly unit: 'months'; readonly count: number };

const WORDS: Readonly<Record<string, BudgetDuration>> = {
  daily: { unit: 'days', count: 1 },
  weekly: { unit: 'weeks', count: 1 },
  monthly: { unit: 'months', count: 1 },
};

/** Parses a duration; undefined when it is not one LiteLLM accepts. */
export function parseBudgetDuration(text: string): BudgetDuration | undefined {
  const trimmed = text.trim().toLowerCase();
  const word = WORDS[trimmed];
  if (word !== undefined) return word;
  const match = /^(\d+)(s|m|h|d|mo)$/.exec(trimmed);
  if (match === null) return undefined;
  const count = Number(match[1]);
  if (!Number.isSafeInteger(count) || count <= 0) return undefined;
  switch (match[2]) {
    case 's':
      return { unit: 'seconds', count };
    case 'm':
      return { unit: 'seconds', count: count * 60 };
    case 'h':
      return count % 24 === 0 ? { unit: 'days', count: count / 24 } : { unit: 'seconds', count: count * 3600 };
    case 'd':
      if (count === 7) return { unit: 'weeks', count: 1 };
      if (count === 30) return { unit: 'months', count: 1 };
      return { unit: 'days', count };
    default:
      return { unit: 'months', count };
  }
}

/** The instant the budget resets next, after `now`. */
export function nextBudgetReset(options: { duration: BudgetDuration; now: Date; timeZone?: string | undefined }): Date {
  const { duration, now } = options;
  if (duration.unit === 'seconds') return new Date(now.getTime() + duration.count * 1000);
  const timeZone = options.timeZone ?? 'UTC';
  const today = localDate(now, timeZone);
  let target: { year: number; month: number; day: number };
  if (duration.unit === 'days') target = addDays(today, duration.count);
  else if (duration.unit === 'weeks') {
    // Next Monday (ISO weekday 1), a week later per extra week.
    const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() || 7;
    target = addDays(today, 8 - weekday + 7 * (duration.count - 1));
  } else {
    const months = today.month - 1 + duration.count;
    target = { year: today.year + Math.floor(months / 12), month: (months % 12) + 1, day: 1 };
  }
  return midnightIn(target, timeZone);
}

function localDate(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant of 00:00 on `date` in `timeZone` (DST handled by measuring the offset there). */
function midnightIn(date: { year: number; month: number; day: number }, timeZone: string): Date {
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  let guess = utcMidnight;
  for (let i = 0; i < 2; i++) guess = utcMidnight - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** How far `timeZone` is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
