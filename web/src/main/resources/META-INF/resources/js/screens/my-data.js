import { api, signOut } from '../api.js';
import { h, screen, announce, confirmDialog } from '../dom.js';

export async function myData(params, session) {
  const exportBtn = h('button', { type: 'button', class: 'btn' }, 'Download my data');
  const exportStatus = h('p', { class: 'muted small', role: 'status' });
  const erase = h('button', { type: 'button', class: 'btn danger' }, 'Erase my account…');
  screen('My data',
    h('section', { class: 'panel', 'aria-labelledby': 'export-h' },
      h('h2', { id: 'export-h' }, 'Take everything with you'),
      h('p', {}, 'One file with every entry you wrote (readable, not encrypted), what Openly learned about your reminders, and your insights.'),
      exportBtn, exportStatus),
    h('section', { class: 'panel', 'aria-labelledby': 'erase-h' },
      h('h2', { id: 'erase-h' }, 'Erase my account'),
      h('p', {}, 'Everything of yours is removed from every part of Openly: entries, reminders and insights. This cannot be undone.'),
      erase));

  exportBtn.addEventListener('click', async () => {
    exportBtn.disabled = true;
    exportStatus.textContent = 'Preparing your file…';
    try {
      const [journal, reminders, insights] = await Promise.all(['/me/export', '/reminders/export', '/insights/export']
        .map((p) => api('GET', p).then((r) => r.body)));
      const doc = { exportedAt: new Date().toISOString(), userId: session.userId, journal, reminders, insights };
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
      const a = h('a', { href: url, download: `openly-export-${new Date().toISOString().slice(0, 10)}.json`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      exportStatus.textContent = `Your file is ready (${journal.entryCount} entries).`;
    } catch (err) {
      exportStatus.textContent = `Could not prepare the file: ${err.message}`;
    } finally {
      exportBtn.disabled = false;
    }
  });

  erase.addEventListener('click', async () => {
    const understand = h('div', { class: 'field check' },
      h('input', { type: 'checkbox', id: 'erase-understand' }),
      h('label', { for: 'erase-understand' }, 'I understand my entries cannot be brought back'));
    const yes = await confirmDialog({
      title: 'Erase your account?',
      body: ['Take your time. If you would like a copy first, download your data before erasing.',
        'Once erased, your entries, reminders and insights are gone for good.'],
      extra: understand, confirm: 'Erase everything', cancel: 'Not now', danger: true,
    });
    if (!yes) { erase.focus(); return; }
    try {
      await api('DELETE', '/me');
      await signOut();
      window.dispatchEvent(new CustomEvent('openly:signed-out', { detail: { message: 'Your account is erased. Take good care.' } }));
    } catch (err) {
      announce(`Could not erase: ${err.message}`);
    }
  });
}
