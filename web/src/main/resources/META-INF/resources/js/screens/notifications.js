// Notifications: turn on Web Push for this browser (service worker + VAPID key), the browsers that get them,
// which kinds go where, a test, and what arrived live while this page is open.
import { api } from '../api.js';
import { h, put, screen, announce, formatDateTime, uid } from '../dom.js';
import { onLive, liveEvents, liveState, startLive } from '../live.js';

const KINDS = [
  ['REMINDERS', 'Reminders for your practices'],
  ['PARTNER_NUDGES', 'A note when your ritual partner has shared'],
  ['WEEKLY_SUMMARY', 'Your week, once a week'],
];
const CHANNELS = [['WEB_PUSH', 'As a notification'], ['STREAM', 'On an open Openly page']];
const STATE_TEXT = {
  open: 'Connected: reminders appear here as they fall due.',
  connecting: 'Connecting…',
  reconnecting: 'The live connection paused; trying again shortly.',
  off: 'Not connected.',
};

export async function notifications(params) {
  const browserSection = h('section', { class: 'panel', 'aria-labelledby': 'browser-h' }, h('h2', { id: 'browser-h' }, 'On this browser'));
  const listSection = h('section', { 'aria-labelledby': 'subs-h' }, h('h2', { id: 'subs-h' }, 'Browsers that get notifications'));
  const prefsSection = h('section', { class: 'panel', 'aria-labelledby': 'routes-h' }, h('h2', { id: 'routes-h' }, 'What goes where'));
  const testSection = h('section', { 'aria-labelledby': 'test-h' }, h('h2', { id: 'test-h' }, 'Try it'));
  const liveSection = h('section', { class: 'panel', 'aria-labelledby': 'live-h' }, h('h2', { id: 'live-h' }, 'While this page is open'));
  screen('Notifications',
    h('p', { class: 'lede' }, 'Reminders come at the times you chose under Reminders, and never during your quiet hours. '
      + 'A notification only says it is a good moment; it never contains anything you wrote.'),
    params.get('reminder') ? h('p', { class: 'notice', role: 'status' }, 'You opened a reminder. Whenever you are ready, ',
      h('a', { href: '#/today' }, 'Today'), ' has the practices.') : null,
    browserSection, listSection, prefsSection, testSection, liveSection);

  const refreshList = () => loadSubscriptions(listSection);
  renderBrowser(browserSection, refreshList);
  refreshList();
  loadPreferences(prefsSection);
  renderTest(testSection);
  const stop = renderLive(liveSection);
  return () => { stop(); };
}

// ---- this browser ----

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function currentSubscription() {
  const reg = await navigator.serviceWorker.getRegistration('/');
  return reg ? reg.pushManager.getSubscription() : null;
}

