import { api } from '../api.js';
import { h, screen, announce } from '../dom.js';
import { PRACTICES } from '../practices.js';
import { entryForm, nowLocal } from '../entry-form.js';

export async function today() {
  const { timeZone } = nowLocal();
  const list = h('ul', { class: 'cards', role: 'list' });
  screen('Today',
    h('p', { class: 'lede' }, 'Five small practices. One is plenty — pick whichever feels right.'),
    list);
  for (const p of PRACTICES) list.append(card(p, timeZone));
}

function card(practice, timeZone) {
  const promptText = h('p', { class: 'prompt' }, practice.invite);
  const slot = h('div', { class: 'card-form', id: `form-${practice.id}`, hidden: true });
  const done = h('p', { class: 'done', hidden: true });
  const headingId = `card-${practice.id}`;
  const open = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false', 'aria-controls': slot.id,
    'aria-describedby': headingId }, 'Write');
  const li = h('li', { class: 'card', dataset: { practice: practice.id } },
    h('h2', { id: headingId }, practice.name),
    promptText,
    done,
    open,
    slot);

  api('GET', `/prompts/today?practice=${practice.id}&timeZone=${encodeURIComponent(timeZone)}`)
    .then(({ body }) => { if (body && body.prompt) promptText.textContent = body.prompt; })
    .catch(() => { /* the invitation stays: a prompt is a nicety */ });

  open.addEventListener('click', () => {
    const expanded = open.getAttribute('aria-expanded') === 'true';
    if (expanded) return close();
    const { form } = entryForm(practice, {
      submitLabel: 'Save',
      onCancel: close,
      onSubmit: async (fields) => {
        await api('POST', '/entries', {
          body: { practice: practice.id, ...nowLocal(), ...fields },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        });
        close();
        done.hidden = false;
        done.textContent = 'Saved for today. Thank you for showing up.';
        announce(`${practice.name}: saved. Thank you for showing up.`);
        open.focus();
      },
    });
    slot.replaceChildren(form);
    slot.hidden = false;
    open.setAttribute('aria-expanded', 'true');
    open.textContent = 'Close';
    form.querySelector('input, textarea, select, button')?.focus();
  });

  function close() {
    slot.hidden = true;
    slot.replaceChildren();
    open.setAttribute('aria-expanded', 'false');
    open.textContent = 'Write';
    open.focus();
  }
  return li;
}
