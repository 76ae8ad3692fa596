import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api } from '../lib/api.js';
import { day, when } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { BudgetBar, Confirm, Dialog, Empty, ErrorBox, Loading, Pager, SecretOnce } from '../components/common.js';
import { KeyForm } from '../components/key-form.js';

const PAGE_SIZE = 50;

function status(key) {
  if (key.blocked) return html`<span class="badge bad">blocked</span>`;
  if (key.expires && Date.parse(key.expires) < Date.now()) return html`<span class="badge warn">expired</span>`;
  if (key.max_budget !== null && key.spend >= key.max_budget) return html`<span class="badge bad">over budget</span>`;
  return html`<span class="badge ok">active</span>`;
}

/** Create, list (spend vs budget), search, block/unblock, regenerate and delete virtual keys. */
export function KeysPage() {
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState(null);
  const [secret, setSecret] = useState(null);
  const [actionError, setActionError] = useState();
  const keys = useApi(() => api('/key/list', { query: { return_full_object: 'true', page, size: PAGE_SIZE } }), [page]);
  const models = useApi(() => api('/v1/models').then((r) => r.data.map((m) => m.id)), []);
  const shown = (keys.data?.keys ?? []).filter((k) => {
    const q = search.trim().toLowerCase();
    return q === '' || [k.key_alias, k.key_name, k.team_id, k.user_id, ...(k.models ?? [])].some((v) => v && String(v).toLowerCase().includes(q));
  });
  const act = async (work) => {
    setActionError(undefined);
    try {
      await work();
      keys.reload();
    } catch (e) {
      setActionError(e);
    }
  };
  const create = async (body) => {
    const created = await api('/key/generate', { method: 'POST', body });
    setDialog(null);
    setSecret({ title: `Key ${created.key_alias ?? created.key_name} created`, value: created.key });
    keys.reload();
  };
  return html`<div>
    <h1>Keys</h1>
    <div class="toolbar">
      <label class="grow">Search keys<input type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} placeholder="alias, key name, team, user or model" /></label>
      <button onClick=${keys.reload}>Refresh</button>
      <button class="primary" onClick=${() => setDialog({ kind: 'create' })}>Create key</button>
    </div>
    <${ErrorBox} error=${keys.error ?? actionError} />
    ${secret ? html`<div class="success" role="status"><strong>${secret.title}.</strong> <${SecretOnce} value=${secret.value} /><button class="small" style="margin-top:0.5rem" onClick=${() => setSecret(null)}>Done</button></div>` : null}
    ${keys.loading && !keys.data ? html`<${Loading} />` : null}
    ${keys.data && keys.data.keys.length === 0 ? html`<${Empty}>No keys yet. <button class="primary" onClick=${() => setDialog({ kind: 'create' })}>Create the first key</button><//>` : null}
    ${keys.data && keys.data.keys.length > 0 && shown.length === 0 ? html`<${Empty}>No key on this page matches “${search}”.<//>` : null}
    ${shown.length > 0 ? html`<div class="table-wrap"><table aria-label="Keys">
      <thead><tr><th>Key</th><th>Team / user</th><th>Models</th><th>Spend vs budget</th><th>Limits</th><th>Expires</th><th>Status</th><th>Actions</th></tr></thead>
      <tbody>${shown.map((k) => html`<tr data-key=${k.key_alias ?? k.key_name}>
        <td><strong>${k.key_alias ?? '(no alias)'}</strong><div class="mono muted">${k.key_name}</div><small class="muted">created ${day(k.created_at)}</small></td>
        <td>${k.team_id ?? '—'}<div class="muted">${k.user_id ?? ''}</div></td>
        <td>${k.models?.length ? k.models.join(', ') : html`<span class="muted">all</span>`}</td>
        <td><${BudgetBar} spend=${k.spend} max=${k.max_budget} resetAt=${k.budget_reset_at} label=${`budget used by ${k.key_alias ?? k.key_name}`} /></td>
        <td class="muted">${k.rpm_limit !== null ? `${k.rpm_limit} rpm` : ''} ${k.tpm_limit !== null ? `${k.tpm_limit} tpm` : ''}${k.rpm_limit === null && k.tpm_limit === null ? '—' : ''}</td>
        <td>${k.expires ? when(k.expires) : html`<span class="muted">never</span>`}</td>
        <td>${status(k)}</td>
        <td><div class="actions">
          <button class="small" onClick=${() => act(() => api(k.blocked ? '/key/unblock' : '/key/block', { method: 'POST', body: { key: k.token } }))}>${k.blocked ? 'Unblock' : 'Block'}</button>
          <button class="small" onClick=${() => setDialog({ kind: 'regenerate', key: k })}>Regenerate</button>
          <button class="small danger" onClick=${() => setDialog({ kind: 'delete', key: k })} aria-label=${`Delete key ${k.key_alias ?? k.key_name}`}>Delete</button>
        </div></td>
      </tr>`)}</tbody>
    </table></div>` : null}
    <${Pager} page=${page} totalPages=${keys.data?.total_pages} onPage=${setPage} />
    ${dialog?.kind === 'create' ? html`<${Dialog} title="Create key" onClose=${() => setDialog(null)}><${KeyForm} models=${models.data ?? []} onSubmit=${create} onCancel=${() => setDialog(null)} /><//>` : null}
    ${dialog?.kind === 'delete' ? html`<${Confirm} title="Delete key?" confirmLabel="Delete key"
        message=${`Delete ${dialog.key.key_alias ?? dialog.key.key_name}? Every request with this key fails from now on. Its spend logs stay.`}
        onConfirm=${() => api('/key/delete', { method: 'POST', body: { keys: [dialog.key.token] } }).then(() => keys.reload())}
        onClose=${() => setDialog(null)} />` : null}
    ${dialog?.kind === 'regenerate' ? html`<${Confirm} title="Regenerate key?" confirmLabel="Regenerate" danger=${false}
        message=${`Make a new secret for ${dialog.key.key_alias ?? dialog.key.key_name}? The old secret stops working at once; budget, limits and spend stay.`}
        onConfirm=${async () => {
          const fresh = await api('/key/regenerate', { method: 'POST', body: { key: dialog.key.token } });
          setSecret({ title: `New secret for ${fresh.key_alias ?? fresh.key_name}`, value: fresh.key });
          keys.reload();
        }}
        onClose=${() => setDialog(null)} />` : null}
  </div>`;
}