async function renderBrowser(section, refreshList) {
  const status = h('p', { class: 'browser-status', role: 'status' });
  const turnOn = h('button', { type: 'button', class: 'btn' }, 'Turn on notifications');
  const turnOff = h('button', { type: 'button', class: 'btn quiet', hidden: true }, 'Turn off on this browser');
  const problem = h('div', { class: 'form-error', role: 'alert', hidden: true });
  section.append(status, problem, h('div', { class: 'actions left' }, turnOn, turnOff));

  const showProblem = (...lines) => { put(problem, ...lines.map((l) => h('p', {}, l))); problem.hidden = false; };
  async function refresh() {
    if (!supported()) {
      status.textContent = 'This browser cannot show notifications from web pages. Reminders still appear on this page while it is open.';
      turnOn.hidden = true;
      return;
    }
    const sub = await currentSubscription().catch(() => null);
    if (sub) {
      status.textContent = 'Notifications are on for this browser.';
      turnOn.hidden = true; turnOff.hidden = false;
    } else {
      status.textContent = Notification.permission === 'denied'
        ? 'This browser is set not to show notifications from Openly. You can allow them in the browser’s site settings.'
        : 'Notifications are off for this browser.';
      turnOn.hidden = false; turnOff.hidden = true;
    }
  }

  turnOn.addEventListener('click', async () => {
    problem.hidden = true;
    turnOn.disabled = true;
    try {
      let key;
      try {
        key = (await api('GET', '/notifications/vapid-public-key')).body.publicKey;
      } catch (err) {
        showProblem(err.status === 503 ? 'Notifications are not available on this server right now.' : err.message,
          'Reminders still appear on this page while it is open.');
        return;
      }
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        showProblem('The browser did not allow notifications. That is fine — you can change it later in the browser’s site settings.',
          'Reminders still appear on this page while it is open.');
        return;
      }
      const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      let sub;
      try {
        // A browser cut off from its push service may never answer: give up kindly after a while.
        sub = await Promise.race([
          reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) }),
          new Promise((_, reject) => { setTimeout(() => reject(new Error('no answer from the push service')), 20000); }),
        ]);
      } catch (err) {
        // Offline, or a browser without its vendor's push service (e.g. some privacy-minded builds).
        showProblem('This browser could not reach its push service, so notifications can’t be turned on here right now.',
          'Nothing is wrong with your settings. Reminders still appear on this page while it is open; you can try again later.');
        return;
      }
      try {
        await api('POST', '/notifications/web-push', { body: sub.toJSON() });
      } catch (err) {
        await sub.unsubscribe().catch(() => {});
        showProblem(`Openly could not register this browser: ${err.message}`);
        return;
      }
      announce('Notifications are on for this browser.');
      refreshList();
    } finally {
      turnOn.disabled = false;
      refresh();
    }
  });

  turnOff.addEventListener('click', async () => {
    const sub = await currentSubscription().catch(() => null);
    if (sub) {
      const mine = (await api('GET', '/notifications/web-push').catch(() => ({ body: { subscriptions: [] } }))).body.subscriptions
        .find((s) => s.endpoint === sub.endpoint);
      if (mine) await api('DELETE', `/notifications/web-push/${mine.id}`).catch(() => {});
      await sub.unsubscribe().catch(() => {});
    }
    announce('Notifications are off for this browser.');
    refreshList();
    refresh();
    turnOn.focus();
  });
  refresh();
}

function base64UrlToBytes(s) {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

// ---- registered browsers ----

async function loadSubscriptions(section) {
  section.querySelectorAll(':scope > :not(h2)').forEach((n) => n.remove());
  let subs;
  try {
    subs = (await api('GET', '/notifications/web-push')).body.subscriptions;
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, `Could not load your browsers: ${err.message}`));
    return;
  }
  if (!subs.length) { section.append(h('p', { class: 'muted' }, 'None yet.')); return; }
  section.append(h('ul', { class: 'subs', role: 'list' }, ...subs.map((s) => {
    const where = hostOf(s.endpoint);
    const remove = h('button', { type: 'button', class: 'btn quiet small', 'aria-label': `Remove the browser added ${formatDateTime(s.createdAt)}` }, 'Remove');
    const li = h('li', { class: 'sub', dataset: { id: s.id } },
      h('span', {}, 'A browser using ', h('strong', {}, where), ', added ', h('time', { datetime: s.createdAt }, formatDateTime(s.createdAt))),
      remove);
    remove.addEventListener('click', async () => {
      try {
        await api('DELETE', `/notifications/web-push/${s.id}`);
        announce('That browser no longer gets notifications.');
      } catch (err) {
        if (err.status !== 404) { li.append(h('span', { class: 'form-error', role: 'alert' }, err.message)); return; }
      }
      loadSubscriptions(section).then(() => section.querySelector('h2').focus());
      section.querySelector('h2').setAttribute('tabindex', '-1');
    });
    return li;
  })));
}

function hostOf(endpoint) {
  try { return new URL(endpoint).host; } catch { return 'a push service'; }
}

// ---- which kinds go where ----

