import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { ErrorBox } from './common.js';

/** LiteLLM's /model/new (and /model/update) body from the form; prices are entered per 1M tokens. */
function modelBody(form, existing) {
  const text = (name) => String(form.get(name) ?? '').trim();
  const params = { ...(existing?.litellm_params ?? {}), model: text('model') };
  if (text('api_base')) params.api_base = text('api_base');
  if (text('api_key')) params.api_key = text('api_key');
  for (const [field, param] of [['input_price', 'input_cost_per_token'], ['output_price', 'output_cost_per_token']]) {
    if (text(field) === '') continue;
    const n = Number(text(field));
    if (!Number.isFinite(n) || n < 0) throw new Error('prices must be numbers ≥ 0 (USD per 1M tokens)');
    params[param] = n / 1e6;
  }
  const info = { ...(existing?.model_info ?? {}) };
  if (text('max_input_tokens')) info.max_input_tokens = Number(text('max_input_tokens'));
  return { model_name: text('model_name'), litellm_params: params, model_info: info };
}

/** Add or edit a deployment stored in the database. */
export function ModelForm({ existing, onSubmit, onCancel }) {
  const [error, setError] = useState();
  const p = existing?.litellm_params ?? {};
  const perM = (v) => (typeof v === 'number' ? String(v * 1e6) : '');
  const submit = async (event) => {
    event.preventDefault();
    setError(undefined);
    try {
      await onSubmit(modelBody(new FormData(event.currentTarget), existing));
    } catch (e) {
      setError(e);
    }
  };
  return html`<form onSubmit=${submit}>
    <div class="form-grid">
      <label>Model name (alias clients use)<input name="model_name" required defaultValue=${existing?.model_name ?? ''} placeholder="gpt-4o" /></label>
      <label>Provider model<input name="model" required defaultValue=${p.model ?? ''} placeholder="openai/gpt-4o" /></label>
      <label>API base<input name="api_base" defaultValue=${p.api_base ?? ''} placeholder="provider default" /></label>
      <label>API key<input name="api_key" type="password" autocomplete="off" placeholder=${existing ? 'unchanged' : 'os.environ/OPENAI_API_KEY'} /></label>
      <label>Input price (USD / 1M tokens)<input name="input_price" inputmode="decimal" defaultValue=${perM(p.input_cost_per_token)} placeholder="from the price map" /></label>
      <label>Output price (USD / 1M tokens)<input name="output_price" inputmode="decimal" defaultValue=${perM(p.output_cost_per_token)} placeholder="from the price map" /></label>
      <label>Context window (tokens)<input name="max_input_tokens" inputmode="numeric" defaultValue=${existing?.model_info?.max_input_tokens ?? ''} /></label>
    </div>
    <${ErrorBox} error=${error} />
    <div class="actions"><button class="primary" type="submit">${existing ? 'Save model' : 'Add model'}</button><button type="button" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}
