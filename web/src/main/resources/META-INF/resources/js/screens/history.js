import { api } from '../api.js';
import { h, put, screen, announce, confirmDialog, formatDateTime } from '../dom.js';
import { PRACTICES, practiceById, summaryOf } from '../practices.js';
import { entryForm } from '../entry-form.js';

const PAGE = 10;

export async function history(params) {
  const filter = h('select', { id: 'history-filter' },
    h('option', { value: '' }, 'All practices'),
    ...PRACTICES.map((p) => h('option', { value: p.id }, p.name)));
  filter.value = params.get('practice') || '';
  const list = h('ol', { class: 'entries', 'aria-label': 'Your entries, newest first' });
  const status = h('p', { class: 'muted', role: 'status' });
  const more = h('button', { type: 'button', class: 'btn quiet', hidden: true }, 'Show older entries');
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  screen('History',
    h('div', { class: 'field inline' }, h('label', { for: 'history-filter' }, 'Show'), filter),
    list, status, more, sentinel);

  let cursor = null;
  let loading = false;
  let ended = false;

  async function loadMore() {
    if (loading || ended) return;
    loading = true;
    status.textContent = 'Loading…';
    try {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (filter.value) q.set('practice', filter.value);
      if (cursor) q.set('cursor', cursor);
      const { body } = await api('GET', `/entries?${q}`);
      for (const e of body.items) list.append(item(e));
      cursor = body.nextCursor;
      ended = !cursor;
      more.hidden = ended;
      status.textContent = list.children.length === 0 ? 'Nothing here yet. Whenever you write, it will appear here.'
        : ended ? 'That is everything.' : '';
    } catch (err) {
      status.textContent = `Could not load entries: ${err.message}`;
    } finally {
      loading = false;
    }
  }

  // Infinite scroll: the next page loads as the end comes into view; the button does the same for keyboards.
  const observer = new IntersectionObserver((seen) => { if (seen.some((s) => s.isIntersecting)) loadMore(); }, { rootMargin: '200px' });
  observer.observe(sentinel);
  more.addEventListener('click', loadMore);
  filter.addEventListener('change', () => {
    const hash = filter.value ? `#/history?practice=${filter.value}` : '#/history';
    window.history.replaceState(null, '', hash);
    list.replaceChildren();
    cursor = null;
    ended = false;
    loadMore();
  });
  await loadMore();
  return () => observer.disconnect();

  function item(entry) {
    const practice = practiceById(entry.practice);
    const body = h('div', { class: 'entry-body' });
    const li = h('li', { class: 'entry', dataset: { id: entry.id } }, body);
    render(entry);
    return li;

    function render(e) {
      const edit = h('button', { type: 'button', class: 'btn quiet small' }, 'Edit');
      const del = h('button', { type: 'button', class: 'btn quiet small' }, 'Delete');
      edit.setAttribute('aria-label', `Edit ${practice.short} of ${formatDateTime(e.occurredAt, e.timeZone)}`);
      del.setAttribute('aria-label', `Delete ${practice.short} of ${formatDateTime(e.occurredAt, e.timeZone)}`);
      put(body, 
        h('p', { class: 'entry-meta' }, h('span', { class: `tag tag-${e.practice}` }, practice.short), ' ',
          h('time', { datetime: e.occurredAt }, formatDateTime(e.occurredAt, e.timeZone))),
        h('p', { class: 'entry-text' }, summaryOf(e)),
        e.themes && e.themes.length ? h('p', { class: 'muted small' }, `Themes: ${e.themes.join(', ')}`) : null,
        h('div', { class: 'actions left' }, edit, del));
      edit.addEventListener('click', () => startEdit(e));
      del.addEventListener('click', () => remove(e, del));
    }

    async function startEdit(e) {
      // Read the entry again for its current version (ETag): the edit says which version it changes.
      let fresh;
      try {
        fresh = await api('GET', `/entries/${e.id}`);
      } catch (err) {
        announce(`Could not open this entry: ${err.message}`);
        return;
      }
      const etag = fresh.etag;
      const current = fresh.body;
      const conflict = h('div', { class: 'conflict', role: 'alert', hidden: true });
      const { form, showErrors } = entryForm(practice, {
        values: current,
        submitLabel: 'Save changes',
        onCancel: () => { render(current); body.querySelector('button')?.focus(); },
        onSubmit: async (fields) => {
          try {
            const saved = await api('PUT', `/entries/${e.id}`, {
              headers: { 'If-Match': etag },
              body: { practice: current.practice, occurredAt: current.occurredAt, timeZone: current.timeZone,
                note: current.note, tags: current.tags, ...fields },
            });
            render(saved.body);
            announce('Your changes are saved.');
            body.querySelector('button')?.focus();
          } catch (err) {
            if (err.status === 412) {
              conflict.hidden = false;
              conflict.replaceChildren(
                h('p', {}, 'This entry was changed elsewhere in the meantime, so nothing was overwritten.'),
                h('button', { type: 'button', class: 'btn', onclick: () => startEdit(e) }, 'Reload the latest version'));
              conflict.querySelector('button').focus();
              return;
            }
            throw err;
          }
        },
      });
      put(body, h('h2', { class: 'small-heading' }, `Edit: ${practice.name}`), conflict, form);
      form.querySelector('input, textarea, select')?.focus();
      void showErrors;
    }

    async function remove(e, button) {
      const yes = await confirmDialog({
        title: 'Delete this entry?',
        body: ['It will be removed for good, and your week will be counted without it.'],
        confirm: 'Delete entry', danger: true,
      });
      if (!yes) { button.focus(); return; }
      try {
        await api('DELETE', `/entries/${e.id}`, { headers: { 'If-Match': `"${e.version}"` } });
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        announce('The entry is deleted.');
        (next?.querySelector('button') || document.getElementById('history-filter')).focus();
      } catch (err) {
        announce(err.status === 412 ? 'This entry changed elsewhere; reload the page to see it before deleting.' : `Could not delete: ${err.message}`);
        button.focus();
      }
    }
  }
}
