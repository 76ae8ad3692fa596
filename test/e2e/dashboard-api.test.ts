/**
 * The dashboard's server side: the static shell (public, ETag/304, gzip, CSP, no path escape),
 * POST /ui/login (master key, UI_USERNAME/UI_PASSWORD, virtual keys, wrong logins, forged or
 * foreign sessions), and the admin reads it adds — /spend/logs/ui (+detail) and
 * /switchyard/activity — with pagination, filters, failures, and own-key-only views, on both
 * database drivers.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { UiSessions } from '../../src/access/ui-session.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { errorOf, MASTER_KEY } from '../support/start-gateway.ts';
import { startDashboardGateway, UI_PASSWORD, UI_USERNAME, type DashboardGateway } from '../support/start-dashboard-gateway.ts';
import { TEST_DIALECTS } from '../support/test-database.ts';

const INPUT = 0.000001;
const OUTPUT = 0.000002;

for (const dialect of TEST_DIALECTS) {
  describe(`dashboard API (${dialect})`, () => {
    let fake: FakeOpenAI;
    let gateway: DashboardGateway;
    let alpha: string;
    let beta: string;
    let adminKey: string;

    before(async () => {
      fake = await startFakeOpenAI();
      gateway = await startDashboardGateway({
        dialect,
        models: [
          { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } },
          { model_name: 'other', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } },
          { model_name: 'mystery', litellm_params: { model: 'openai/no-price-known-for-this-model', api_base: `${fake.url}/v1`, api_key: 'sk-up' } },
        ],
        general_settings: { store_prompts_in_spend_logs: true },
      });
      const make = async (body: Record<string, unknown>) => {
        const answer = await gateway.call('/key/generate', { body });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return String(answer.body.key);
      };
      alpha = await make({ key_alias: 'alpha', team_id: 'team-a' });
      beta = await make({ key_alias: 'beta' });
      adminKey = await make({ key_alias: 'ops-admin', metadata: { user_role: 'proxy_admin' } });
      const chat = (key: string, model: string, content: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: 'user', content }] });
      await chat(alpha, 'gpt', 'alpha one');
      await chat(alpha, 'other', 'alpha two');
      await chat(alpha, 'gpt', 'alpha three');
      await chat(beta, 'gpt', 'beta one');
      fake.failNext({ kind: 'status', status: 400, body: { error: { message: 'bad thing', type: 'invalid_request_error', param: null, code: null } } });
      await assert.rejects(chat(beta, 'gpt', 'beta fails'));
      await gateway.waitForLogs({}, 5);
    });
    after(async () => {
      await gateway?.close();
      await fake?.close();
    });

    describe('static shell', () => {
      it('serves /ui without a key, with ETag → 304, gzip and a CSP that allows only its own import map', async () => {
        const redirect = await fetch(`${gateway.url}/ui`, { redirect: 'manual' });
        assert.equal(redirect.status, 302);
        assert.equal(redirect.headers.get('location'), '/ui/');
        const first = await fetch(`${gateway.url}/ui/`);
        assert.equal(first.status, 200);
        assert.match(first.headers.get('content-type') ?? '', /text\/html/);
        assert.equal(first.headers.get('cache-control'), 'no-cache');
        const html = await first.text();
        assert.match(html, /<script type="importmap">/);
        const csp = first.headers.get('content-security-policy') ?? '';
        assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
        assert.doesNotMatch(csp, /unsafe-eval/);
        const etag = first.headers.get('etag');
        assert.ok(etag);
        const again = await fetch(`${gateway.url}/ui/`, { headers: { 'if-none-match': etag } });
        assert.equal(again.status, 304);
        assert.equal((await again.arrayBuffer()).byteLength, 0);
      });

      it('serves the app and vendor modules (gzip on request), and nothing else', async () => {
        for (const path of ['app.js', 'style.css', 'vendor/preact.mjs', 'vendor/preact-hooks.mjs', 'vendor/htm.mjs', 'vendor/uplot.js', 'vendor/uplot.css']) {
          const plain = await fetch(`${gateway.url}/ui/${path}`, { headers: { 'accept-encoding': 'identity' } });
          assert.equal(plain.status, 200, path);
          assert.equal(plain.headers.get('content-encoding'), null);
          const body = Buffer.from(await plain.arrayBuffer());
          const { request } = await import('undici');
          const zipped = await request(`${gateway.url}/ui/${path}`, { headers: { 'accept-encoding': 'gzip' } });
          assert.equal(zipped.headers['content-encoding'], 'gzip', path);
          assert.deepEqual(gunzipSync(Buffer.from(await zipped.body.arrayBuffer())), body, path);
        }
        assert.equal((await fetch(`${gateway.url}/ui/vendor/preact.mjs`)).headers.get('cache-control'), 'public, max-age=3600');
        // The shell names every file by a versioned URL, cached for good; a stale version is revalidated.
        const shell = await (await fetch(`${gateway.url}/ui/`)).text();
        const appUrl = /<script type="module" src="\.\/(app\.js\?v=[\w-]+)"><\/script>/.exec(shell)?.[1];
        assert.ok(appUrl, shell);
        assert.match(shell, /"\.\/pages\/keys\.js":"\.\/pages\/keys\.js\?v=[\w-]+"/);
        assert.match(shell, /<link rel="modulepreload" href="\.\/lib\/api\.js\?v=/);
        assert.equal((await fetch(`${gateway.url}/ui/${appUrl}`)).headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal((await fetch(`${gateway.url}/ui/app.js?v=stale`)).headers.get('cache-control'), 'no-cache');
        // (A literal ../ is resolved by the client before it is sent; encoded ones reach the route.)
        for (const path of ['nope.js', '..%2f..%2fpackage.json', 'lib%2f..%2f..%2f..%2fpackage.json', '%2e%2e%2fapp.js']) {
          const answer = await fetch(`${gateway.url}/ui/${path}`);
          assert.equal(answer.status, 404, path);
          errorOf(await answer.json());
        }
      });

      it('GET /ui/config says how to log in, without a key', async () => {
        const answer = await fetch(`${gateway.url}/ui/config`);
        assert.equal(answer.status, 200);
        assert.deepEqual({ ...((await answer.json()) as object), version: 'x' }, { auth_required: true, password_login: true, version: 'x' });
      });
    });

    describe('POST /ui/login', () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
      const login = async (body: unknown): Promise<{ status: number; body: any }> => {
        const answer = await fetch(`${gateway.url}/ui/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: answer.status, body: await answer.json() };
      };

      it('the master key and UI_USERNAME/UI_PASSWORD (or admin + master key) yield a session that acts as the master key', async () => {
        for (const credentials of [{ api_key: MASTER_KEY }, { username: UI_USERNAME, password: UI_PASSWORD }, { username: 'admin', password: MASTER_KEY }]) {
          const answer = await login(credentials);
          assert.equal(answer.status, 200, JSON.stringify(answer.body));
          assert.equal(answer.body.role, 'admin');
          assert.match(answer.body.token, /^sy-ui\./);
          assert.ok(!answer.body.token.includes(MASTER_KEY));
          assert.ok(Date.parse(answer.body.expires_at) > Date.now());
          const list = await gateway.call('/key/list', { key: answer.body.token });
          assert.equal(list.status, 200);
        }
      });

      it('a virtual key is checked and told whether it is an admin; no session token is made for it', async () => {
        const plain = await login({ api_key: alpha });
        assert.equal(plain.status, 200);
        assert.deepEqual([plain.body.role, plain.body.token, plain.body.key_alias], ['key', null, 'alpha']);
        const admin = await login({ api_key: adminKey });
        assert.equal(admin.body.role, 'admin');
      });

      it('wrong logins are 401 with an OpenAI-shaped error that does not echo the secret', async () => {
        for (const credentials of [{ api_key: 'sk-wrong-key-123' }, { username: UI_USERNAME, password: 'nope' }, { username: 'admin', password: 'sk-wrong' }, { username: UI_PASSWORD, password: UI_USERNAME }]) {
          const answer = await login(credentials);
          assert.equal(answer.status, 401, JSON.stringify(credentials));
          const error = errorOf(answer.body);
          assert.ok(!error.message.includes('sk-wrong-key-123') && !error.message.includes(UI_PASSWORD));
        }
        const empty = await login({});
        assert.equal(empty.status, 400);
        assert.equal(errorOf(empty.body).param, 'api_key');
      });

      it('a forged, tampered, expired or foreign session is refused', async () => {
        const { body } = await login({ api_key: MASTER_KEY });
        const token = String(body.token);
        const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'BB' : 'AA'}`;
        const foreign = new UiSessions({ masterKey: 'sk-another-gateway' }).issue().token;
        const expired = new UiSessions({ masterKey: MASTER_KEY, now: () => Date.now() - 9 * 3600_000 }).issue().token;
        const extended = token.replace(/^sy-ui\.(\d+)/, (_m, t) => `sy-ui.${Number(t) + 86_400_000}`);
        for (const bad of [tampered, foreign, expired, extended, 'sy-ui.', 'sy-ui.1.2']) {
          const answer = await gateway.call('/key/list', { key: bad });
          assert.equal(answer.status, 401, bad);
          assert.match(errorOf(answer.body).message, /session/);
        }
      });
    });

    describe('GET /spend/logs/ui', () => {
      it('pages newest first with totals, key aliases and latency, without the stored bodies', async () => {
        const first = await gateway.call('/spend/logs/ui?page_size=2');
        assert.equal(first.status, 200);
        assert.equal(first.body.total, 5);
        assert.equal(first.body.total_pages, 3);
        assert.equal(first.body.data.length, 2);
        const pages = [first.body.data];
        for (const page of [2, 3]) pages.push((await gateway.call(`/spend/logs/ui?page_size=2&page=${page}`)).body.data);
        const all = pages.flat();
        assert.equal(new Set(all.map((r: { request_id: string }) => r.request_id)).size, 5);
        const times = all.map((r: { start_time: string }) => Date.parse(r.start_time));
        assert.deepEqual(times, [...times].sort((a, b) => b - a));
        for (const row of all) {
          assert.equal(row.messages, null);
          assert.equal(row.response, null);
          assert.ok(row.latency_ms >= 0);
          assert.ok(row.key_alias === 'alpha' || row.key_alias === 'beta');
        }
      });

      it('filters by key alias, team, model (group) and status; a failure is a $0 row with its error', async () => {
        const byAlias = await gateway.call('/spend/logs/ui?key_alias=alpha');
        assert.equal(byAlias.body.total, 3);
        assert.equal((await gateway.call('/spend/logs/ui?team_id=team-a')).body.total, 3);
        assert.equal((await gateway.call('/spend/logs/ui?model=other')).body.total, 1);
        assert.equal((await gateway.call('/spend/logs/ui?key_alias=alpha&model=gpt')).body.total, 2);
        assert.equal((await gateway.call(`/spend/logs/ui?api_key=${encodeURIComponent(beta)}`)).body.total, 2);
        assert.equal((await gateway.call('/spend/logs/ui?key_alias=nobody')).body.total, 0);
        const failures = await gateway.call('/spend/logs/ui?status_filter=failure');
        assert.equal(failures.body.total, 1);
        const [failed] = failures.body.data;
        assert.equal(failed.key_alias, 'beta');
        assert.equal(failed.spend, 0);
        assert.equal(failed.metadata.error_information.error_class, 'bad_request');
        assert.equal((await gateway.call('/spend/logs/ui?status_filter=success')).body.total, 4);
        const today = new Date().toISOString().slice(0, 10);
        assert.equal((await gateway.call(`/spend/logs/ui?start_date=${today}&end_date=${today}`)).body.total, 5);
        assert.equal((await gateway.call('/spend/logs/ui?end_date=2000-01-01')).body.total, 0);
      });

      it('rejects bad parameters with 400 naming them', async () => {
        for (const [query, param] of [['status_filter=maybe', 'status_filter'], ['page=0', 'page'], ['page_size=x', 'page_size'], ['start_date=yesterday', 'start_date']]) {
          const answer = await gateway.call(`/spend/logs/ui?${query}`);
          assert.equal(answer.status, 400, query);
          assert.equal(errorOf(answer.body).param, param);
        }
      });

      it('a virtual key that is not an admin sees only its own logs, whatever it asks for; an admin key sees all', async () => {
        const own = await gateway.call('/spend/logs/ui', { key: alpha });
        assert.equal(own.status, 200);
        assert.equal(own.body.total, 3);
        assert.equal((await gateway.call('/spend/logs/ui?key_alias=beta', { key: alpha })).body.total, 0);
        assert.equal((await gateway.call(`/spend/logs/ui?api_key=${encodeURIComponent(beta)}`, { key: alpha })).body.total, 0);
        assert.equal((await gateway.call('/spend/logs/ui', { key: adminKey })).body.total, 5);
      });

      it('the detail has the stored request and answer; another key\'s log is not found for a virtual key', async () => {
        const [betaLog] = (await gateway.call('/spend/logs/ui?key_alias=beta&status_filter=success')).body.data;
        const detail = await gateway.call(`/spend/logs/ui/${betaLog.request_id}`);
        assert.equal(detail.status, 200);
        assert.equal(detail.body.messages.messages[0].content, 'beta one');
        assert.match(JSON.stringify(detail.body.response), /chat\.completion/);
        assert.equal(detail.body.key_alias, 'beta');
        assert.equal((await gateway.call(`/spend/logs/ui/${betaLog.request_id}`, { key: beta })).status, 200);
        const hidden = await gateway.call(`/spend/logs/ui/${betaLog.request_id}`, { key: alpha });
        assert.equal(hidden.status, 404);
        errorOf(hidden.body);
        assert.equal((await gateway.call('/spend/logs/ui/no-such-id')).status, 404);
      });
    });

    describe('GET /switchyard/activity', () => {
      it('buckets requests, errors, spend, tokens and latency percentiles, and ranks keys, teams and models by spend', async () => {
        const end = new Date(Date.now() + 60_000);
        const start = new Date(end.getTime() - 3_600_000);
        const answer = await gateway.call(`/switchyard/activity?start=${start.toISOString()}&end=${end.toISOString()}&buckets=12`);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const body = answer.body;
        assert.equal(body.series.length, 12);
        assert.equal(body.bucket_ms, 300_000);
        assert.equal(body.totals.requests, 5);
        assert.equal(body.totals.errors, 1);
        assert.equal(body.series.reduce((n: number, b: { requests: number }) => n + b.requests, 0), 5);
        const logs = (await gateway.call('/spend/logs/ui')).body.data as Array<{ spend: number; total_tokens: number }>;
        assert.ok(Math.abs(body.totals.spend - logs.reduce((n, r) => n + r.spend, 0)) < 1e-12);
        assert.equal(body.totals.tokens, logs.reduce((n, r) => n + r.total_tokens, 0));
        assert.ok(body.totals.p50_ms !== null && body.totals.p95_ms >= body.totals.p50_ms);
        assert.equal(body.top_keys[0].key_alias, 'alpha');
        assert.equal(body.top_keys[0].requests, 3);
        assert.deepEqual(body.top_teams.map((t: { name: string }) => t.name), ['team-a']);
        assert.deepEqual(body.top_models.map((m: { name: string }) => m.name).sort(), ['gpt', 'other']);
        assert.equal(body.truncated, false);
        assert.equal(body.own_key_only, false);
      });

      it('is own-key-only for a virtual key, and checks its range', async () => {
        const own = await gateway.call('/switchyard/activity', { key: beta });
        assert.equal(own.status, 200);
        assert.equal(own.body.totals.requests, 2);
        assert.equal(own.body.totals.errors, 1);
        assert.equal(own.body.own_key_only, true);
        const empty = await gateway.call('/switchyard/activity?start=2001-01-01&end=2001-01-02');
        assert.equal(empty.body.totals.requests, 0);
        assert.equal(empty.body.totals.p50_ms, null);
        for (const query of ['start=2026-01-02&end=2026-01-01', 'start=soon', 'buckets=0']) {
          const answer = await gateway.call(`/switchyard/activity?${query}`);
          assert.equal(answer.status, 400, query);
          errorOf(answer.body);
        }
      });
    });

    it('a call with no known price is logged as unpriced, not as free', async () => {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: beta, maxRetries: 0 });
      await client.chat.completions.create({ model: 'mystery', messages: [{ role: 'user', content: 'how much?' }] });
      const [row] = await gateway.waitForLogs({ model: 'mystery' }, 1);
      assert.equal(row.spend, 0);
      assert.equal(row.metadata.unpriced, true);
      const [priced] = (await gateway.call('/spend/logs/ui?model=other')).body.data;
      assert.equal(priced.metadata, null);
    });
  });
}
