import { api } from '../api.js';
import { h, put, screen } from '../dom.js';
import { practiceById } from '../practices.js';
import { isoWeekOf } from './week.js';

export async function organization(params, session) {
  const lastWeek = isoWeekOf(new Date(Date.now() - 7 * 86400000));
  const wk = params.get('week') || lastWeek;
  const main = screen('Organization', h('p', { class: 'muted' }, 'Loading the anonymous view…'));
  let view;
  try {
    view = (await api('GET', `/orgs/${encodeURIComponent(session.org)}/insights/weekly?week=${encodeURIComponent(wk)}`)).body;
  } catch (err) {
    put(main, h('h1', { id: 'screen-title' }, 'Organization'),
      h('p', {}, err.status === 403 || err.status === 404 ? 'This view is for the organization’s admins.' : `Could not load it: ${err.message}`));
    return;
  }
  const fig = (f, suffix = '') => (f?.suppressed
    ? h('span', { class: 'suppressed' }, 'hidden', h('span', { class: 'visually-hidden' }, ' to protect privacy: too few people'))
    : h('strong', {}, `${f?.value ?? '—'}${suffix}`));
  const weekSelect = h('select', { id: 'org-week' }, ...[0, 1, 2, 3].map((i) => {
    const w = isoWeekOf(new Date(Date.now() - (i + 1) * 7 * 86400000));
    return h('option', { value: w }, i === 0 ? `Last week (${w})` : w);
  }));
  weekSelect.value = wk;
  weekSelect.addEventListener('change', () => { location.hash = `#/organization?week=${weekSelect.value}`; });
  put(main, 
    h('h1', { id: 'screen-title' }, 'Organization'),
    h('p', { class: 'lede' }, `${view.orgId}: anonymous figures of members who chose to share. No person and no words are ever shown.`),
    h('div', { class: 'field inline' }, h('label', { for: 'org-week' }, 'Week'), weekSelect),
    h('section', { class: 'panel', 'aria-labelledby': 'org-h' }, h('h2', { id: 'org-h' }, `Week ${view.week}`),
      h('dl', { class: 'figures' },
        h('dt', {}, 'People practising'), h('dd', {}, fig(view.participants)),
        h('dt', {}, 'Sessions'), h('dd', {}, fig(view.sessions)),
        h('dt', {}, 'Sessions per person'), h('dd', {}, fig(view.sessionsPerParticipant)),
        h('dt', {}, 'Inner critic intensity change'), h('dd', {}, fig(view.averageIntensityChange)),
        h('dt', {}, 'Calm change with the body anchor'), h('dd', {}, fig(view.averageCalmChange)))),
    h('section', { class: 'panel', 'aria-labelledby': 'mix-h' }, h('h2', { id: 'mix-h' }, 'Practice mix'),
      h('dl', { class: 'figures' }, ...Object.entries(view.practiceMix || {}).flatMap(([k, f]) => [
        h('dt', {}, practiceById(k)?.name || k), h('dd', {}, fig(f))]))),
    h('section', { class: 'panel', 'aria-labelledby': 'otheme-h' }, h('h2', { id: 'otheme-h' }, 'Shared themes'),
      Object.keys(view.themeDistribution || {}).length === 0 ? h('p', { class: 'muted' }, 'No theme is shared by enough people to be shown.')
        : h('dl', { class: 'figures' }, ...Object.entries(view.themeDistribution).flatMap(([k, f]) => [h('dt', {}, k), h('dd', {}, fig(f))]))),
    h('p', { class: 'muted small' }, view.note));
}
