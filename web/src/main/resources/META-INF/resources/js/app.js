import { loadSession, signInLocal, signOut } from './api.js';
import { h, screen, focusMain } from './dom.js';
import { today } from './screens/today.js';
import { history } from './screens/history.js';
import { reminders } from './screens/reminders.js';
import { week } from './screens/week.js';
import { organization } from './screens/organization.js';
import { myData } from './screens/my-data.js';
import { ritual } from './screens/ritual.js';
import { notifications } from './screens/notifications.js';
import { startLive, stopLive } from './live.js';

const ROUTES = { today, history, reminders, week, ritual, notifications, organization, 'my-data': myData };
let session = null;
let cleanup = null;
let firstRender = true;

async function start() {
  session = await loadSession();
  window.addEventListener('hashchange', render);
  window.addEventListener('openly:signed-out', (ev) => {
    stopLive();
    session = { signedIn: false, mode: session?.mode, people: session?.people };
    loadSession().then((s) => { session = s; showSignIn(ev.detail?.message); });
  });
  render();
}

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  if (!session.signedIn) { showSignIn(); return; }
  const [path, query] = (location.hash.replace(/^#\/?/, '') || 'today').split('?');
  // #/ritual/accept/CODE: the first part names the screen, the rest is for it.
  const [first, ...rest] = path.split('/');
  const name = ROUTES[first] ? first : 'today';
  if (name === 'organization' && !isOrgAdmin()) { location.hash = '#/today'; return; }
  showChrome();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === `#/${name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Live reminders on every screen while signed in (the stream needs the session; it reconnects itself).
  startLive();
  const result = await ROUTES[name](new URLSearchParams(query || ''), session, rest);
  if (typeof result === 'function') cleanup = result;
  // Moving focus to the new heading tells screen-reader users the screen changed; not on the first load.
  if (!firstRender) focusMain();
  firstRender = false;
}

const isOrgAdmin = () => (session.roles || []).includes('org-admin');

function showChrome() {
  document.getElementById('nav').hidden = false;
  document.getElementById('nav-org').hidden = !isOrgAdmin();
  const out = h('button', { type: 'button', class: 'btn quiet small', onclick: async () => { await signOut(); window.dispatchEvent(new CustomEvent('openly:signed-out')); } }, 'Sign out');
  document.getElementById('who').replaceChildren(h('span', { class: 'who-name' }, session.userId), out);
}

function showSignIn(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').replaceChildren();
  const notice = message ? h('p', { class: 'notice', role: 'status' }, message) : null;
  if (session.mode === 'oidc') {
    screen('Welcome to Openly', notice, h('p', { class: 'lede' }, 'Small, safe practices of openness.'),
      h('a', { class: 'btn', href: '/bff/login' }, 'Sign in'));
    return;
  }
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const people = (session.people || []).map((p) => h('li', {},
    h('button', { type: 'button', class: 'btn person', dataset: { person: p.id }, onclick: () => pick(p.id) },
      p.id, p.orgAdmin ? h('span', { class: 'person-role' }, ' · organization admin') : null)));
  screen('Welcome to Openly', notice,
    h('p', { class: 'lede' }, 'This is the local demo. Choose someone to be — each has a few weeks of entries.'),
    h('ul', { class: 'people', role: 'list', 'aria-label': 'Demo people' }, ...people),
    error);
  async function pick(id) {
    try {
      await signInLocal(id);
      session = await loadSession();
      if (!location.hash || location.hash === '#/') window.history.replaceState(null, '', '#/today');
      firstRender = false;
      render();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  }
}

start().catch((err) => {
  screen('Openly is not reachable', h('p', {}, 'Please try again in a moment.'), h('p', { class: 'muted small' }, String(err.message || err)));
});