async function loadPreferences(section) {
  let routes;
  try {
    routes = (await api('GET', '/notifications/preferences')).body.routes || {};
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, `Could not load these settings: ${err.message}`));
    return;
  }
  const boxes = {};
  const sets = KINDS.map(([kind, label]) => h('fieldset', { class: 'route' }, h('legend', {}, label),
    ...CHANNELS.map(([channel, channelLabel]) => {
      const id = uid(`${kind}-${channel}`);
      const box = h('input', { type: 'checkbox', id, dataset: { kind, channel } });
      box.checked = (routes[kind] || []).includes(channel);
      boxes[`${kind}/${channel}`] = box;
      return h('span', { class: 'field check inline-check' }, box, h('label', { for: id }, channelLabel));
    })));
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'btn' }, 'Save');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'routes-h' },
    h('p', { class: 'muted small' }, 'Untick both for a kind and it stays quiet.'), ...sets, error, h('div', { class: 'actions left' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    // Channels this screen does not offer (phones, the weekly letter by e-mail) keep their routes as they were.
    const shown = CHANNELS.map(([c]) => c);
    const body = { routes: Object.fromEntries(KINDS.map(([kind]) => [kind, [...shown.filter((c) => boxes[`${kind}/${c}`].checked),
      ...(routes[kind] || []).filter((c) => !shown.includes(c))]])) };
    save.disabled = true;
    try {
      await api('PUT', '/notifications/preferences', { body });
      announce('Saved.');
    } catch (err) {
      error.textContent = [err.problem?.title, ...Object.entries(err.fields || {}).map(([f, m]) => `${f}: ${m}`)].filter(Boolean).join(' — ') || err.message;
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  section.append(form);
}

// ---- test ----

const OUTCOME = { SENT: 'sent', FAILED: 'could not be sent', PRUNED: 'was removed: its push service no longer knows it', DROPPED: 'was not sent' };

function renderTest(section) {
  const results = h('div', { class: 'test-results', role: 'status' });
  const send = h('button', { type: 'button', class: 'btn' }, 'Send a test');
  send.addEventListener('click', async () => {
    send.disabled = true;
    put(results, h('p', { class: 'muted' }, 'Sending…'));
    try {
      const r = (await api('POST', '/notifications/test')).body.results || [];
      if (!r.length) put(results, h('p', {}, 'Nothing is turned on yet, so there was nowhere to send it.'));
      else put(results, h('ul', { class: 'plain' }, ...r.map((x) => h('li', { dataset: { channel: x.channel, outcome: x.outcome } },
        x.channel === 'STREAM' ? 'To this open page: ' : 'To a browser: ', OUTCOME[x.outcome] || x.outcome.toLowerCase(),
        x.detail && x.outcome !== 'SENT' ? ` (${x.detail})` : ''))));
    } catch (err) {
      put(results, h('p', { class: 'form-error' }, err.message));
    } finally {
      send.disabled = false;
    }
  });
  section.append(h('p', { class: 'muted' }, 'Sends “this is how your reminders will look” everywhere that is turned on.'),
    h('div', { class: 'actions left' }, send), results);
}

// ---- live ----

function renderLive(section) {
  const state = h('p', { class: 'live-state' });
  const list = h('ul', { class: 'live-list plain', 'aria-label': 'Arrived while this page was open' });
  section.append(state, list);
  const item = (ev) => h('li', { dataset: { kind: ev.kind, via: ev.via } },
    h('time', { datetime: ev.at.toISOString() }, ev.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })), ' ',
    ev.kind === 'test' ? 'Test: ' : 'Reminder: ', ev.body || '', ev.via === 'push' ? ' (notification)' : '');
  for (const ev of liveEvents()) list.append(item(ev));
  const showState = (s) => { state.textContent = STATE_TEXT[s] || ''; state.dataset.state = s; };
  showState(liveState());
  startLive();
  return onLive((ev, s) => {
    if (ev) list.prepend(item(ev));
    showState(s);
  });
}
