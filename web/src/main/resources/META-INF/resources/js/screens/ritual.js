// The nightly ritual with a partner: pair by code or link, tonight (yours, and where your partner is), the
// nights before, and ending the partnership. The partner appears only by the name they chose.
import { api } from '../api.js';
import { h, put, screen, announce, confirmDialog, formatDate, formatDateTime, uid } from '../dom.js';
import { practiceById } from '../practices.js';
import { entryForm, nowLocal } from '../entry-form.js';

const KIND = { GRATITUDE: 'A gratitude', UNSAID_TRUTH: 'A truth not said before' };

/** #/ritual, and #/ritual/accept/CODE (the link form of an invitation). */
export async function ritual(params, session, rest = []) {
  const codeFromLink = rest[0] === 'accept' && rest[1] ? decodeURIComponent(rest[1]) : null;
  const body = h('div', { class: 'ritual-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const root = screen('Ritual', h('p', { class: 'lede' },
    'A few words each night with one person you trust: a gratitude, or a truth you haven’t said yet.'), body);

  let partner = null;
  try {
    partner = (await api('GET', '/rituals/partner')).body;
  } catch (err) {
    if (err.status !== 404) { put(body, h('p', { class: 'form-error', role: 'alert' }, `Could not load your ritual: ${err.message}`)); return; }
  }
  if (!root.isConnected) return;
  if (partner) renderPaired(body, partner, codeFromLink);
  else renderUnpaired(body, codeFromLink);
}

