// The dashboard's only way to the gateway: its own HTTP API, with the signed-in credential.
// The credential lives in sessionStorage (gone when the tab closes, cleared on logout). For an
// admin it is a short-lived signed session token, never the master key itself.

const STORAGE_KEY = 'switchyard.session';

/** The current session: { token, role: 'admin' | 'key', label, expires_at } or null. */
export function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (session?.expires_at && Date.parse(session.expires_at) <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** An API error with the gateway's message, HTTP status and error type. */
export class ApiError extends Error {
  constructor(message, status, type) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

let onUnauthorized = () => {};
/** What to do when the credential stops working (expired session): back to the login. */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

function headers(extra = {}) {
  const token = loadSession()?.token;
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function errorOf(response) {
  const text = await response.text();
  let message = text || response.statusText;
  let type;
  try {
    const body = JSON.parse(text);
    message = body?.error?.message ?? body?.detail ?? message;
    type = body?.error?.type;
  } catch {}
  if (response.status === 401 && loadSession() !== null) onUnauthorized();
  return new ApiError(message, response.status, type);
}

/** GET or POST JSON; throws ApiError with the gateway's message on a non-2xx answer. */
export async function api(path, { method = 'GET', body, query } = {}) {
  const params = query ? `?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''))}` : '';
  const response = await fetch(path + params, {
    method,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw await errorOf(response);
  return response.status === 204 ? null : response.json();
}

/** A raw fetch with the credential (the playground reads headers and streams). */
export async function rawFetch(path, init) {
  const response = await fetch(path, { ...init, headers: headers(init.headers) });
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** POST /ui/login: master key or username/password → admin session; a virtual key → its own view. */
export async function login(credentials) {
  const response = await fetch('/ui/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (!response.ok) throw await errorOf(response);
  const answer = await response.json();
  const session = {
    token: answer.token ?? credentials.api_key ?? null,
    role: answer.role,
    label: answer.role === 'admin' ? (credentials.username ?? 'admin') : (answer.key_alias ?? answer.key_name ?? 'virtual key'),
    expires_at: answer.expires_at,
  };
  saveSession(session);
  return session;
}
