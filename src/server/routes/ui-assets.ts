import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** One dashboard file, ready to send: bytes, gzipped bytes, type, ETag and cache policy. */
export interface UiAsset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
  /** Short content hash: `?v=<version>` URLs of this content are cached for good. */
  version: string;
  cacheControl: string;
}

/** The Cache-Control of a versioned URL (`?v=` matching the content): it can never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Third-party files the dashboard imports (served from node_modules, so no CDN and no build step). */
const VENDOR: ReadonlyArray<{ url: string; pkg: string; file: string }> = [
  { url: 'vendor/preact.mjs', pkg: 'preact', file: 'dist/preact.module.js' },
  { url: 'vendor/preact-hooks.mjs', pkg: 'preact', file: 'hooks/dist/hooks.module.js' },
  { url: 'vendor/htm.mjs', pkg: 'htm', file: 'dist/htm.module.js' },
  { url: 'vendor/uplot.js', pkg: 'uplot', file: 'dist/uPlot.iife.min.js' },
  { url: 'vendor/uplot.css', pkg: 'uplot', file: 'dist/uPlot.min.css' },
];

/** Where the dashboard's own files live (src/ui). */
export const UI_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');

function asset(body: Buffer, path: string, cacheControl: string): UiAsset {
  const digest = createHash('sha256').update(body).digest('base64url');
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    etag: `"${digest.slice(0, 27)}"`,
    version: digest.slice(0, 12),
    cacheControl,
  };
}

function packageRoot(pkg: string): string {
  const entry = createRequire(import.meta.url).resolve(pkg);
  const marker = `${sep}node_modules${sep}${pkg}${sep}`;
  return entry.slice(0, entry.lastIndexOf(marker) + marker.length);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * Every file the dashboard serves, keyed by its path under /ui/ ('' is index.html). Only these
 * paths are served, so no request can reach another file. The shell (index.html, `no-cache`)
 * names every other file by a versioned URL (`?v=<content hash>`; relative module imports are
 * mapped to them by the import map), which is cached for good: a warm load is one revalidation
 * of the shell, and an upgrade changes the versions.
 */
export function loadUiAssets(): { assets: Map<string, UiAsset>; csp: string } {
  const assets = new Map<string, UiAsset>();
  const own = listFiles(UI_DIR).map((path) => ({ path, name: relative(UI_DIR, path).split(sep).join('/') }));
  for (const { path, name } of own) if (name !== 'index.html') assets.set(name, asset(readFileSync(path), path, 'no-cache'));
  for (const vendor of VENDOR) {
    const path = join(packageRoot(vendor.pkg), vendor.file);
    assets.set(vendor.url, asset(readFileSync(path), vendor.url, 'public, max-age=3600'));
  }
  const shell = readFileSync(join(UI_DIR, 'index.html'), 'utf8').replace(/<!-- head:[^>]*-->/, () => head(assets));
  const index = asset(Buffer.from(shell), 'index.html', 'no-cache');
  assets.set('index.html', index);
  assets.set('', index);
  return { assets, csp: contentSecurityPolicy(shell) };
}

/**
 * The shell's head: the import map first (before any module load, preloads included), then the
 * styles, a preload of every module (one round of requests instead of one per import depth)
 * and the scripts, all by versioned URL.
 */
function head(assets: ReadonlyMap<string, UiAsset>): string {
  const url = (name: string) => `./${name}?v=${assets.get(name)?.version ?? ''}`;
  const modules = [...assets.keys()].filter((name) => /\.m?js$/.test(name) && name !== 'vendor/uplot.js').sort();
  const imports: Record<string, string> = { preact: url('vendor/preact.mjs'), 'preact/hooks': url('vendor/preact-hooks.mjs'), htm: url('vendor/htm.mjs') };
  for (const name of modules) imports[`./${name}`] = url(name);
  return [
    `<script type="importmap">${JSON.stringify({ imports })}</script>`,
    `<link rel="stylesheet" href="${url('style.css')}">`,
    `<link rel="stylesheet" href="${url('vendor/uplot.css')}">`,
    ...modules.map((name) => `<link rel="modulepreload" href="${url(name)}">`),
    `<script src="${url('vendor/uplot.js')}" defer></script>`,
    `<script type="module" src="${url('app.js')}"></script>`,
  ].join('\n');
}

/** The shell's CSP: only this origin, plus the hash of its one inline script (the import map). */
function contentSecurityPolicy(html: string): string {
  const inline = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1];
  const hashed = inline === undefined ? '' : ` 'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
  return `default-src 'self'; script-src 'self'${hashed}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;
}
