import { api } from '../api.js';
import { h, screen, announce, formatDateTime, uid } from '../dom.js';
import { PRACTICES, practiceById } from '../practices.js';

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const dayLabel = (d) => d.charAt(0) + d.slice(1).toLowerCase();
const hhmm = (t) => (t || '').slice(0, 5);

export async function reminders() {
  const upcoming = h('section', { 'aria-labelledby': 'upcoming-h' }, h('h2', { id: 'upcoming-h' }, 'Coming up'));
  const prefsSection = h('section', { 'aria-labelledby': 'prefs-h' }, h('h2', { id: 'prefs-h' }, 'Your preferences'));
  screen('Reminders', h('p', { class: 'lede' }, 'Gentle nudges, only when and as often as you like.'), upcoming, prefsSection);

  const [next, prefs] = await Promise.all([
    api('GET', '/reminders/next').catch((e) => ({ error: e })),
    api('GET', '/reminders/preferences').catch((e) => ({ error: e })),
  ]);
  renderUpcoming(upcoming, next);
  if (prefs.error) prefsSection.append(h('p', {}, `Could not load your preferences: ${prefs.error.message}`));
  else prefsSection.append(preferencesForm(prefs.body, upcoming));
}

function renderUpcoming(section, next) {
  section.querySelectorAll(':scope > :not(h2)').forEach((n) => n.remove());
  if (next.error) { section.append(h('p', {}, `Could not load upcoming reminders: ${next.error.message}`)); return; }
  const items = next.body.reminders || [];
  if (items.length === 0) { section.append(h('p', { class: 'muted' }, 'No reminders planned right now.')); return; }
  section.append(h('ul', { class: 'reminders', role: 'list' }, ...items.map((r) => h('li', { class: 'reminder' },
    h('p', { class: 'entry-meta' }, h('span', { class: `tag tag-${r.practice}` }, practiceById(r.practice)?.short || r.practice), ' ',
      h('time', { datetime: r.at }, formatDateTime(r.at, r.timeZone))),
    r.message ? h('p', {}, r.message) : null,
    r.reason ? h('p', { class: 'muted small' }, h('span', { class: 'visually-hidden' }, 'Why now: '), r.reason) : null))));
}

