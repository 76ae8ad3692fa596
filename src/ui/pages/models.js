import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, rawFetch } from '../lib/api.js';
import { count, money, ms, perMillion, when } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { Confirm, Dialog, Empty, ErrorBox, Loading } from '../components/common.js';
import { ModelForm } from '../components/model-form.js';

const READ_ONLY = 'Models are read-only (config file): set STORE_MODEL_IN_DB=True (with a database) to add, edit and delete models here.';

/**
 * Deployments from LiteLLM's /model/info; when this gateway has no such route yet, the model
 * groups from /v1/models and the deployments the health check reports.
 */
async function loadModels() {
  try {
    const info = await api('/model/info');
    return { source: 'model-info', deployments: info.data };
  } catch (error) {
    if (error.status !== 404) throw error;
    const models = await api('/v1/models');
    return { source: 'fallback', deployments: models.data.map((m) => ({ model_name: m.id, litellm_params: { model: '' }, model_info: { litellm_provider: m.owned_by } })) };
  }
}

function provider(d) {
  return d.model_info?.litellm_provider ?? (d.litellm_params?.model?.includes('/') ? d.litellm_params.model.split('/')[0] : 'openai');
}

/** A tiny real call through the gateway to one model group. */
async function testModel(name) {
  const started = performance.now();
  try {
    const response = await rawFetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: name, messages: [{ role: 'user', content: 'ping' }], max_tokens: 5 }) });
    const answer = await response.json();
    const cost = response.headers.get('x-litellm-response-cost');
    return { ok: true, text: `OK in ${ms(performance.now() - started)} · deployment ${(response.headers.get('x-litellm-model-id') ?? '?').slice(0, 12)} · ${cost === null ? 'unpriced' : money(Number(cost))} · “${(answer.choices?.[0]?.message?.content ?? '').slice(0, 60)}”` };
  } catch (e) {
    return { ok: false, text: e.message };
  }
}

