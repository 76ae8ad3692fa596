import { html } from '../lib/html.js';
import { api } from '../lib/api.js';
import { money, when } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { BudgetBar, ErrorBox, Loading } from '../components/common.js';

/** A virtual key's own view: its settings, spend against budget, limits and expiry. */
export function MyKeyPage() {
  const info = useApi(() => api('/key/info'), []);
  const k = info.data?.info;
  return html`<div>
    <h1>My key</h1>
    <${ErrorBox} error=${info.error} />
    ${info.loading && !k ? html`<${Loading} />` : null}
    ${k ? html`<div class="panel">
      <dl class="kv">
        <dt>Alias</dt><dd>${k.key_alias ?? '—'}</dd>
        <dt>Key</dt><dd class="mono">${k.key_name}</dd>
        <dt>Spend</dt><dd><${BudgetBar} spend=${k.spend} max=${k.max_budget} resetAt=${k.budget_reset_at} label="budget used by this key" /></dd>
        <dt>Total spend</dt><dd>${money(k.spend)}</dd>
        <dt>Models</dt><dd>${k.models?.length ? k.models.join(', ') : 'all models'}</dd>
        <dt>Limits</dt><dd>${k.rpm_limit ?? '∞'} rpm · ${k.tpm_limit ?? '∞'} tpm · ${k.max_parallel_requests ?? '∞'} parallel</dd>
        <dt>Expires</dt><dd>${k.expires ? when(k.expires) : 'never'}</dd>
        <dt>Team</dt><dd>${k.team_id ?? '—'}</dd>
        <dt>Status</dt><dd>${k.blocked ? 'blocked' : 'active'}</dd>
      </dl>
    </div>` : null}
  </div>`;
}
