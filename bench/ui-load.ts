/**
 * Measures the dashboard: the gzip size of every file /ui loads, and how long /ui takes to load
 * on loopback in headless chromium (cold: empty cache; warm: revalidated with ETags → 304).
 * Run: node bench/ui-load.ts   (needs /usr/bin/chromium or SWITCHYARD_CHROMIUM)
 */
import { chromium } from 'playwright-core';
import { loadUiAssets } from '../src/server/routes/ui-assets.ts';
import { createApp } from '../src/server/create-app.ts';

const { assets } = loadUiAssets();
let own = 0;
let vendor = 0;
console.log('file                              raw B   gzip B');
for (const [path, asset] of [...assets].filter(([p]) => p !== '').sort()) {
  console.log(`${path.padEnd(32)} ${String(asset.body.length).padStart(7)} ${String(asset.gzip.length).padStart(8)}`);
  if (path.startsWith('vendor/')) vendor += asset.gzip.length;
  else own += asset.gzip.length;
}
const preactHtm = ['vendor/preact.mjs', 'vendor/preact-hooks.mjs', 'vendor/htm.mjs'].reduce((n, p) => n + (assets.get(p)?.gzip.length ?? 0), 0);
console.log(`\ngzip total: own ${own} B, vendor ${vendor} B (preact + hooks + htm ${preactHtm} B), all ${own + vendor} B`);

const { app } = createApp({ config: { model_list: [], litellm_settings: {}, router_settings: {}, general_settings: { master_key: 'sk-bench' }, environment_variables: {} } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await chromium.launch({
  executablePath: process.env['SWITCHYARD_CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await (await browser.newContext()).newPage();
  const runs: Array<{ kind: string; load: number; ready: number }> = [];
  for (let i = 0; i < 6; i += 1) {
    const started = performance.now();
    await page.goto(`${url}/ui/`, { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const ready = performance.now() - started;
    const load = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
    runs.push({ kind: i === 0 ? 'cold' : 'warm', load, ready });
  }
  for (const run of runs) console.log(`${run.kind}: load event ${run.load.toFixed(1)} ms, login form rendered ${run.ready.toFixed(1)} ms`);
} finally {
  await browser.close();
  await app.close();
}
