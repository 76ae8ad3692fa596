import { useMemo, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api } from '../lib/api.js';
import { count, money, ms, shortCount, shortMoney } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { Chart } from '../components/chart.js';
import { Empty, ErrorBox, Loading } from '../components/common.js';

const RANGES = [
  ['1h', 'Last hour', 3_600_000, 60],
  ['24h', 'Last 24 hours', 86_400_000, 48],
  ['7d', 'Last 7 days', 7 * 86_400_000, 56],
  ['30d', 'Last 30 days', 30 * 86_400_000, 60],
];

function TopTable({ title, rows, nameOf }) {
  return html`<section>
    <h2>${title}</h2>
    ${rows.length === 0
      ? html`<${Empty}>No spend in this range.<//>`
      : html`<div class="table-wrap"><table>
          <thead><tr><th>Name</th><th class="num">Requests</th><th class="num">Spend</th></tr></thead>
          <tbody>${rows.map((r) => html`<tr><td>${nameOf(r)}</td><td class="num">${count(r.requests)}</td><td class="num">${money(r.spend)}</td></tr>`)}</tbody>
        </table></div>`}
  </section>`;
}

/** Requests, errors, spend, tokens and latency over time, and the top spenders. */
export function OverviewPage({ session }) {
  const [rangeId, setRangeId] = useState('24h');
  const [, , span, buckets] = RANGES.find(([id]) => id === rangeId);
  const { data, error, loading, reload } = useApi(() => {
    const end = new Date();
    return api('/switchyard/activity', { query: { start: new Date(end.getTime() - span).toISOString(), end: end.toISOString(), buckets } });
  }, [rangeId]);
  const charts = useMemo(() => {
    if (!data) return null;
    const x = data.series.map((b) => Date.parse(b.start) / 1000);
    const pick = (field) => data.series.map((b) => b[field]);
    return {
      x,
      range: [Date.parse(data.start) / 1000, Date.parse(data.end) / 1000],
      traffic: [{ label: 'requests', values: pick('requests') }, { label: 'errors', values: pick('errors') }],
      spend: [{ label: 'spend (USD)', values: pick('spend'), format: (v) => money(v), tick: shortMoney }],
      tokens: [{ label: 'tokens', values: pick('tokens'), format: (v) => count(v), tick: shortCount }],
      latency: [{ label: 'p50', values: pick('p50_ms'), format: (v) => ms(v), tick: (v) => ms(v) }, { label: 'p95', values: pick('p95_ms'), format: (v) => ms(v) }],
    };
  }, [data]);
  const totals = data?.totals;
  return html`<div>
    <h1>Overview${session.role === 'admin' ? '' : ' — this key'}</h1>
    <div class="toolbar">
      <label>Time range
        <select value=${rangeId} onChange=${(e) => setRangeId(e.currentTarget.value)}>
          ${RANGES.map(([id, label]) => html`<option value=${id}>${label}</option>`)}
        </select>
      </label>
      <button onClick=${reload}>Refresh</button>
    </div>
    <${ErrorBox} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data && data.truncated ? html`<div class="notice">This range has more requests than one view reads; the charts show the first ${count(data.series.reduce((n, b) => n + b.requests, 0))}.</div>` : null}
    ${totals ? html`<div class="cards">
      <div class="card"><div class="label">Requests</div><div class="value" data-testid="total-requests">${count(totals.requests)}</div></div>
      <div class="card"><div class="label">Errors</div><div class="value">${count(totals.errors)}${totals.requests > 0 ? html` <small class="muted">(${((totals.errors / totals.requests) * 100).toFixed(1)} %)</small>` : null}</div></div>
      <div class="card"><div class="label">Spend</div><div class="value">${money(totals.spend)}</div></div>
      <div class="card"><div class="label">Tokens</div><div class="value">${count(totals.tokens)}</div></div>
      <div class="card"><div class="label">Latency p50</div><div class="value">${ms(totals.p50_ms)}</div></div>
      <div class="card"><div class="label">Latency p95</div><div class="value">${ms(totals.p95_ms)}</div></div>
    </div>` : null}
    ${data && totals.requests === 0 ? html`<${Empty}>No requests in this range yet. Send one from the <a href="#/playground">Playground</a>.<//>` : null}
    ${charts && totals.requests > 0 ? html`<div class="grid2">
      <${Chart} title="Requests and errors" x=${charts.x} xRange=${charts.range} series=${charts.traffic} />
      <${Chart} title="Spend" x=${charts.x} xRange=${charts.range} series=${charts.spend} />
      <${Chart} title="Tokens" x=${charts.x} xRange=${charts.range} series=${charts.tokens} />
      <${Chart} title="Latency (p50 / p95)" x=${charts.x} xRange=${charts.range} series=${charts.latency} />
    </div>` : null}
    ${data && session.role === 'admin' ? html`<div class="grid3">
      <${TopTable} title="Top keys by spend" rows=${data.top_keys} nameOf=${(r) => r.key_alias ?? (r.name === '' ? 'admin (master key)' : `${r.name.slice(0, 10)}… (no key record)`)} />
      <${TopTable} title="Top teams by spend" rows=${data.top_teams} nameOf=${(r) => r.name} />
      <${TopTable} title="Top models by spend" rows=${data.top_models} nameOf=${(r) => r.name} />
    </div>` : null}
  </div>`;
}