/** Model groups and deployments: provider, health, cooldowns, prices, context; add/edit/delete when stored in the DB; test. */
export function ModelsPage() {
  const models = useApi(loadModels, []);
  const cooldowns = useApi(() => api('/router/cooldowns').then((r) => r.cooldowns), []);
  const [health, setHealth] = useState(null);
  const [tests, setTests] = useState({});
  const [dialog, setDialog] = useState(null);
  const [message, setMessage] = useState();
  const runHealth = async () => {
    setHealth({ running: true });
    try {
      const answer = await api('/health');
      const byId = new Map();
      for (const e of answer.healthy_endpoints) byId.set(e.model_id, { ok: true, entry: e });
      for (const e of answer.unhealthy_endpoints) byId.set(e.model_id, { ok: false, entry: e, error: e.error });
      setHealth({ at: new Date().toISOString(), byId, answer });
    } catch (e) {
      setHealth({ error: e });
    }
  };
  const runTest = async (name) => {
    setTests((t) => ({ ...t, [name]: { running: true } }));
    const result = await testModel(name);
    setTests((t) => ({ ...t, [name]: result }));
  };
  const save = async (body, existing) => {
    try {
      if (existing) await api('/model/update', { method: 'POST', body: { ...body, model_info: { ...body.model_info, id: existing.model_info.id } } });
      else await api('/model/new', { method: 'POST', body });
    } catch (e) {
      if (/STORE_MODEL_IN_DB/i.test(e.message)) throw new Error(READ_ONLY);
      throw e;
    }
    setDialog(null);
    setMessage(`Model ${body.model_name} saved.`);
    models.reload();
  };
  const data = models.data;
  const groups = new Map();
  for (const d of data?.deployments ?? []) groups.set(d.model_name, [...(groups.get(d.model_name) ?? []), d]);
  const cooling = new Map((cooldowns.data ?? []).map((c) => [c.model_id, c]));
  const unhealthyFallback = health?.answer ? [...health.answer.healthy_endpoints.map((e) => ({ ...e, ok: true })), ...health.answer.unhealthy_endpoints.map((e) => ({ ...e, ok: false }))] : [];
  return html`<div>
    <h1>Models</h1>
    <div class="toolbar">
      <span class="grow muted">${data ? `${groups.size} model groups` : ''}</span>
      <button onClick=${runHealth} disabled=${health?.running}>${health?.running ? 'Checking…' : 'Run health checks'}</button>
      <button onClick=${() => { models.reload(); cooldowns.reload(); }}>Refresh</button>
      <button class="primary" onClick=${() => setDialog({ kind: 'edit' })}>Add model</button>
    </div>
    <p class="muted" style="margin-top:-0.5rem">Health checks and tests make small real (billed) calls to the providers.</p>
    ${message ? html`<div class="success" role="status">${message}</div>` : null}
    <${ErrorBox} error=${models.error ?? health?.error} />
    ${data?.source === 'fallback' ? html`<div class="notice">This gateway has no <code>/model/info</code> route: prices, context windows and deployments per group are not shown. ${READ_ONLY}</div>` : null}
    ${models.loading && !data ? html`<${Loading} />` : null}
    ${data && groups.size === 0 ? html`<${Empty}>No models configured. Add entries to <code>model_list</code> in the config${data.source === 'model-info' ? ', or add one here when models are stored in the database' : ''}.<//>` : null}
    ${groups.size > 0 ? html`<div class="table-wrap"><table aria-label="Models">
      <thead><tr><th>Model group</th><th>Deployment</th><th>Provider</th><th class="num">Input / 1M</th><th class="num">Output / 1M</th><th class="num">Context</th><th>Health</th><th>Cooldown</th><th>Actions</th></tr></thead>
      <tbody>${[...groups].map(([name, deployments]) => deployments.map((d, i) => {
        const id = d.model_info?.id;
        const h = id === undefined ? undefined : health?.byId?.get(id);
        const cool = id === undefined ? undefined : cooling.get(id);
        const test = tests[name];
        return html`<tr>
          ${i === 0 ? html`<td rowspan=${deployments.length}><strong>${name}</strong></td>` : null}
          <td><span class="mono">${d.litellm_params?.model || '—'}</span>${id ? html`<div class="mono muted" style="font-size:11px">${id}</div>` : null}${d.litellm_params?.api_base ? html`<div class="muted" style="font-size:12px">${d.litellm_params.api_base}</div>` : null}</td>
          <td>${provider(d)}</td>
          <td class="num">${data.source === 'fallback' ? '—' : perMillion(d.model_info?.input_cost_per_token ?? d.litellm_params?.input_cost_per_token)}</td>
          <td class="num">${data.source === 'fallback' ? '—' : perMillion(d.model_info?.output_cost_per_token ?? d.litellm_params?.output_cost_per_token)}</td>
          <td class="num">${count(d.model_info?.max_input_tokens ?? d.model_info?.max_tokens)}</td>
          <td>${h ? html`<span class=${`badge ${h.ok ? 'ok' : 'bad'}`}>${h.ok ? 'healthy' : 'unhealthy'}</span><div class="muted" style="font-size:12px">checked ${when(health.at)}</div>${h.error ? html`<div class="error" style="font-size:12px; margin:0.25rem 0 0">${h.error.split('\n')[0]}</div>` : null}` : html`<span class="muted">not checked</span>`}</td>
          <td>${cool ? html`<span class="badge warn">cooling ${cool.seconds_remaining}s</span>` : html`<span class="muted">—</span>`}</td>
          <td><div class="actions">
            ${i === 0 ? html`<button class="small" onClick=${() => runTest(name)} aria-label=${`Test ${name}`}>Test</button>` : null}
            ${d.model_info?.db_model ? html`<button class="small" onClick=${() => setDialog({ kind: 'edit', existing: d })}>Edit</button><button class="small danger" onClick=${() => setDialog({ kind: 'delete', existing: d })}>Delete</button>` : null}
          </div></td>
        </tr>${i === deployments.length - 1 && test ? html`<tr><td colspan="9"><div class=${test.ok ? 'success' : 'error'} role="status" style="margin:0; font-size:13px">Test of ${name}: ${test.running ? 'running…' : test.text}</div></td></tr>` : null}`;
      }))}</tbody>
    </table></div>` : null}
    ${data?.source === 'fallback' && unhealthyFallback.length > 0 ? html`<h2>Deployments (from the health check, ${when(health.at)})</h2>
      <div class="table-wrap"><table aria-label="Deployments health"><thead><tr><th>Deployment</th><th>Model</th><th>API base</th><th>Health</th><th>Cooldown</th></tr></thead>
      <tbody>${unhealthyFallback.map((e) => html`<tr><td class="mono">${e.model_id}</td><td class="mono">${e.model}</td><td>${e.api_base ?? '—'}</td>
        <td>${e.ok ? html`<span class="badge ok">healthy</span>` : html`<span class="badge bad">unhealthy</span><div class="muted" style="font-size:12px">${String(e.error ?? '').split('\n')[0]}</div>`}</td>
        <td>${cooling.get(e.model_id) ? html`<span class="badge warn">cooling ${cooling.get(e.model_id).seconds_remaining}s</span>` : '—'}</td></tr>`)}</tbody></table></div>` : null}
    ${dialog?.kind === 'edit' ? html`<${Dialog} title=${dialog.existing ? `Edit ${dialog.existing.model_name}` : 'Add model'} onClose=${() => setDialog(null)}>
      <${ModelForm} existing=${dialog.existing} onSubmit=${(body) => save(body, dialog.existing)} onCancel=${() => setDialog(null)} /><//>` : null}
    ${dialog?.kind === 'delete' ? html`<${Confirm} title="Delete model?" confirmLabel="Delete model" message=${`Delete deployment ${dialog.existing.model_info.id} of ${dialog.existing.model_name}? Requests stop going to it at once.`}
      onConfirm=${() => api('/model/delete', { method: 'POST', body: { id: dialog.existing.model_info.id } }).then(() => models.reload())} onClose=${() => setDialog(null)} />` : null}
  </div>`;
}
