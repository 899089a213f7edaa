// While a page of Openly is open: reminders arrive live over the stream (Server-Sent Events), and pushes the
// service worker received are shown in the page too. A small, dismissible note; never a sound, never a modal.
import { api } from './api.js';
import { h } from './dom.js';

const received = [];
const listeners = new Set();
let source = null;
let retry = null;
let backoff = 2000;
let state = 'off';
let wanted = false;
let starting = false;

/** The events seen while this page is open, newest first; fn is called on each new one and on state changes. */
export function onLive(fn) { listeners.add(fn); return () => listeners.delete(fn); }
export const liveEvents = () => received.slice();
export const liveState = () => state;

function setState(s) { state = s; for (const fn of listeners) fn(null, s); }

/** Opens the stream with a fresh single-use ticket (EventSource cannot send a token; the ticket stands in). */
export async function startLive() {
  wanted = true;
  // One stream per page, however many screens ask for it (asking for a ticket takes a moment).
  if (source || retry || starting) return;
  starting = true;
  setState('connecting');
  let ticket;
  try {
    ticket = (await api('POST', '/notifications/stream-tickets')).body.ticket;
  } catch (err) {
    starting = false;
    if (err.status === 401) { stopLive(); return; }
    scheduleRetry();
    return;
  }
  starting = false;
  if (!wanted) return;
  source = new EventSource(`/api/v1/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
  source.addEventListener('open', () => { backoff = 2000; setState('open'); });
  for (const name of ['reminder', 'test']) {
    source.addEventListener(name, (ev) => {
      let data = {};
      try { data = JSON.parse(ev.data); } catch { return; }
      show({ ...data, kind: data.kind || name, via: 'stream' });
    });
  }
  // A ticket opens the stream once: EventSource's own reconnect would reuse it, so close and ask anew.
  source.addEventListener('error', () => {
    source?.close();
    source = null;
    if (wanted) scheduleRetry();
  });
}

function scheduleRetry() {
  setState('reconnecting');
  retry = setTimeout(() => { retry = null; startLive(); }, backoff);
  backoff = Math.min(backoff * 2, 60000);
}

export function stopLive() {
  wanted = false;
  source?.close();
  source = null;
  if (retry) clearTimeout(retry);
  retry = null;
  setState('off');
}

// Pushes the service worker received, and "open this" from a chosen notification.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (ev) => {
    const m = ev.data || {};
    if (m.type === 'openly:push') show({ kind: m.kind, title: m.title, body: m.body, url: m.url, reminderId: m.reminderId, via: 'push' });
    if (m.type === 'openly:open' && typeof m.url === 'string') {
      const u = new URL(m.url, location.origin);
      if (u.origin === location.origin) location.hash = u.hash || '#/today';
    }
  });
}

function show(ev) {
  const item = { ...ev, at: new Date() };
  // A reminder may come both ways (stream and push) within moments: show it once.
  if (item.reminderId && received.some((r) => r.reminderId === item.reminderId && r.via !== item.via && item.at - r.at < 15000)) return;
  received.unshift(item);
  received.length = Math.min(received.length, 20);
  for (const fn of listeners) fn(item, state);
  toast(item);
}

function toast(item) {
  const region = document.getElementById('live-notes');
  if (!region) return;
  const note = h('div', { class: 'live-note', dataset: { kind: item.kind || 'reminder' } },
    h('p', { class: 'live-title' }, item.kind === 'test' ? 'A test from Openly' : 'A gentle reminder'),
    h('p', { class: 'live-body' }, item.body || ''),
    h('button', { type: 'button', class: 'btn quiet small', onclick: () => note.remove() }, 'Dismiss'));
  region.prepend(note);
  while (region.children.length > 3) region.lastElementChild.remove();
}
