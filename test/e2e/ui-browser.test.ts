/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by playwright-core)
 * against a gateway with a fake OpenAI upstream: log in, create a key with a budget, use it
 * from the playground (streaming), see the call in Logs and its cost in Spend and on the key's
 * budget bar, delete the key; the virtual-key view; a wrong login. Every page is saved as a
 * screenshot in test-artifacts/ui/. Fails (never skips) when chromium is missing.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.ts';
import { MASTER_KEY } from '../support/start-gateway.ts';
import { startDashboardGateway, UI_PASSWORD, UI_USERNAME, type DashboardGateway } from '../support/start-dashboard-gateway.ts';

export const CHROMIUM_PATH = process.env['SWITCHYARD_CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
// Custom prices: a streamed answer of the fake costs a known, non-round amount.
const INPUT = 0.0000025;
const OUTPUT = 0.00001;

describe('dashboard in a real browser', () => {
  let fake: FakeOpenAI;
  let gateway: DashboardGateway;
  let browser: Browser | undefined;

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    fake = await startFakeOpenAI();
    gateway = await startDashboardGateway({
      models: [
        { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', api_base: `${fake.url}/v1`, api_key: 'sk-up', input_cost_per_token: INPUT, output_cost_per_token: OUTPUT } },
        { model_name: 'cheap', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${fake.url}/v1`, api_key: 'sk-up' } },
      ],
      general_settings: { store_prompts_in_spend_logs: true },
      env: { STORE_MODEL_IN_DB: 'True' },
    });
  });
  // Launched by the first test rather than in before(): without chromium every test then fails
  // (counted as failed, not cancelled), so CI cannot mistake a missing browser for a pass.
  const launch = async (): Promise<Browser> => {
    browser ??= await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    return browser;
  };
  after(async () => {
    await browser?.close();
    await gateway?.close();
    await fake?.close();
  });

  const newPage = async (): Promise<Page> => {
    const context = await (await launch()).newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && !message.text().includes('status of 4') && problems.push(message.text()));
    (page as Page & { problems: string[] }).problems = problems;
    await page.goto(`${gateway.url}/ui/`);
    return page;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const go = async (page: Page, name: string, heading: string) => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  it('admin: login, create a key with a budget, stream from the playground, see it in Logs, Spend and on the budget bar, delete the key', async () => {
    const page = await newPage();
    await shot(page, '01-login');
    await page.getByRole('tab', { name: 'Username' }).click();
    await page.getByLabel('Username').fill(UI_USERNAME);
    await page.getByLabel('Password').fill(UI_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // The session is a signed token, never the master key, and lives in sessionStorage only.
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes(MASTER_KEY));
    assert.match(stored, /sy-ui\./);
    await shot(page, '02-overview-empty');

    // Create a key with a budget.
    await go(page, 'Keys', 'Keys');
    await page.getByText('No keys yet').waitFor();
    await shot(page, '03-keys-empty');
    await page.getByRole('button', { name: 'Create key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create key' });
    await dialog.getByLabel('Alias').fill('browser-key');
    await dialog.getByLabel('Max budget (USD)').fill('0.5');
    await dialog.getByLabel('Budget resets').selectOption('30d');
    await dialog.getByLabel('Requests / minute (rpm)').fill('100');
    await shot(page, '04-keys-create');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-secret').textContent()) ?? '';
    assert.match(secret, /^sk-/);
    await page.getByRole('progressbar', { name: 'budget used by browser-key' }).waitFor();
    await shot(page, '05-keys-created');

    // Use it from the playground (streaming) by logging in with the key in a second page? No:
    // the admin playground uses the admin session; the key is used from its own view below.
    await go(page, 'Playground', 'Playground');
    await page.getByLabel('Model').selectOption('gpt-4o');
    await page.getByLabel('Message').fill('Hello from the browser');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('answer-headers').waitFor();
    const chat = (await page.getByTestId('chat').textContent()) ?? '';
    assert.match(chat, /Hello from the browser/);
    assert.match(await page.getByTestId('answer-headers').textContent() ?? '', /Deployment id/);
    await shot(page, '06-playground-admin');

    // The virtual key's own view: its playground call is charged to it.
    const keyPage = await newPage();
    await keyPage.getByRole('tab', { name: 'API key' }).click();
    await keyPage.getByLabel('Master key or virtual key').fill(secret);
    await keyPage.getByRole('button', { name: 'Sign in' }).click();
    await keyPage.getByRole('heading', { name: /Overview — this key/ }).waitFor();
    assert.equal(await keyPage.getByRole('link', { name: 'Keys', exact: true }).count(), 0, 'a virtual key sees no admin pages');
    await go(keyPage, 'Playground', 'Playground');
    await keyPage.getByLabel('Model').selectOption('gpt-4o');
    await keyPage.getByLabel('Message').fill('Charge this to my key');
    await keyPage.getByRole('button', { name: 'Send' }).click();
    await keyPage.getByTestId('answer-headers').waitFor();
    // A stream's cost comes from its log once written.
    await keyPage.getByTestId('stream-cost').getByText('(from the log)').waitFor();
    await shot(keyPage, '07-playground-key');
    const [keyLog] = await gateway.waitForLogs({ key_alias: 'browser-key' }, 1);
    assert.ok(keyLog.spend > 0, 'the streamed call is priced');
    await go(keyPage, 'Logs', 'Logs — this key');
    await keyPage.getByRole('table', { name: 'Request logs' }).waitFor();
    assert.equal(await keyPage.getByRole('table', { name: 'Request logs' }).locator('tbody tr').count(), 1, 'the key sees only its own call');
    await shot(keyPage, '08-logs-key');
    await go(keyPage, 'My key', 'My key');
    await keyPage.getByText(`$${keyLog.spend.toFixed(8)}`.replace(/0+$/, '')).first().waitFor();
    await shot(keyPage, '09-my-key');

    // The admin sees the call in Logs, with its detail (request and response are stored).
    await go(page, 'Logs', 'Logs');
    const logs = page.getByRole('table', { name: 'Request logs' });
    await page.getByLabel('Key alias').fill('browser-key');
    await page.getByRole('button', { name: 'Apply' }).click();
    await logs.locator('tbody tr').filter({ hasText: 'browser-key' }).first().waitFor();
    await shot(page, '10-logs');
    await logs.locator('tbody tr').first().click();
    await page.getByTestId('log-request').waitFor();
    assert.match(await page.getByTestId('log-request').textContent() ?? '', /Charge this to my key/);
    await shot(page, '11-log-detail');
    await page.getByRole('button', { name: 'Close' }).click();

    // Its cost in Spend (by key) and on the key's budget bar.
    // The dashboard's own money format (src/ui/lib/format.js), as the browser loads it.
    const costText = String(await page.evaluate(`import('/ui/lib/format.js').then((m) => m.money(${keyLog.spend}))`));
    await go(page, 'Spend', 'Spend');
    await page.getByRole('tab', { name: 'By key' }).click();
    const spendRow = page.getByRole('table', { name: 'Spend by-key' }).locator('tr', { hasText: 'browser-key' });
    await spendRow.getByText(costText, { exact: true }).first().waitFor();
    await shot(page, '12-spend');
    await go(page, 'Keys', 'Keys');
    const keyRow = page.locator('tr[data-key="browser-key"]');
    await keyRow.getByText(`${costText} of $0.50`).waitFor();
    await shot(page, '13-keys-with-spend');

    // Overview shows the two calls.
    await go(page, 'Overview', 'Overview');
    await page.getByTestId('total-requests').getByText('2').waitFor();
    await page.getByRole('img', { name: 'Requests and errors chart' }).waitFor();
    await shot(page, '14-overview');

    // Models, Teams pages render.
    await go(page, 'Models', 'Models');
    await page.getByRole('table', { name: 'Models' }).waitFor();
    await page.getByRole('button', { name: 'Test cheap' }).click();
    await page.getByText(/OK in/).waitFor();
    await page.getByRole('button', { name: 'Run health checks' }).click();
    await page.getByRole('table', { name: 'Models' }).getByText('healthy', { exact: true }).first().waitFor();
    await shot(page, '15-models');
    // Models stored in the database: add, see its price, delete with confirmation.
    await page.getByRole('button', { name: 'Add model' }).click();
    const add = page.getByRole('dialog', { name: 'Add model' });
    await add.getByLabel('Model name').fill('added-model');
    await add.getByLabel('Provider model').fill('openai/gpt-4o-mini');
    await add.getByLabel('API base').fill(`${fake.url}/v1`);
    await add.getByLabel('API key').fill('sk-up');
    await add.getByLabel('Input price (USD / 1M tokens)').fill('0.4');
    await add.getByLabel('Output price (USD / 1M tokens)').fill('1.6');
    await add.getByRole('button', { name: 'Add model' }).click();
    const added = page.getByRole('table', { name: 'Models' }).locator('tr', { hasText: 'added-model' });
    await added.getByText('$0.40').waitFor();
    await added.getByText('$1.60').waitFor();
    await shot(page, '15b-models-added');
    assert.equal((await gateway.call('/model/info')).body.data.filter((d: { model_name: string }) => d.model_name === 'added-model').length, 1);
    await added.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete model?' }).getByRole('button', { name: 'Delete model' }).click();
    await page.getByRole('table', { name: 'Models' }).locator('tr', { hasText: 'added-model' }).waitFor({ state: 'detached' });
    await go(page, 'Teams & users', 'Teams & users');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('dialog', { name: 'Create team' }).getByLabel('Name').fill('search');
    await page.getByRole('dialog', { name: 'Create team' }).getByLabel('Max budget (USD)').fill('10');
    await page.getByRole('dialog', { name: 'Create team' }).getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('table', { name: 'Teams' }).getByText('search').first().waitFor();
    await shot(page, '16-teams');
    await page.getByRole('button', { name: 'Members' }).click();
    const team = page.getByRole('dialog', { name: /^Team / });
    await team.getByText('No members yet.').waitFor();
    await team.getByLabel('User id').fill('alice');
    await team.getByRole('button', { name: 'Add member' }).click();
    await team.getByRole('table', { name: 'Team members' }).getByText('alice').waitFor();
    await shot(page, '16b-team-members');
    await team.getByRole('button', { name: 'Close' }).click();

    // Delete the key, with confirmation; the key stops working.
    await go(page, 'Keys', 'Keys');
    await page.getByRole('button', { name: 'Delete key browser-key' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete key?' });
    await shot(page, '17-keys-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await page.getByText('No keys yet').waitFor();
    const refused = await gateway.call('/key/info', { key: secret });
    assert.equal(refused.status, 401);

    // Logout clears the session.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    for (const p of [page, keyPage]) assert.deepEqual((p as Page & { problems: string[] }).problems, []);
  });

  it('a wrong login is refused with a clear message', async () => {
    const page = await newPage();
    await page.getByRole('tab', { name: 'API key' }).click();
    await page.getByLabel('Master key or virtual key').fill('sk-not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent() ?? '', /Authentication Error/);
    await page.getByRole('tab', { name: 'Username' }).click();
    await page.getByLabel('Username').fill(UI_USERNAME);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    await shot(page, '18-login-wrong');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });
});
