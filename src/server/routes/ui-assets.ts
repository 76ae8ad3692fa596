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
  cacheControl: string;
}

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
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
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
 * paths are served, so no request can reach another file. Own files are revalidated on every
 * load (`no-cache` + ETag → 304); vendor files are cached for an hour.
 */
export function loadUiAssets(): { assets: Map<string, UiAsset>; csp: string } {
  const assets = new Map<string, UiAsset>();
  for (const path of listFiles(UI_DIR)) {
    if (path.endsWith('.test.ts')) continue;
    const name = relative(UI_DIR, path).split(sep).join('/');
    assets.set(name, asset(readFileSync(path), path, 'no-cache'));
  }
  const index = assets.get('index.html');
  if (index !== undefined) assets.set('', index);
  for (const vendor of VENDOR) {
    const path = join(packageRoot(vendor.pkg), vendor.file);
    assets.set(vendor.url, asset(readFileSync(path), vendor.url, 'public, max-age=3600'));
  }
  return { assets, csp: contentSecurityPolicy(index?.body.toString('utf8') ?? '') };
}

/** The shell's CSP: only this origin, plus the hash of its one inline script (the import map). */
function contentSecurityPolicy(html: string): string {
  const inline = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1];
  const hashed = inline === undefined ? '' : ` 'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
  return `default-src 'self'; script-src 'self'${hashed}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;
}
