import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { ErrorBox } from './common.js';

const DURATIONS = [['', 'never resets'], ['1d', 'daily (1d)'], ['7d', 'weekly (7d)'], ['30d', 'every 30 days'], ['1mo', 'monthly (1mo)']];

function numberOrUndefined(value) {
  const text = String(value ?? '').trim();
  return text === '' ? undefined : Number(text);
}

/** The /key/generate body from the form; throws with a message a person can act on. */
export function keyBody(form) {
  const body = {};
  const text = (name) => String(form.get(name) ?? '').trim();
  if (text('key_alias')) body.key_alias = text('key_alias');
  if (text('team_id')) body.team_id = text('team_id');
  const models = text('models').split(',').map((m) => m.trim()).filter(Boolean);
  if (models.length > 0) body.models = models;
  for (const field of ['max_budget', 'rpm_limit', 'tpm_limit']) {
    const n = numberOrUndefined(form.get(field));
    if (n === undefined) continue;
    if (!Number.isFinite(n) || n < 0) throw new Error(`${field.replace('_', ' ')} must be a number ≥ 0`);
    body[field] = n;
  }
  if (text('budget_duration')) body.budget_duration = text('budget_duration');
  if (text('duration')) body.duration = text('duration');
  if (text('metadata')) {
    try {
      body.metadata = JSON.parse(text('metadata'));
    } catch {
      throw new Error('metadata must be JSON, e.g. {"owner": "search-team"}');
    }
  }
  return body;
}

/** Create-key form: models, budget and its reset, rpm/tpm, expiry, alias, team, metadata. */
export function KeyForm({ models, onSubmit, onCancel }) {
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await onSubmit(keyBody(new FormData(event.currentTarget)));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return html`<form onSubmit=${submit}>
    <div class="form-grid">
      <label>Alias<input name="key_alias" placeholder="search-service" /></label>
      <label>Team id<input name="team_id" placeholder="optional" /></label>
      <label>Models (empty = all)<input name="models" list="model-names" placeholder=${models.slice(0, 2).join(', ')} /></label>
      <label>Max budget (USD)<input name="max_budget" inputmode="decimal" placeholder="no limit" /></label>
      <label>Budget resets<select name="budget_duration">${DURATIONS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></label>
      <label>Requests / minute (rpm)<input name="rpm_limit" inputmode="numeric" placeholder="no limit" /></label>
      <label>Tokens / minute (tpm)<input name="tpm_limit" inputmode="numeric" placeholder="no limit" /></label>
      <label>Expires after<input name="duration" placeholder="e.g. 30d, 12h; empty = never" /></label>
    </div>
    <label>Metadata (JSON)<textarea name="metadata" placeholder='{"owner": "search-team"}'></textarea></label>
    <datalist id="model-names">${models.map((m) => html`<option value=${m} />`)}</datalist>
    <${ErrorBox} error=${error} />
    <div class="actions" style="margin-top:0.75rem">
      <button class="primary" type="submit" disabled=${busy}>Create key</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}
