import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { login } from '../lib/api.js';
import { ErrorBox } from '../components/common.js';

/** Log in with the master key or a virtual key, or with UI_USERNAME / UI_PASSWORD. */
export function LoginPage({ config, notice, onLogin }) {
  const [mode, setMode] = useState(config.password_login ? 'password' : 'key');
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const credentials = mode === 'key' ? { api_key: String(form.get('api_key')).trim() } : { username: String(form.get('username')), password: String(form.get('password')) };
      onLogin(await login(credentials));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return html`<main class="login">
    <h1>Switchyard</h1>
    <p class="muted">Sign in to the gateway dashboard.</p>
    ${notice ? html`<div class="notice" role="status">${notice}</div>` : null}
    <div class="tabs" role="tablist">
      <button role="tab" aria-selected=${mode === 'key'} onClick=${() => setMode('key')}>API key</button>
      <button role="tab" aria-selected=${mode === 'password'} onClick=${() => setMode('password')}>Username</button>
    </div>
    <form onSubmit=${submit}>
      ${mode === 'key'
        ? html`<label>Master key or virtual key<input name="api_key" type="password" autocomplete="off" required placeholder="sk-…" /></label>`
        : html`<label>Username<input name="username" autocomplete="username" required /></label>
          <label>Password<input name="password" type="password" autocomplete="current-password" required /></label>
          ${config.password_login ? null : html`<p class="muted">UI_USERNAME / UI_PASSWORD are not set: use username <code>admin</code> and the master key as password.</p>`}`}
      <${ErrorBox} error=${error} />
      <button class="primary" type="submit" disabled=${busy}>Sign in</button>
    </form>
    <p class="muted" style="font-size:12px">The master key is exchanged for an 8-hour session and never stored in the browser. A virtual key is kept in this tab only until you log out or close it.</p>
  </main>`;
}
