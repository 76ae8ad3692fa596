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

// The gateway's part: the shell and every file it loads, fetched in parallel as the preloads make the browser do (gzip, warm).
const paths = [...assets.keys()].filter((p) => p !== 'index.html');
const fetchAll = async (headers: Record<string, string>) => {
  const started = performance.now();
  await Promise.all(paths.map(async (p) => (await fetch(`${url}/ui/${p}?v=${assets.get(p)?.version}`, { headers: { 'accept-encoding': 'gzip', ...headers } })).arrayBuffer()));
  return performance.now() - started;
};
await fetchAll({});
const full: number[] = [];
for (let i = 0; i < 20; i += 1) full.push(await fetchAll({}));
full.sort((a, b) => a - b);
console.log(`HTTP, all ${paths.length} files in parallel (gzip): median ${full[10]?.toFixed(1)} ms, max ${full.at(-1)?.toFixed(1)} ms`);
const browser = await chromium.launch({
  executablePath: process.env['SWITCHYARD_CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const measure = async (page: import('playwright-core').Page) => {
    const started = performance.now();
    await page.goto(`${url}/ui/`, { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 5000 });
    const ready = performance.now() - started;
    return { load: Number(await page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")), ready };
  };
  const show = (kind: string, runs: Array<{ load: number; ready: number }>) => {
    const loads = runs.map((r) => r.load).sort((x, y) => x - y);
    const readies = runs.map((r) => r.ready).sort((x, y) => x - y);
    const median = (v: number[]) => v[Math.floor(v.length / 2)]?.toFixed(1);
    console.log(`${kind} (${runs.length} runs): load event median ${median(loads)} ms (min ${loads[0]?.toFixed(1)}, max ${loads.at(-1)?.toFixed(1)}); login form on screen median ${median(readies)} ms`);
  };
  // Warm the browser itself (renderer start) on a blank page first.
  await (await (await browser.newContext()).newPage()).goto('about:blank');
  const cold: Array<{ load: number; ready: number }> = [];
  const warm: Array<{ load: number; ready: number }> = [];
  for (let i = 0; i < 5; i += 1) {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    cold.push(await measure(page));
    for (let j = 0; j < 4; j += 1) warm.push(await measure(page));
    await page.context().close();
  }
  show('cold (new context, empty cache)', cold);
  show('warm (cached, shell revalidated)', warm);
} finally {
  await browser.close();
  await app.close();
}
