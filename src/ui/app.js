import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './lib/html.js';
import { clearSession, loadSession, saveSession, setUnauthorizedHandler } from './lib/api.js';
import { LoginPage } from './pages/login.js';
import { OverviewPage } from './pages/overview.js';
import { ModelsPage } from './pages/models.js';
import { KeysPage } from './pages/keys.js';
import { TeamsPage } from './pages/teams.js';
import { SpendPage } from './pages/spend.js';
import { LogsPage } from './pages/logs.js';
import { PlaygroundPage } from './pages/playground.js';
import { MyKeyPage } from './pages/my-key.js';

const ADMIN_PAGES = [
  ['overview', 'Overview', OverviewPage],
  ['models', 'Models', ModelsPage],
  ['keys', 'Keys', KeysPage],
  ['teams', 'Teams & users', TeamsPage],
  ['spend', 'Spend', SpendPage],
  ['logs', 'Logs', LogsPage],
  ['playground', 'Playground', PlaygroundPage],
];
// A virtual key that is not an admin sees only its own key.
const KEY_PAGES = [
  ['overview', 'Overview', OverviewPage],
  ['my-key', 'My key', MyKeyPage],
  ['logs', 'Logs', LogsPage],
  ['playground', 'Playground', PlaygroundPage],
];

function currentRoute() {
  return location.hash.replace(/^#\/?/, '') || 'overview';
}

function App() {
  const [config, setConfig] = useState();
  const [session, setSession] = useState(loadSession);
  const [route, setRoute] = useState(currentRoute);
  const [notice, setNotice] = useState();

  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    addEventListener('hashchange', onHash);
    fetch('/ui/config').then((r) => r.json()).then(setConfig, () => setConfig({ auth_required: true }));
    setUnauthorizedHandler(() => {
      clearSession();
      setSession(null);
      setNotice('Your session ended: log in again.');
    });
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    // An open gateway (no master key) needs no login: everyone is admin, as in LiteLLM.
    if (config && !config.auth_required && session === null) {
      const open = { token: null, role: 'admin', label: 'open gateway (no master key)', expires_at: null };
      saveSession(open);
      setSession(open);
    }
  }, [config]);

  if (config === undefined) return html`<p class="boot">Loading Switchyard…</p>`;
  if (session === null) {
    return html`<${LoginPage} config=${config} notice=${notice} onLogin=${(s) => { setNotice(undefined); setSession(s); }} />`;
  }
  const pages = session.role === 'admin' ? ADMIN_PAGES : KEY_PAGES;
  const [id, , Page] = pages.find(([p]) => p === route) ?? pages[0];
  const logout = () => {
    clearSession();
    setSession(null);
    location.hash = '';
  };
  return html`<div class="shell">
    <nav class="side" aria-label="Dashboard">
      <div class="brand">Switchyard</div>
      ${pages.map(([p, label]) => html`<a href=${`#/${p}`} aria-current=${p === id ? 'page' : undefined}>${label}</a>`)}
      <div class="who">
        <div>Signed in as <strong>${session.label}</strong></div>
        <div>${session.role === 'admin' ? 'admin' : 'this key only'}${config.version ? ` · v${config.version}` : ''}</div>
        ${config.auth_required ? html`<button onClick=${logout}>Log out</button>` : null}
      </div>
    </nav>
    <main id="main">
      <${Page} session=${session} />
    </main>
  </div>`;
}

render(html`<${App} />`, document.getElementById('app'));