/** What the partner sees, and when: said plainly, on every ritual screen. */
function privacy(partnerName) {
  const them = partnerName || 'your partner';
  return h('section', { class: 'panel privacy', 'aria-labelledby': 'privacy-h' },
    h('h2', { id: 'privacy-h' }, 'What is shared, and when'),
    h('ul', {},
      h('li', {}, `Only ritual entries you mark “Share with ${them}” are shared. Nothing else you write is.`),
      h('li', {}, `${cap(them)} reads your shared words only once you have both shared for the same night. Until then, they see only that you have written something.`),
      h('li', {}, 'You each see the name the other chose, never an account name or e-mail address.'),
      h('li', {}, 'Either of you can end the partnership at any time. From then on, neither sees the other’s words; you each keep your own entries.'),
      h('li', {}, 'Your organization never sees ritual words.')));
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---- not paired: invite, or accept a code ----

function renderUnpaired(body, codeFromLink) {
  const inviteSection = h('section', { class: 'panel', 'aria-labelledby': 'invite-h' }, h('h2', { id: 'invite-h' }, 'Invite someone'),
    h('p', { class: 'muted' }, 'You get a code and a link to send them. It pairs once, within 24 hours.'));
  const acceptSection = h('section', { class: 'panel', 'aria-labelledby': 'accept-h' },
    h('h2', { id: 'accept-h' }, codeFromLink ? 'You have been invited' : 'I have a code'),
    codeFromLink ? h('p', {}, 'Someone invited you to share a nightly ritual. Choose the name they will see, and accept.') : null);

  const invite = nameForm('Invite', async (displayName) => {
    const { body: inv } = await api('POST', '/rituals/invitations', { body: { displayName } });
    showInvitation(inviteSection, inv);
  });
  inviteSection.append(invite.form);

  const codeId = uid('code');
  const code = h('input', { type: 'text', id: codeId, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    'aria-describedby': `${codeId}-hint ${codeId}-err`, class: 'code-input' });
  code.value = codeFromLink || '';
  const codeErr = h('p', { class: 'field-error', id: `${codeId}-err`, hidden: true });
  const accept = nameForm('Accept', async (displayName) => {
    const { body: partner } = await api('POST', `/rituals/invitations/${encodeURIComponent(code.value.trim() || '-')}/accept`, { body: { displayName } });
    announce(`You and ${partner.displayName} are ritual partners now.`);
    if (location.hash.startsWith('#/ritual/accept')) window.history.replaceState(null, '', '#/ritual');
    renderPaired(body, partner, null);
    document.getElementById('screen-title')?.focus();
  }, {
    before: h('div', { class: 'field' }, h('label', { for: codeId }, 'Invitation code'),
      h('p', { class: 'muted small', id: `${codeId}-hint` }, '8 characters, like ABCD-EFGH. Case and dashes don’t matter.'), code, codeErr),
    fields: { code: [code, codeErr] },
  });
  acceptSection.append(accept.form);

  put(body, ...(codeFromLink ? [acceptSection, privacy(null), inviteSection] : [privacy(null), inviteSection, acceptSection]));
  if (codeFromLink) accept.name.focus();
}

/** A small form with "the name your partner will see"; problems go next to the field they name. */
function nameForm(submitLabel, onSubmit, { before = null, fields = {} } = {}) {
  const id = uid('name');
  const name = h('input', { type: 'text', id, maxlength: 40, autocomplete: 'nickname', 'aria-describedby': `${id}-hint ${id}-err` });
  const nameErr = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn' }, submitLabel);
  const all = { displayName: [name, nameErr], ...fields };
  const form = h('form', { novalidate: true, class: 'name-form' }, before,
    h('div', { class: 'field' }, h('label', { for: id }, 'The name your partner will see'),
      h('p', { class: 'muted small', id: `${id}-hint` }, 'A first name or nickname is plenty.'), name, nameErr),
    formError, h('div', { class: 'actions left' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    formError.hidden = true;
    for (const [input, err] of Object.values(all)) { err.hidden = true; input.removeAttribute('aria-invalid'); }
    submit.disabled = true;
    try {
      await onSubmit(name.value.trim());
    } catch (err) {
      let focused = false;
      for (const [field, message] of Object.entries(err.fields || {})) {
        const match = all[field];
        if (!match) continue;
        match[1].textContent = `${err.problem.title && field === 'code' ? `${err.problem.title}: ` : ''}${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
        match[1].hidden = false;
        match[0].setAttribute('aria-invalid', 'true');
        if (!focused) { match[0].focus(); focused = true; }
      }
      if (!focused) {
        formError.textContent = [err.problem?.title, err.problem?.detail].filter(Boolean).join(' — ') || err.message;
        formError.hidden = false;
        formError.setAttribute('tabindex', '-1');
        formError.focus();
      } else if (err.problem?.detail) {
        formError.textContent = err.problem.detail;
        formError.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });
  return { form, name };
}

function showInvitation(section, inv) {
  // The link opens this app, wherever it is served; the code alone works too.
  const link = `${location.origin}/#/ritual/accept/${encodeURIComponent(inv.code)}`;
  const linkId = uid('link');
  const linkField = h('input', { type: 'text', id: linkId, readonly: true, class: 'link-field' });
  linkField.value = link;
  const copied = h('span', { class: 'muted small', role: 'status' });
  const copy = h('button', { type: 'button', class: 'btn quiet small', onclick: async () => {
    try { await navigator.clipboard.writeText(link); copied.textContent = 'Copied.'; } catch { linkField.select(); copied.textContent = 'Selected — copy it with your keyboard.'; }
  } }, 'Copy link');
  const box = h('div', { class: 'invitation', role: 'region', 'aria-label': 'Your invitation' },
    h('p', {}, 'Send this code or link to the person you trust. They can use it until ',
      h('time', { datetime: inv.expiresAt }, formatDateTime(inv.expiresAt)), '.'),
    h('p', { class: 'code' }, h('span', { class: 'visually-hidden' }, 'Code: '), inv.code),
    h('div', { class: 'field' }, h('label', { for: linkId }, 'Link'), h('div', { class: 'inline' }, linkField, copy, copied)),
    h('p', { class: 'muted small' }, 'This code is shown only now. Once they accept, this screen shows your ritual together.'));
  section.querySelector('.invitation')?.remove();
  section.append(box);
  announce(`Your invitation code is ${inv.code}.`);
}

// ---- paired: tonight, the nights before, ending ----

function renderPaired(body, partner, codeFromLink) {
  const name = partner.displayName;
  const tonight = h('section', { class: 'panel', 'aria-labelledby': 'tonight-h' }, h('h2', { id: 'tonight-h' }, 'Tonight'));
  const past = h('section', { 'aria-labelledby': 'past-h' }, h('h2', { id: 'past-h' }, 'Nights before'));
  const end = h('button', { type: 'button', class: 'btn quiet' }, 'End the partnership…');
  end.addEventListener('click', async () => {
    const yes = await confirmDialog({
      title: `End your ritual with ${name}?`,
      body: [`From now on, neither of you sees the other’s ritual words, including past nights. You each keep your own entries.`,
        `${name} learns only that the partnership has ended, nothing else.`],
      confirm: 'End the partnership', cancel: 'Keep it',
    });
    if (!yes) { end.focus(); return; }
    try {
      await api('DELETE', '/rituals/partner');
      announce('The partnership has ended. Your entries are still yours.');
      renderUnpaired(body, null);
      const note = h('p', { class: 'notice', role: 'status', tabindex: '-1' }, 'The partnership has ended. Your own entries are still here, in History.');
      body.prepend(note);
      note.focus();
    } catch (err) {
      end.after(h('p', { class: 'form-error', role: 'alert' }, err.message));
    }
  });
  put(body,
    codeFromLink ? h('p', { class: 'notice', role: 'status' }, `You already share your ritual with ${name}; one partner at a time.`) : null,
    h('p', { class: 'partner' }, 'You and ', h('strong', { class: 'partner-name' }, name),
      ', since ', h('time', { datetime: partner.pairedSince }, formatDateTime(partner.pairedSince)), '.'),
    tonight, privacy(name), past, h('div', { class: 'actions left' }, end));
  loadTonight(tonight, name);
  loadHistory(past, name, null);
}

async function loadTonight(section, name) {
  const { timeZone } = nowLocal();
  section.querySelectorAll(':scope > :not(h2)').forEach((n) => n.remove());
  let night;
  try {
    night = (await api('GET', `/rituals/tonight?timeZone=${encodeURIComponent(timeZone)}`)).body;
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, `Could not load tonight: ${err.message}`));
    return;
  }
  const sharedMine = night.mine.filter((e) => e.shareWithPartner);
  section.append(
    h('p', { class: 'muted small' }, formatDate(night.night)),
    h('h3', { class: 'small-heading' }, 'Yours'),
    night.mine.length ? entryList(night.mine, name) : h('p', { class: 'muted' }, 'Nothing yet tonight.'),
    h('h3', { class: 'small-heading' }, name),
    partnerPart(night.partner, name, sharedMine.length > 0));
  const open = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false' }, night.mine.length ? 'Write another' : 'Write tonight’s ritual');
  const slot = h('div', { class: 'card-form', hidden: true });
  open.addEventListener('click', () => {
    if (open.getAttribute('aria-expanded') === 'true') { close(); return; }
    const practice = practiceById('RITUAL_OF_OPENNESS');
    const withShare = { ...practice, fields: [...practice.fields,
      { name: 'shareWithPartner', label: `Share with ${name}`, type: 'checkbox', initial: true }] };
    const { form } = entryForm(withShare, {
      submitLabel: 'Save',
      onCancel: close,
      onSubmit: async (fields) => {
        await api('POST', '/entries', {
          body: { practice: 'RITUAL_OF_OPENNESS', ...nowLocal(), ...fields },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        });
        announce(fields.shareWithPartner ? `Saved and shared with ${name}.` : 'Saved, just for you.');
        await loadTonight(section, name);
        section.querySelector('h2')?.setAttribute('tabindex', '-1');
        section.querySelector('h2')?.focus();
      },
    });
    slot.replaceChildren(form);
    slot.hidden = false;
    open.setAttribute('aria-expanded', 'true');
    form.querySelector('input, textarea')?.focus();
  });
  function close() { slot.hidden = true; slot.replaceChildren(); open.setAttribute('aria-expanded', 'false'); open.focus(); }
  section.append(h('div', { class: 'actions left' }, open), slot);
}

function partnerPart(partner, name, iShared) {
  switch (partner.state) {
    case 'REVEALED':
      return h('div', { class: 'partner-night', dataset: { state: 'revealed' } }, partnerList(partner.entries || []));
    case 'WRITTEN':
      return h('p', { class: 'partner-night', dataset: { state: 'written' } }, iShared
        ? `${name} has written something for tonight.`
        : `${name} has shared something for tonight. You will read it once you share yours too.`);
    default:
      return h('p', { class: 'partner-night', dataset: { state: 'nothing' } }, iShared
        ? `Yours is waiting. ${name} will read it once they share theirs too — there is no hurry.`
        : `${name} hasn’t shared anything tonight yet.`);
  }
}

function entryList(entries, name) {
  return h('ul', { class: 'entries', role: 'list' }, ...entries.map((e) => h('li', { class: 'entry' },
    h('p', { class: 'entry-meta' }, KIND[e.kind] || '', ' · ', e.shareWithPartner ? `shared with ${name}` : 'just for you'),
    h('p', { class: 'entry-text' }, e.text || ''))));
}

function partnerList(entries) {
  if (!entries.length) return h('p', { class: 'muted' }, 'Nothing to read from them for this night.');
  return h('ul', { class: 'entries', role: 'list' }, ...entries.map((e) => h('li', { class: 'entry partner-entry' },
    h('p', { class: 'entry-meta' }, KIND[e.kind] || ''),
    h('p', { class: 'entry-text' }, e.text || ''))));
}

async function loadHistory(section, name, cursor) {
  section.querySelector('.more')?.remove();
  let page;
  try {
    page = (await api('GET', `/rituals/history?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, `Could not load earlier nights: ${err.message}`));
    return;
  }
  let list = section.querySelector('.nights');
  if (!list) { list = h('ol', { class: 'nights', role: 'list' }); section.append(list); }
  if (!cursor && page.items.length === 0) section.append(h('p', { class: 'muted' }, 'Your nights together will gather here.'));
  for (const n of page.items) {
    list.append(h('li', { class: 'night' },
      h('h3', { class: 'small-heading' }, h('time', { datetime: n.night }, formatDate(n.night))),
      n.mine.length ? entryList(n.mine, name) : h('p', { class: 'muted small' }, 'You wrote nothing this night — that is fine.'),
      n.partner.state === 'REVEALED' ? h('div', {}, h('p', { class: 'entry-meta' }, `${name}:`), partnerList(n.partner.entries || []))
        : n.partner.state === 'WRITTEN' ? h('p', { class: 'muted small' }, `${name} wrote something; it stays theirs unless you both shared.`) : null));
  }
  if (page.nextCursor) {
    const more = h('button', { type: 'button', class: 'btn quiet more' }, 'Show earlier nights');
    more.addEventListener('click', () => loadHistory(section, name, page.nextCursor));
    section.append(more);
  }
}
