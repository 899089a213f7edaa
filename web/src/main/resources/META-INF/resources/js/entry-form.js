// The short form of one practice, for a new entry or an edit. Problems from the API are shown next to
// the field they name (RFC 9457 "errors"); the first one gets focus.
import { h, uid } from './dom.js';
import { FEELINGS, feelingLabel } from './practices.js';

export function entryForm(practice, { values = {}, submitLabel, onSubmit, onCancel }) {
  const inputs = {};
  const errors = {};
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn' }, submitLabel);
  const fields = practice.fields.map((f) => field(f, values[f.name], inputs, errors));
  const form = h('form', { class: 'entry-form', novalidate: true, 'aria-label': practice.name },
    ...fields,
    formError,
    h('div', { class: 'actions' },
      onCancel ? h('button', { type: 'button', class: 'btn quiet', onclick: onCancel }, 'Cancel') : null,
      submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(read());
    } catch (err) {
      showErrors(err);
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });

  function read() {
    const body = {};
    for (const f of practice.fields) {
      const el = inputs[f.name];
      let v;
      if (f.type === 'checkbox') v = el.checked;
      else if (f.type === 'radio') v = (el.querySelector('input:checked') || {}).value;
      else if (f.type === 'range' || f.type === 'number' || f.type === 'counter') v = el.value === '' ? undefined : Number(el.value);
      else v = el.value.trim() === '' ? undefined : el.value;
      if (v !== undefined) body[f.name] = v;
    }
    return body;
  }

  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    for (const [name, el] of Object.entries(errors)) {
      el.textContent = '';
      el.hidden = true;
      const input = inputs[name];
      (input.matches('fieldset') ? input : input).removeAttribute('aria-invalid');
    }
  }

  function showErrors(err) {
    let first = null;
    const unplaced = [];
    for (const [name, message] of Object.entries(err.fields || {})) {
      if (errors[name]) {
        errors[name].textContent = message.charAt(0).toUpperCase() + message.slice(1);
        errors[name].hidden = false;
        inputs[name].setAttribute('aria-invalid', 'true');
        first = first || inputs[name];
      } else {
        unplaced.push(`${name}: ${message}`);
      }
    }
    if (!first || unplaced.length) {
      formError.textContent = [err.problem?.title || err.message, ...unplaced].filter(Boolean).join(' — ');
      formError.hidden = false;
    }
    const target = first && first.matches('fieldset') ? first.querySelector('input') : first;
    (target || formError).focus?.();
    if (!target) formError.setAttribute('tabindex', '-1'), formError.focus();
  }

  return { form, showErrors, read };
}

function field(f, value, inputs, errors) {
  const id = uid(f.name);
  const errId = `${id}-error`;
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  errors[f.name] = error;
  const initial = value !== undefined && value !== null ? value : f.initial;
  const common = { id, name: f.name, 'aria-describedby': errId };
  let control;
  switch (f.type) {
    case 'textarea':
      control = h('textarea', { ...common, rows: f.rows || 3, maxlength: f.max });
      control.value = initial ?? '';
      inputs[f.name] = control;
      return h('div', { class: 'field' }, h('label', { for: id }, f.label), control, error);
    case 'text':
      control = h('input', { ...common, type: 'text', maxlength: f.max, autocomplete: 'off' });
      control.value = initial ?? '';
      inputs[f.name] = control;
      return h('div', { class: 'field' }, h('label', { for: id }, f.label), control, error);
    case 'number':
      control = h('input', { ...common, type: 'number', min: f.min, max: f.max, inputmode: 'numeric' });
      control.value = initial ?? '';
      inputs[f.name] = control;
      return h('div', { class: 'field' }, h('label', { for: id }, f.label), control, error);
    case 'checkbox':
      control = h('input', { ...common, type: 'checkbox' });
      control.checked = Boolean(initial);
      inputs[f.name] = control;
      return h('div', { class: 'field check' }, control, h('label', { for: id }, f.label), error);
    case 'select': {
      control = h('select', common,
        h('option', { value: '' }, '—'),
        ...f.options.map((o) => h('option', { value: o }, feelingLabel(o))));
      control.value = initial ?? '';
      inputs[f.name] = control;
      return h('div', { class: 'field' }, h('label', { for: id }, f.label), control, error);
    }
    case 'radio': {
      const set = h('fieldset', { class: 'field radios', id, 'aria-describedby': errId },
        h('legend', {}, f.label),
        ...f.options.map(([v, label]) => {
          const rid = uid(`${f.name}-${v}`);
          const input = h('input', { type: 'radio', id: rid, name: `${id}-${f.name}`, value: v });
          input.checked = v === initial;
          return h('span', { class: 'radio' }, input, h('label', { for: rid }, label));
        }), error);
      inputs[f.name] = set;
      return set;
    }
    case 'range': {
      const out = h('output', { for: id, class: 'range-value' }, String(initial));
      control = h('input', { ...common, type: 'range', min: f.min, max: f.max, step: 1,
        'aria-valuetext': `${initial} of ${f.max}` });
      control.value = initial;
      control.addEventListener('input', () => {
        out.textContent = control.value;
        control.setAttribute('aria-valuetext', `${control.value} of ${f.max}`);
      });
      inputs[f.name] = control;
      return h('div', { class: 'field range' },
        h('div', { class: 'range-head' }, h('label', { for: id }, f.label), out),
        control,
        h('div', { class: 'range-ends', 'aria-hidden': 'true' }, h('span', {}, `${f.min} · ${f.low}`), h('span', {}, `${f.high} · ${f.max}`)),
        error);
    }
    case 'counter': {
      // A breath counter: one press per slow breath, or type the number.
      control = h('input', { ...common, type: 'number', min: 0, max: f.max, inputmode: 'numeric', class: 'counter-value' });
      control.value = initial ?? 0;
      const minus = h('button', { type: 'button', class: 'btn quiet round', 'aria-label': 'One breath fewer',
        onclick: () => { control.value = Math.max(0, Number(control.value || 0) - 1); } }, '−');
      const plus = h('button', { type: 'button', class: 'btn breath',
        onclick: () => {
          control.value = Math.min(f.max, Number(control.value || 0) + 1);
          plus.classList.remove('pulse');
          void plus.offsetWidth;
          plus.classList.add('pulse');
        } }, '+1 breath');
      inputs[f.name] = control;
      return h('div', { class: 'field counter' },
        h('label', { for: id }, f.label),
        h('div', { class: 'counter-row' }, minus, control, plus),
        error);
    }
    default:
      throw new Error(`unknown field type ${f.type}`);
  }
}

/** occurredAt with this device's offset, e.g. 2026-12-01T21:40:00+01:00, and its IANA zone. */
export function nowLocal() {
  const d = new Date();
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const iso = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
    + `${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
  return { occurredAt: iso, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
}

export { FEELINGS };
