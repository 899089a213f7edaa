// Openly's service worker: shows a Web Push message as a notification and opens the app when it is chosen.
// It caches nothing and handles no fetches: the app always talks to the server. Served from this origin
// under the same strict Content-Security-Policy as every script (script-src 'self').
'use strict';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Openly';
  const body = typeof data.body === 'string' && data.body ? data.body : 'A gentle moment for your practice, whenever you are ready.';
  const url = linkIntoApp(data);
  event.waitUntil((async () => {
    // An open page shows it too (calmly, in the page), and it tells the page the push arrived.
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const w of windows) w.postMessage({ type: 'openly:push', kind: data.kind || 'reminder', title, body, url, reminderId: data.reminderId });
    await self.registration.showNotification(title, {
      body,
      tag: data.reminderId || `openly-${data.kind || 'reminder'}`,
      icon: '/favicon.svg',
      data: { url, kind: data.kind || 'reminder' },
    });
  })());
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || new URL('/#/notifications', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
    if (open) {
      open.postMessage({ type: 'openly:open', url });
      return open.focus();
    }
    return self.clients.openWindow(url);
  })());
});

/** Only ever a link into this app: a push names a place, but a notification must never lead elsewhere. */
function linkIntoApp(data) {
  const reminder = typeof data.reminderId === 'string' && /^[0-9a-f-]{36}$/i.test(data.reminderId) ? data.reminderId : null;
  try {
    const u = new URL(data.url, self.location.origin);
    if (u.origin === self.location.origin && u.hash.startsWith('#/')) return u.href;
  } catch {
    // not a URL: the default below
  }
  return new URL(`/#/notifications${reminder ? `?reminder=${reminder}` : ''}`, self.location.origin).href;
}
