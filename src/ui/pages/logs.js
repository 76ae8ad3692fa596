import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api } from '../lib/api.js';
import { count, money, ms, when } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { Empty, ErrorBox, Loading, Pager } from '../components/common.js';

const PAGE_SIZE = 50;

function Detail({ id, onClose }) {
  const log = useApi(() => api(`/spend/logs/ui/${encodeURIComponent(id)}`), [id]);
  const row = log.data;
  const stored = row && (row.messages !== null || row.response !== null);
  const error = row?.metadata?.error_information;
  return html`<aside class="drawer" role="dialog" aria-label="Request detail">
    <div class="toolbar"><h2 class="grow" style="margin:0">Request ${id}</h2><button onClick=${onClose}>Close</button></div>
    <${ErrorBox} error=${log.error} />
    ${row ? html`<dl class="kv">
        <dt>Time</dt><dd>${when(row.start_time)}</dd>
        <dt>Status</dt><dd>${row.status === 'failure' ? html`<span class="badge bad">failure</span>` : html`<span class="badge ok">success</span>`}</dd>
        <dt>Key</dt><dd>${row.key_alias ?? (row.api_key ? `${row.api_key.slice(0, 12)}…` : 'admin (master key)')}</dd>
        <dt>Model</dt><dd>${row.model_group ?? row.model} <span class="muted">→ ${row.model}</span></dd>
        <dt>Deployment</dt><dd class="mono">${row.model_id ?? '—'} ${row.custom_llm_provider ? `(${row.custom_llm_provider})` : ''}</dd>
        <dt>Tokens</dt><dd>${count(row.prompt_tokens)} in · ${count(row.completion_tokens)} out</dd>
        <dt>Cost</dt><dd>${row.status === 'failure' ? '$0 (failed)' : money(row.spend, { unpriced: row.metadata?.unpriced === true })}</dd>
        <dt>Latency</dt><dd>${ms(row.latency_ms)}</dd>
        <dt>Cache hit</dt><dd>${row.cache_hit ? 'yes' : 'no'}</dd>
        ${row.team_id ? html`<dt>Team</dt><dd>${row.team_id}</dd>` : null}
        ${row.end_user ? html`<dt>End user</dt><dd>${row.end_user}</dd>` : null}
      </dl>
      ${error ? html`<h2>Error</h2><pre>${error.error_class}: ${error.error_message}</pre>` : null}
      ${stored
        ? html`<h2>Request</h2><pre data-testid="log-request">${JSON.stringify(row.messages, null, 2)}</pre><h2>Response</h2><pre>${JSON.stringify(row.response, null, 2)}</pre>`
        : html`<div class="notice" style="margin-top:1rem">The request and response are not stored: message logging is off. Set <code>general_settings.store_prompts_in_spend_logs: true</code> to keep them (not with <code>litellm_settings.turn_off_message_logging</code>).</div>`}` : html`<${Loading} />`}
  </aside>`;
}

/** Recent requests with filters, and a detail view. */
export function LogsPage({ session }) {
  const [filters, setFilters] = useState({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(null);
  const logs = useApi(() => api('/spend/logs/ui', { query: { ...filters, page, page_size: PAGE_SIZE } }), [filters, page]);
  const apply = (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPage(1);
    setFilters(Object.fromEntries([...form.entries()].filter(([, v]) => String(v).trim() !== '')));
  };
  const rows = logs.data?.data ?? [];
  return html`<div>
    <h1>Logs${session.role === 'admin' ? '' : ' — this key'}</h1>
    <form class="toolbar" onSubmit=${apply} aria-label="Log filters">
      ${session.role === 'admin' ? html`<label>Key alias<input name="key_alias" /></label><label>Team<input name="team_id" /></label>` : null}
      <label>Model<input name="model" /></label>
      <label>Status<select name="status_filter"><option value="">any</option><option value="success">success</option><option value="failure">failure</option></select></label>
      <label>From<input type="date" name="start_date" /></label>
      <label>To<input type="date" name="end_date" /></label>
      <button type="submit" class="primary">Apply</button>
      <button type="button" onClick=${logs.reload}>Refresh</button>
    </form>
    <${ErrorBox} error=${logs.error} />
    ${logs.loading && !logs.data ? html`<${Loading} />` : null}
    ${logs.data && rows.length === 0 ? html`<${Empty}>${Object.keys(filters).length ? 'No request matches these filters.' : 'No requests logged yet. Calls appear here within a second of finishing.'}<//>` : null}
    ${rows.length > 0 ? html`<div class="table-wrap"><table aria-label="Request logs">
      <thead><tr><th>Time</th><th>Key</th><th>Model</th><th>Deployment</th><th>Status</th><th class="num">Tokens</th><th class="num">Cost</th><th class="num">Latency</th><th>Cache</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr class="clickable" tabindex="0" onClick=${() => setOpen(r.request_id)} onKeyDown=${(e) => e.key === 'Enter' && setOpen(r.request_id)}>
        <td>${when(r.start_time)}</td>
        <td>${r.key_alias ?? (r.api_key ? html`<span class="mono">${r.api_key.slice(0, 10)}…</span>` : html`<span class="muted">admin (master key)</span>`)}</td>
        <td>${r.model_group ?? r.model}</td>
        <td class="mono muted">${r.model_id ? `${r.model_id.slice(0, 12)}` : '—'}</td>
        <td>${r.status === 'failure' ? html`<span class="badge bad">failure</span>` : html`<span class="badge ok">success</span>`}</td>
        <td class="num">${count(r.total_tokens)}</td>
        <td class="num">${r.status === 'failure' ? '—' : money(r.spend, { unpriced: r.metadata?.unpriced === true })}</td>
        <td class="num">${ms(r.latency_ms)}</td>
        <td>${r.cache_hit ? html`<span class="badge ok">hit</span>` : html`<span class="muted">miss</span>`}</td>
      </tr>`)}</tbody>
    </table></div>` : null}
    ${logs.data ? html`<p class="muted">${count(logs.data.total)} requests</p>` : null}
    <${Pager} page=${page} totalPages=${logs.data?.total_pages} onPage=${setPage} />
    ${open ? html`<${Detail} id=${open} onClose=${() => setOpen(null)} />` : null}
  </div>`;
}
