// Tiny DOM helpers. Text always goes in as text nodes, never as HTML: what a person wrote cannot run.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Like replaceChildren, but skips null/false (native replaceChildren would print "null"). */
export function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let idCounter = 0;
export const uid = (prefix) => `${prefix}-${++idCounter}`;

export function announce(text) {
  const live = document.getElementById('announce');
  live.textContent = '';
  // A fresh node makes screen readers speak the same message twice in a row too.
  setTimeout(() => { live.textContent = text; }, 30);
}

/**
 * Shows a screen in <main> and returns its own container: a screen still loading when the person has
 * moved on writes into its detached container, never over the next screen.
 */
export function screen(title, ...children) {
  const main = document.getElementById('main');
  const section = h('div', { class: 'screen' }, h('h1', { id: 'screen-title' }, title), ...children);
  main.replaceChildren(section);
  document.title = `${title} · Openly`;
  return section;
}

export function focusMain() {
  const heading = document.getElementById('screen-title');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

/** A modal <dialog>: resolves true when the person confirms. Escape or "Keep" resolves false. */
export function confirmDialog({ title, body, confirm, cancel = 'Keep it', danger = false, extra }) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const confirmBtn = h('button', { type: 'submit', value: 'yes', class: danger ? 'btn danger' : 'btn' }, confirm);
    const dialog = h('dialog', { 'aria-labelledby': titleId, class: 'dialog' },
      h('form', { method: 'dialog' },
        h('h2', { id: titleId }, title),
        ...[].concat(body).map((p) => (p instanceof Node ? p : h('p', {}, p))),
        extra || null,
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'no', class: 'btn quiet', autofocus: true }, cancel),
          confirmBtn)));
    if (extra && extra.querySelector('input[type=checkbox]')) {
      const box = extra.querySelector('input[type=checkbox]');
      confirmBtn.disabled = true;
      box.addEventListener('change', () => { confirmBtn.disabled = !box.checked; });
    }
    dialog.addEventListener('close', () => {
      const yes = dialog.returnValue === 'yes';
      dialog.remove();
      resolve(yes);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function formatDateTime(iso, timeZone) {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone })
    .format(d);
}

export function formatDate(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}
