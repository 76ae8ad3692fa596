import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { money } from '../lib/format.js';
import { describeError } from '../lib/use-api.js';

export function ErrorBox({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">${describeError(error)}</div>`;
}

export function Empty({ children }) {
  return html`<div class="empty">${children}</div>`;
}

export function Loading() {
  return html`<p class="muted" aria-live="polite">Loading…</p>`;
}

/** Spend against a budget, with the reset date: green, amber from 80 %, red at or over. */
export function BudgetBar({ spend, max, resetAt, label }) {
  if (max === null || max === undefined) return html`<div class="budget"><span>${money(spend ?? 0)}</span><small>no budget</small></div>`;
  const ratio = max > 0 ? (spend ?? 0) / max : 1;
  const pct = Math.min(100, Math.round(ratio * 100));
  const level = ratio >= 1 ? 'over' : ratio >= 0.8 ? 'high' : '';
  return html`<div class="budget">
    <span>${money(spend ?? 0)} of ${money(max)}</span>
    <div class="bar ${level}" role="progressbar" aria-label=${label ?? 'budget used'} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct}><span style=${`width:${pct}%`}></span></div>
    ${resetAt ? html`<small>resets ${new Date(resetAt).toLocaleString('en-GB')}</small>` : null}
  </div>`;
}

/** A modal dialog: focus moves in, Escape closes, focus returns to the opener. */
export function Dialog({ title, onClose, children }) {
  const box = useRef(null);
  useEffect(() => {
    const opener = document.activeElement;
    box.current?.querySelector('input, select, textarea, button')?.focus();
    const onKey = (event) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, []);
  return html`<div class="dialog-backdrop" onClick=${(e) => e.target === e.currentTarget && onClose()}>
    <div class="dialog" role="dialog" aria-modal="true" aria-label=${title} ref=${box}>
      <h2>${title}</h2>
      ${children}
    </div>
  </div>`;
}

/** "Are you sure?" with the consequence spelled out and a clearly named button. */
export function Confirm({ title, message, confirmLabel, danger = true, onConfirm, onClose }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState();
  const go = async () => {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <p>${message}</p>
    <${ErrorBox} error=${error} />
    <div class="actions">
      <button class=${danger ? 'danger solid' : 'primary'} disabled=${busy} onClick=${go}>${confirmLabel}</button>
      <button onClick=${onClose}>Cancel</button>
    </div>
  <//>`;
}

/** A secret shown once, with a copy button. */
export function SecretOnce({ value, what = 'key' }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return html`<div>
    <p><strong>Copy this ${what} now:</strong> it is shown only once (the gateway keeps only its hash).</p>
    <div class="secret"><code class="mono" data-testid="new-secret">${value}</code><button type="button" onClick=${copy}>${copied ? 'Copied' : 'Copy'}</button></div>
  </div>`;
}

/** Prev/next for a paginated list. */
export function Pager({ page, totalPages, onPage }) {
  if (!totalPages || totalPages <= 1) return null;
  return html`<div class="pager">
    <button disabled=${page <= 1} onClick=${() => onPage(page - 1)}>Previous</button>
    <span>Page ${page} of ${totalPages}</span>
    <button disabled=${page >= totalPages} onClick=${() => onPage(page + 1)}>Next</button>
  </div>`;
}