function preferencesForm(p, upcomingSection) {
  const inputs = { windows: {}, days: {} };
  const errorBox = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const timeField = (label, value, extra = {}) => {
    const id = uid('time');
    const input = h('input', { type: 'time', id, ...extra });
    input.value = hhmm(value);
    return [h('label', { for: id }, label), input];
  };

  const windowRows = PRACTICES.map((practice) => {
    const w = p.practices?.[practice.id];
    const on = h('input', { type: 'checkbox', id: uid('remind'), 'aria-describedby': undefined });
    on.checked = Boolean(w);
    const [startLabel, start] = timeField('From', w?.start || '20:00');
    const [endLabel, end] = timeField('until', w?.end || '21:00');
    const times = h('div', { class: 'times' }, startLabel, start, endLabel, end);
    times.hidden = !on.checked;
    on.addEventListener('change', () => { times.hidden = !on.checked; });
    inputs.windows[practice.id] = { on, start, end };
    return h('fieldset', { class: 'window' }, h('legend', {}, practice.name),
      h('div', { class: 'field check' }, on, h('label', { for: on.id }, 'Remind me')), times);
  });

  const dayBoxes = DAYS.map((d) => {
    const id = uid('day');
    const box = h('input', { type: 'checkbox', id, value: d });
    box.checked = (p.days || []).includes(d);
    inputs.days[d] = box;
    return h('span', { class: 'day' }, box, h('label', { for: id }, dayLabel(d).slice(0, 3), h('span', { class: 'visually-hidden' }, dayLabel(d).slice(3))));
  });

  const quietOn = h('input', { type: 'checkbox', id: uid('quiet') });
  quietOn.checked = Boolean(p.quietHours);
  const [qsl, quietStart] = timeField('From', p.quietHours?.start || '22:30');
  const [qel, quietEnd] = timeField('until', p.quietHours?.end || '07:30');
  const quietTimes = h('div', { class: 'times' }, qsl, quietStart, qel, quietEnd);
  quietTimes.hidden = !quietOn.checked;
  quietOn.addEventListener('change', () => { quietTimes.hidden = !quietOn.checked; });

  const capId = uid('cap');
  const cap = h('input', { type: 'number', id: capId, min: 0, max: 10, inputmode: 'numeric', 'aria-describedby': `${capId}-err` });
  cap.value = p.dailyCap ?? 2;
  const capErr = h('p', { class: 'field-error', id: `${capId}-err`, hidden: true });

  const pauseId = uid('pause');
  const pause = h('input', { type: 'date', id: pauseId, 'aria-describedby': `${pauseId}-hint ${pauseId}-err` });
  pause.value = p.pausedUntil || '';
  const pauseErr = h('p', { class: 'field-error', id: `${pauseId}-err`, hidden: true });
  const resume = h('button', { type: 'button', class: 'btn quiet small', onclick: () => { pause.value = ''; } }, 'No pause');

  const zoneId = uid('zone');
  const zone = h('input', { type: 'text', id: zoneId, autocomplete: 'off', 'aria-describedby': `${zoneId}-err` });
  zone.value = p.timeZone;
  const zoneErr = h('p', { class: 'field-error', id: `${zoneId}-err`, hidden: true });
  const follow = h('input', { type: 'checkbox', id: uid('follow') });
  follow.checked = Boolean(p.followEntryTimeZone);

  const save = h('button', { type: 'submit', class: 'btn' }, 'Save preferences');
  const form = h('form', { class: 'prefs', novalidate: true, 'aria-labelledby': 'prefs-h' },
    h('p', { class: 'pause-state', role: 'status' }, p.pausedUntil ? `Reminders are paused until ${p.pausedUntil}.` : ''),
    ...windowRows,
    h('fieldset', { class: 'days' }, h('legend', {}, 'On these days'), h('div', { class: 'day-row' }, ...dayBoxes)),
    h('fieldset', {}, h('legend', {}, 'Quiet hours'),
      h('div', { class: 'field check' }, quietOn, h('label', { for: quietOn.id }, 'Keep some hours quiet')), quietTimes),
    h('div', { class: 'field' }, h('label', { for: capId }, 'At most this many reminders a day'), cap, capErr),
    h('div', { class: 'field' }, h('label', { for: pauseId }, 'Pause all reminders until'),
      h('p', { class: 'muted small', id: `${pauseId}-hint` }, 'Including that day. Leave empty for no pause.'),
      h('div', { class: 'inline' }, pause, resume), pauseErr),
    h('div', { class: 'field' }, h('label', { for: zoneId }, 'Time zone'), zone, zoneErr),
    h('div', { class: 'field check' }, follow, h('label', { for: follow.id }, 'Follow the time zone of my newest entry (when travelling)')),
    errorBox,
    h('div', { class: 'actions' }, save));

  const fieldErrors = { dailyCap: [cap, capErr], pausedUntil: [pause, pauseErr], timeZone: [zone, zoneErr] };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errorBox.hidden = true;
    for (const [input, err] of Object.values(fieldErrors)) { err.hidden = true; input.removeAttribute('aria-invalid'); }
    const practices = {};
    for (const [id, w] of Object.entries(inputs.windows)) {
      if (w.on.checked) practices[id] = { start: w.start.value, end: w.end.value };
    }
    const body = {
      timeZone: zone.value.trim(),
      followEntryTimeZone: follow.checked,
      practices,
      days: DAYS.filter((d) => inputs.days[d].checked),
      quietHours: quietOn.checked ? { start: quietStart.value, end: quietEnd.value } : null,
      dailyCap: cap.value === '' ? null : Number(cap.value),
      pausedUntil: pause.value || null,
    };
    save.disabled = true;
    try {
      const saved = await api('PUT', '/reminders/preferences', { body });
      form.querySelector('.pause-state').textContent = saved.body.pausedUntil ? `Reminders are paused until ${saved.body.pausedUntil}.` : '';
      announce('Your reminder preferences are saved.');
      renderUpcoming(upcomingSection, await api('GET', '/reminders/next').catch((e) => ({ error: e })));
    } catch (err) {
      let focused = false;
      const other = [];
      for (const [field, message] of Object.entries(err.fields)) {
        const match = fieldErrors[field];
        if (match) {
          match[1].textContent = message.charAt(0).toUpperCase() + message.slice(1);
          match[1].hidden = false;
          match[0].setAttribute('aria-invalid', 'true');
          if (!focused) { match[0].focus(); focused = true; }
        } else other.push(`${field.replace(/^practices\./, '')}: ${message}`);
      }
      if (other.length || !focused) {
        errorBox.textContent = [err.problem.title || err.message, ...other].join(' — ');
        errorBox.hidden = false;
        if (!focused) { errorBox.setAttribute('tabindex', '-1'); errorBox.focus(); }
      }
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
