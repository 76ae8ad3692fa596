import { useMemo, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api } from '../lib/api.js';
import { count, downloadCsv, isoDay, money, shortMoney } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { Chart } from '../components/chart.js';
import { BudgetBar, Empty, ErrorBox, Loading } from '../components/common.js';

const TABS = [['day', 'By day'], ['key', 'By key'], ['team', 'By team'], ['model', 'By model'], ['tag', 'By tag']];

function SpendTable({ name, columns, rows }) {
  if (rows.length === 0) return html`<${Empty}>No spend in this range.<//>`;
  return html`<div>
    <div class="toolbar"><span class="grow muted">${rows.length} rows</span>
      <button onClick=${() => downloadCsv(`switchyard-spend-${name}.csv`, columns.map(([h, get, csv]) => [h, csv ?? get]), rows)}>Export CSV</button></div>
    <div class="table-wrap"><table aria-label=${`Spend ${name}`}>
      <thead><tr>${columns.map(([h, , , num]) => html`<th class=${num ? 'num' : ''}>${h}</th>`)}</tr></thead>
      <tbody>${rows.map((r) => html`<tr>${columns.map(([, get, , num, view]) => html`<td class=${num ? 'num' : ''}>${view ? view(r) : get(r)}</td>`)}</tr>`)}</tbody>
    </table></div>
  </div>`;
}

/** Spend by key, team, model, tag and day, as charts and tables, with CSV export. */
export function SpendPage() {
  const today = new Date();
  const [range, setRange] = useState({ start: isoDay(new Date(today.getTime() - 29 * 86_400_000)), end: isoDay(today) });
  const [tab, setTab] = useState('day');
  const query = { start_date: range.start, end_date: range.end };
  const daily = useApi(() => api('/user/daily/activity', { query }), [range]);
  const models = useApi(() => api('/global/spend/models', { query }), [range]);
  const tags = useApi(() => api('/spend/tags', { query }), [range]);
  const keys = useApi(() => api('/spend/keys', { query: { limit: 1000 } }), []);
  const teams = useApi(() => api('/team/list'), []);
  const total = daily.data?.metadata?.total_spend;

  const byDay = daily.data?.results ?? [];
  const byKey = useMemo(() => {
    const sums = new Map();
    for (const d of byDay) for (const [hash, { metrics }] of Object.entries(d.breakdown.api_keys)) {
      const s = sums.get(hash) ?? { hash, spend: 0, requests: 0, tokens: 0 };
      s.spend += metrics.spend;
      s.requests += metrics.api_requests;
      s.tokens += metrics.total_tokens;
      sums.set(hash, s);
    }
    const records = new Map((keys.data ?? []).map((k) => [k.token, k]));
    return [...sums.values()].map((s) => ({ ...s, key: records.get(s.hash) })).sort((a, b) => b.spend - a.spend);
  }, [daily.data, keys.data]);
  const chart = useMemo(() => {
    // Every day of the range, $0 where nothing was spent, so one busy day is not a lone dot.
    const spendOf = new Map(byDay.map((d) => [d.date, d.metrics.spend]));
    const days = [];
    for (let t = Date.parse(`${range.start}T00:00:00Z`); t <= Date.parse(`${range.end}T00:00:00Z`) && days.length < 1000; t += 86_400_000) days.push(t / 1000);
    return { x: days, range: [days[0], days.at(-1)], series: [{ label: 'spend (USD)', values: days.map((t) => spendOf.get(isoDay(new Date(t * 1000))) ?? 0), format: (v) => money(v), tick: shortMoney }] };
  }, [daily.data]);
  const error = daily.error ?? models.error ?? tags.error ?? keys.error ?? teams.error;
  const setDates = (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setRange({ start: String(form.get('start')), end: String(form.get('end')) });
  };
  const keyName = (r) => r.hash === '' ? 'admin (master key)' : (r.key?.key_alias ?? r.key?.key_name ?? `${r.hash.slice(0, 10)}… (no key record)`);
  return html`<div>
    <h1>Spend</h1>
    <form class="toolbar" onSubmit=${setDates} aria-label="Date range">
      <label>From<input type="date" name="start" value=${range.start} required /></label>
      <label>To<input type="date" name="end" value=${range.end} required /></label>
      <button class="primary" type="submit">Show</button>
      <span class="grow"></span>
      ${total !== undefined ? html`<div class="card"><div class="label">Total in range</div><div class="value" data-testid="spend-total">${money(total)}</div></div>` : null}
    </form>
    <${ErrorBox} error=${error} />
    ${daily.loading && !daily.data ? html`<${Loading} />` : null}
    ${byDay.length > 0 ? html`<${Chart} title="Spend per day (UTC)" x=${chart.x} series=${chart.series} xRange=${chart.range} />` : null}
    <div class="tabs" role="tablist" style="margin-top:1rem">
      ${TABS.map(([id, label]) => html`<button role="tab" aria-selected=${tab === id} onClick=${() => setTab(id)}>${label}</button>`)}
    </div>
    ${tab === 'day' ? html`<${SpendTable} name="by-day" rows=${byDay} columns=${[
      ['Day', (r) => r.date], ['Requests', (r) => count(r.metrics.api_requests), (r) => r.metrics.api_requests, true],
      ['Failed', (r) => count(r.metrics.failed_requests), (r) => r.metrics.failed_requests, true],
      ['Tokens', (r) => count(r.metrics.total_tokens), (r) => r.metrics.total_tokens, true],
      ['Spend', (r) => money(r.metrics.spend), (r) => r.metrics.spend, true]]} />` : null}
    ${tab === 'key' ? html`<${SpendTable} name="by-key" rows=${byKey} columns=${[
      ['Key', keyName], ['Requests', (r) => count(r.requests), (r) => r.requests, true], ['Tokens', (r) => count(r.tokens), (r) => r.tokens, true],
      ['Spend in range', (r) => money(r.spend), (r) => r.spend, true],
      ['Budget (all time)', (r) => r.key?.max_budget ?? '', (r) => r.key?.max_budget ?? '', false, (r) => r.key ? html`<${BudgetBar} spend=${r.key.spend} max=${r.key.max_budget} resetAt=${r.key.budget_reset_at} />` : '—']]} />` : null}
    ${tab === 'team' ? html`<p class="muted">Team spend is the total since each team's last budget reset.</p><${SpendTable} name="by-team" rows=${(teams.data ?? []).slice().sort((a, b) => b.spend - a.spend)} columns=${[
      ['Team', (r) => r.team_alias ?? r.team_id], ['Spend', (r) => money(r.spend), (r) => r.spend, true],
      ['Budget', (r) => r.max_budget ?? '', (r) => r.max_budget ?? '', false, (r) => html`<${BudgetBar} spend=${r.spend} max=${r.max_budget} resetAt=${r.budget_reset_at} />`]]} />` : null}
    ${tab === 'model' ? html`<${SpendTable} name="by-model" rows=${models.data ?? []} columns=${[
      ['Model', (r) => r.model || '(unknown)'], ['Requests', (r) => count(r.api_requests), (r) => r.api_requests, true], ['Spend', (r) => money(r.spend), (r) => r.spend, true]]} />` : null}
    ${tab === 'tag' ? html`<${SpendTable} name="by-tag" rows=${tags.data?.spend_per_tag ?? []} columns=${[
      ['Tag', (r) => r.individual_request_tag], ['Requests', (r) => count(r.log_count), (r) => r.log_count, true], ['Spend', (r) => money(r.total_spend), (r) => r.total_spend, true]]} />` : null}
  </div>`;
}
