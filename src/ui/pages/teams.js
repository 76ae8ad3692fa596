import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api } from '../lib/api.js';
import { money } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { BudgetBar, Confirm, Dialog, Empty, ErrorBox, Loading } from '../components/common.js';

function formBody(event, fields) {
  const form = new FormData(event.currentTarget);
  const body = {};
  for (const [name, kind] of fields) {
    const text = String(form.get(name) ?? '').trim();
    if (text === '') continue;
    if (kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${name.replace('_', ' ')} must be a number ≥ 0`);
      body[name] = n;
    } else if (kind === 'list') body[name] = text.split(',').map((s) => s.trim()).filter(Boolean);
    else body[name] = text;
  }
  return body;
}

function CreateDialog({ title, fields, submitLabel, onSubmit, onClose }) {
  const [error, setError] = useState();
  const submit = async (event) => {
    event.preventDefault();
    try {
      await onSubmit(formBody(event, fields.map(([name, , kind]) => [name, kind])));
      onClose();
    } catch (e) {
      setError(e);
    }
  };
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <form onSubmit=${submit}>
      <div class="form-grid">${fields.map(([name, label, kind, extra]) => extra?.options
        ? html`<label>${label}<select name=${name}>${extra.options.map((o) => html`<option value=${o}>${o}</option>`)}</select></label>`
        : html`<label>${label}<input name=${name} inputmode=${kind === 'number' ? 'decimal' : undefined} required=${extra?.required ?? false} /></label>`)}</div>
      <${ErrorBox} error=${error} />
      <div class="actions"><button class="primary" type="submit">${submitLabel}</button><button type="button" onClick=${onClose}>Cancel</button></div>
    </form>
  <//>`;
}

function TeamDetail({ teamId, onClose, onChanged }) {
  const info = useApi(() => api('/team/info', { query: { team_id: teamId } }), [teamId]);
  const [error, setError] = useState();
  const [removing, setRemoving] = useState(null);
  const team = info.data?.team_info;
  const add = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(undefined);
    try {
      await api('/team/member_add', { method: 'POST', body: { team_id: teamId, member: { user_id: String(form.get('user_id')).trim(), role: String(form.get('role')) } } });
      event.currentTarget?.reset?.();
      info.reload();
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return html`<aside class="drawer" role="dialog" aria-label=${`Team ${teamId}`}>
    <div class="toolbar"><h2 class="grow" style="margin:0">Team ${team?.team_alias ?? teamId}</h2><button onClick=${onClose}>Close</button></div>
    <${ErrorBox} error=${info.error ?? error} />
    ${!team ? html`<${Loading} />` : html`
      <dl class="kv"><dt>Team id</dt><dd class="mono">${teamId}</dd><dt>Spend</dt><dd><${BudgetBar} spend=${team.spend} max=${team.max_budget} resetAt=${team.budget_reset_at} /></dd>
        <dt>Models</dt><dd>${team.models?.length ? team.models.join(', ') : 'all'}</dd><dt>Keys</dt><dd>${info.data.keys.length}</dd></dl>
      <h2>Members</h2>
      ${team.members_with_roles.length === 0 ? html`<${Empty}>No members yet.<//>` : html`<div class="table-wrap"><table aria-label="Team members"><thead><tr><th>User</th><th>Role</th><th>Spend in team</th><th></th></tr></thead>
        <tbody>${team.members_with_roles.map((m) => {
          const membership = info.data.team_memberships.find((x) => x.user_id === m.user_id);
          return html`<tr><td>${m.user_id}</td><td>${m.role}</td><td>${money(membership?.spend ?? 0)}</td><td><button class="small danger" onClick=${() => setRemoving(m.user_id)}>Remove</button></td></tr>`;
        })}</tbody></table></div>`}
      <form class="toolbar" style="margin-top:0.75rem" onSubmit=${add} aria-label="Add member">
        <label>User id<input name="user_id" required /></label>
        <label>Role<select name="role"><option value="user">user</option><option value="admin">admin</option></select></label>
        <button class="primary" type="submit">Add member</button>
      </form>`}
    ${removing ? html`<${Confirm} title="Remove member?" confirmLabel="Remove" message=${`Remove ${removing} from this team? Their keys for this team keep working until changed.`}
      onConfirm=${() => api('/team/member_delete', { method: 'POST', body: { team_id: teamId, user_id: removing } }).then(() => { info.reload(); onChanged(); })} onClose=${() => setRemoving(null)} />` : null}
  </aside>`;
}

/** Teams and internal users: list, create, members, budgets and spend. */
export function TeamsPage() {
  const teams = useApi(() => api('/team/list'), []);
  const users = useApi(() => api('/user/list', { query: { page_size: 100 } }), []);
  const [dialog, setDialog] = useState(null);
  const [open, setOpen] = useState(null);
  const [created, setCreated] = useState(null);
  return html`<div>
    <h1>Teams & users</h1>
    ${created ? html`<div class="success" role="status">${created} <button class="small" onClick=${() => setCreated(null)}>Dismiss</button></div>` : null}
    <div class="toolbar"><h2 class="grow" style="margin:0">Teams</h2><button class="primary" onClick=${() => setDialog('team')}>Create team</button></div>
    <${ErrorBox} error=${teams.error} />
    ${teams.loading && !teams.data ? html`<${Loading} />` : null}
    ${teams.data?.length === 0 ? html`<${Empty}>No teams yet. Teams share a budget and model list across their members' keys.<//>` : null}
    ${teams.data?.length ? html`<div class="table-wrap"><table aria-label="Teams"><thead><tr><th>Team</th><th>Models</th><th>Spend vs budget</th><th>Limits</th><th></th></tr></thead>
      <tbody>${teams.data.map((t) => html`<tr>
        <td><strong>${t.team_alias ?? t.team_id}</strong><div class="mono muted">${t.team_id}</div></td>
        <td>${t.models?.length ? t.models.join(', ') : html`<span class="muted">all</span>`}</td>
        <td><${BudgetBar} spend=${t.spend} max=${t.max_budget} resetAt=${t.budget_reset_at} label=${`budget used by team ${t.team_alias ?? t.team_id}`} /></td>
        <td class="muted">${t.rpm_limit ?? '∞'} rpm · ${t.tpm_limit ?? '∞'} tpm</td>
        <td><button class="small" onClick=${() => setOpen(t.team_id)}>Members</button></td>
      </tr>`)}</tbody></table></div>` : null}

    <div class="toolbar" style="margin-top:1.5rem"><h2 class="grow" style="margin:0">Users</h2><button class="primary" onClick=${() => setDialog('user')}>Create user</button></div>
    <${ErrorBox} error=${users.error} />
    ${users.data?.users.length === 0 ? html`<${Empty}>No internal users yet.<//>` : null}
    ${users.data?.users.length ? html`<div class="table-wrap"><table aria-label="Users"><thead><tr><th>User</th><th>Role</th><th>Spend vs budget</th><th>Models</th></tr></thead>
      <tbody>${users.data.users.map((u) => html`<tr>
        <td><strong>${u.user_alias ?? u.user_email ?? u.user_id}</strong><div class="mono muted">${u.user_id}</div></td>
        <td>${u.user_role ?? '—'}</td>
        <td><${BudgetBar} spend=${u.spend} max=${u.max_budget} resetAt=${u.budget_reset_at} /></td>
        <td>${u.models?.length ? u.models.join(', ') : html`<span class="muted">all</span>`}</td>
      </tr>`)}</tbody></table></div>` : null}

    ${dialog === 'team' ? html`<${CreateDialog} title="Create team" submitLabel="Create team" onClose=${() => setDialog(null)}
      fields=${[['team_alias', 'Name', 'text', { required: true }], ['models', 'Models (comma separated; empty = all)', 'list'], ['max_budget', 'Max budget (USD)', 'number'], ['budget_duration', 'Budget resets (e.g. 30d)', 'text'], ['rpm_limit', 'rpm', 'number'], ['tpm_limit', 'tpm', 'number']]}
      onSubmit=${async (body) => { const t = await api('/team/new', { method: 'POST', body }); setCreated(`Team ${t.team_alias ?? t.team_id} created.`); teams.reload(); }} />` : null}
    ${dialog === 'user' ? html`<${CreateDialog} title="Create user" submitLabel="Create user" onClose=${() => setDialog(null)}
      fields=${[['user_id', 'User id (empty = generated)', 'text'], ['user_email', 'Email', 'text'], ['user_role', 'Role', 'text', { options: ['internal_user', 'internal_user_viewer', 'proxy_admin', 'proxy_admin_viewer'] }], ['max_budget', 'Max budget (USD)', 'number'], ['budget_duration', 'Budget resets (e.g. 30d)', 'text'], ['models', 'Models (comma separated)', 'list']]}
      onSubmit=${async (body) => { const u = await api('/user/new', { method: 'POST', body: { ...body, auto_create_key: false } }); setCreated(`User ${u.user_id} created.`); users.reload(); }} />` : null}
    ${open ? html`<${TeamDetail} teamId=${open} onClose=${() => setOpen(null)} onChanged=${teams.reload} />` : null}
  </div>`;
}
