import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, rawFetch } from '../lib/api.js';
import { money, ms } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { Empty, ErrorBox } from '../components/common.js';

/** The answer headers worth seeing, in order, with how to show them. */
const HEADERS = [
  ['x-litellm-response-cost', 'Cost', (v) => money(Number(v))],
  ['x-litellm-model-id', 'Deployment id', (v) => v],
  ['x-litellm-model-api-base', 'API base', (v) => v],
  ['x-litellm-response-duration-ms', 'Duration', (v) => ms(Number(v))],
  ['x-litellm-overhead-duration-ms', 'Gateway overhead', (v) => `${Number(v).toFixed(2)} ms`],
  ['x-litellm-attempted-retries', 'Retries', (v) => v],
  ['x-litellm-attempted-fallbacks', 'Fallbacks', (v) => v],
  ['x-litellm-call-id', 'Call id', (v) => v],
];

/** Reads an OpenAI chat-completions SSE body, calling onDelta with each content piece. */
async function readStream(response, onDelta) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let usage;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const data = line.slice(6);
        if (data === '[DONE]') continue;
        const chunk = JSON.parse(data);
        if (chunk.error) throw new Error(chunk.error.message ?? 'stream error');
        if (chunk.usage) usage = chunk.usage;
        const piece = chunk.choices?.[0]?.delta?.content;
        if (piece) onDelta(piece);
      }
    }
  }
  return usage;
}

/** The cost of a finished call from its log (written within about a second), or undefined. */
async function loggedCost(callId) {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    try {
      const log = await api(`/spend/logs/ui/${encodeURIComponent(callId)}`);
      return log.metadata?.unpriced ? null : log.spend;
    } catch (error) {
      if (error.status !== 404) return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  return undefined;
}

/** Chat with any model the signed-in key may use, streamed, with the headers that matter. */
export function PlaygroundPage() {
  const models = useApi(() => api('/v1/models').then((r) => r.data.map((m) => m.id)), []);
  const [messages, setMessages] = useState([]);
  const [meta, setMeta] = useState(null);
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  const send = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = String(form.get('prompt')).trim();
    if (text === '') return;
    const stream = form.get('stream') === 'on';
    const history = [...messages.filter((m) => m.role !== 'error'), { role: 'user', content: text }];
    const system = String(form.get('system')).trim();
    const body = {
      model: String(form.get('model')),
      messages: system ? [{ role: 'system', content: system }, ...history] : history,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      ...(String(form.get('max_tokens')).trim() ? { max_tokens: Number(form.get('max_tokens')) } : {}),
    };
    event.currentTarget.elements.prompt.value = '';
    setMessages([...history, { role: 'assistant', content: '' }]);
    setError(undefined);
    setBusy(true);
    const started = performance.now();
    try {
      const response = await rawFetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const headers = Object.fromEntries(HEADERS.map(([name]) => [name, response.headers.get(name)]).filter(([, v]) => v !== null));
      let usage;
      if (stream) {
        let answer = '';
        usage = await readStream(response, (piece) => {
          answer += piece;
          setMessages([...history, { role: 'assistant', content: answer }]);
        });
      } else {
        const answer = await response.json();
        usage = answer.usage;
        setMessages([...history, { role: 'assistant', content: answer.choices?.[0]?.message?.content ?? '' }]);
      }
      const result = { headers, usage, stream, elapsed: performance.now() - started, model: body.model };
      setMeta(result);
      // A stream's cost is known only after its last chunk: read it from the call's log.
      if (stream && headers['x-litellm-call-id']) loggedCost(headers['x-litellm-call-id']).then((cost) => cost !== undefined && setMeta({ ...result, loggedCost: cost }));
    } catch (e) {
      setMessages([...history, { role: 'error', content: e.message }]);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const names = models.data ?? [];
  return html`<div>
    <h1>Playground</h1>
    <${ErrorBox} error=${models.error} />
    ${models.data && names.length === 0 ? html`<${Empty}>No models are configured. Add one to <code>model_list</code> in the config.<//>` : null}
    <div class="grid2" style="grid-template-columns: minmax(0, 2fr) minmax(0, 1fr)">
      <section class="panel">
        <div class="chat" aria-live="polite" data-testid="chat">
          ${messages.length === 0 ? html`<p class="muted">Send a message to try a model through the gateway, with this session's key.</p>` : null}
          ${messages.map((m) => html`<div class=${`msg ${m.role}`}><span class="sr-only">${m.role}: </span>${m.content || (busy ? '…' : '')}</div>`)}
        </div>
        <form onSubmit=${send} style="margin-top:1rem; display:flex; flex-direction:column; gap:0.5rem">
          <div class="toolbar" style="margin:0">
            <label>Model<select name="model" required>${names.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
            <label>Max tokens<input name="max_tokens" inputmode="numeric" size="6" placeholder="default" /></label>
            <label class="inline"><input type="checkbox" name="stream" checked /> Stream</label>
            <button type="button" onClick=${() => { setMessages([]); setMeta(null); }}>Clear chat</button>
          </div>
          <label>System prompt<input name="system" placeholder="optional" /></label>
          <label>Message<textarea name="prompt" required placeholder="Say hello" onKeyDown=${(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form.requestSubmit(); }}></textarea></label>
          <div><button class="primary" type="submit" disabled=${busy || names.length === 0}>${busy ? 'Waiting…' : 'Send'}</button> <small class="muted">Ctrl+Enter sends</small></div>
        </form>
      </section>
      <section class="panel" aria-label="Last answer">
        <h2 style="margin-top:0">Last answer</h2>
        <${ErrorBox} error=${error} />
        ${meta ? html`<dl class="kv" data-testid="answer-headers">
          <dt>Model</dt><dd>${meta.model}${meta.stream ? ' (streamed)' : ''}</dd>
          ${HEADERS.filter(([name]) => meta.headers[name] !== undefined).map(([name, label, show]) => html`<dt>${label}</dt><dd>${show(meta.headers[name])}</dd>`)}
          ${meta.headers['x-litellm-response-cost'] === undefined
            ? html`<dt>Cost</dt><dd data-testid="stream-cost">${meta.loggedCost !== undefined ? html`${money(meta.loggedCost, { unpriced: meta.loggedCost === null })} <small class="muted">(from the log)</small>` : html`<span class="muted">${meta.stream ? 'reading the log…' : 'unpriced'}</span>`}</dd>`
            : null}
          ${meta.usage ? html`<dt>Tokens</dt><dd>${meta.usage.prompt_tokens} in · ${meta.usage.completion_tokens} out</dd>` : null}
          <dt>Round trip</dt><dd>${ms(meta.elapsed)}</dd>
        </dl>` : html`<p class="muted">Cost, deployment, overhead, retries and fallbacks of the last answer show here.</p>`}
      </section>
    </div>
  </div>`;
}
