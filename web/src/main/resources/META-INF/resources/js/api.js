// Talks to this origin only: /bff/* for the session, /api/v1/* routed to the services by the web process.
// The access token never reaches this page; unsafe requests carry the session's CSRF token.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `Request failed (${status})`);
    this.status = status;
    this.problem = problem || {};
    /** field name → message, from RFC 9457 "errors". */
    this.fields = {};
    for (const e of this.problem.errors || []) {
      if (e && e.field) this.fields[e.field] = e.message;
    }
  }
}

export async function loadSession() {
  const r = await fetch('/bff/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const session = await r.json();
  csrfToken = session.signedIn ? session.csrfToken : null;
  return session;
}

export async function signInLocal(person) {
  const r = await fetch('/bff/login/local', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ person }),
  });
  if (!r.ok) throw new ApiError(r.status, await problemOf(r));
}

export async function signOut() {
  await fetch('/bff/logout', { method: 'POST', credentials: 'same-origin', headers: csrfToken ? { 'X-CSRF-Token': csrfToken } : {} });
  csrfToken = null;
}

async function problemOf(r) {
  const type = r.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { return await r.json(); } catch { return null; }
  }
  return null;
}

/** Calls /api/v1 + path. Resolves { status, body, etag, headers }; rejects with ApiError on 4xx/5xx. */
export async function api(method, path, { body, headers = {}, raw = false } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (method !== 'GET' && method !== 'HEAD') h['X-CSRF-Token'] = csrfToken || '';
  if (body !== undefined) h['Content-Type'] = h['Content-Type'] || 'application/json';
  let r;
  try {
    r = await fetch(`/api/v1${path}`, { method, credentials: 'same-origin', headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { title: 'Openly cannot be reached', detail: 'Please check your connection and try again.' });
  }
  if (!r.ok) {
    const problem = await problemOf(r);
    if (r.status === 401) window.dispatchEvent(new CustomEvent('openly:signed-out'));
    throw new ApiError(r.status, problem);
  }
  const etag = r.headers.get('ETag');
  if (raw) return { status: r.status, response: r, etag };
  const text = r.status === 204 ? '' : await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, etag, headers: r.headers };
}
