import { api } from '../api.js';
import { h, put, s, screen, formatDate } from '../dom.js';
import { PRACTICES, practiceById } from '../practices.js';

export function isoWeekOf(date) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function mondayOf(week) {
  const [y, w] = week.split('-W').map(Number);
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + (w - 1) * 7);
  return monday;
}

const TRENDS = {
  RISING: 'Your courage has been growing compared with the week before.',
  STEADY: 'Your courage has been steady — steadiness counts.',
  LOWER: 'This week asked for a little less courage, and that is fine.',
};

const shift = (week, weeks) => { const m = mondayOf(week); m.setUTCDate(m.getUTCDate() + weeks * 7); return isoWeekOf(m); };
const isoDate = (d) => d.toISOString().slice(0, 10);

export async function week(params) {
  const main = screen('This week', h('p', { class: 'muted' }, 'Gathering your week…'));
  let current;
  try {
    current = await api('GET', `/insights/weekly${params.get('week') ? `?week=${encodeURIComponent(params.get('week'))}` : ''}`);
  } catch (err) {
    put(main, h('h1', { id: 'screen-title' }, 'This week'), h('p', {}, `Could not load your week: ${err.message}`));
    return;
  }
  const w = current.body;
  const thisWeek = w.inProgress ? w.week : null;
  const title = w.inProgress ? 'This week' : `Week of ${formatDate(w.from)}`;
  if (!main.isConnected) return;
  document.title = `${title} · Openly`;

  const weeks = [];
  for (let i = 5; i >= 0; i--) weeks.push(shift(w.week, -i));
  const [days, trend] = await Promise.all([
    api('GET', `/insights/days?from=${w.from}&to=${w.to}`).then((r) => r.body).catch(() => []),
    Promise.all(weeks.map((wk) => (wk === w.week ? Promise.resolve({ body: w })
      : api('GET', `/insights/weekly?week=${wk}`).catch(() => null)))),
  ]);
  const sum = w.summary;

  const nav = h('nav', { class: 'week-nav', 'aria-label': 'Weeks' },
    h('a', { class: 'btn quiet small', href: `#/week?week=${shift(w.week, -1)}` }, '← Previous week'),
    h('span', { class: 'week-range' }, `${formatDate(w.from)} – ${formatDate(w.to)}`),
    w.inProgress ? h('span', {}) : h('a', { class: 'btn quiet small', href: `#/week?week=${shift(w.week, 1)}` }, 'Next week →'));

  put(main, 
    h('h1', { id: 'screen-title' }, title),
    nav,
    h('section', { class: 'panel summary', 'aria-labelledby': 'sum-h' },
      h('h2', { id: 'sum-h' }, w.inProgress ? 'So far' : 'Your week'),
      h('p', { class: 'big' }, sum.daysPracticed === 1 ? 'You practised on 1 day.' : `You practised on ${sum.daysPracticed} days.`),
      (sum.highlights || []).length ? h('ul', { class: 'highlights' }, ...sum.highlights.map((x) => h('li', {}, x))) : null,
      dayStrip(w, days)),
    h('section', { class: 'panel', 'aria-labelledby': 'streak-h' },
      h('h2', { id: 'streak-h' }, 'Streaks and strength'),
      h('p', { class: 'muted small' }, w.inProgress ? 'A day of rest is grace, not a break: your streak waits for you.'
        : 'As of today. A day of rest is grace, not a break: your streak waits for you.'),
      streakList(w.streaks || [])),
    h('section', { class: 'panel', 'aria-labelledby': 'practice-h' },
      h('h2', { id: 'practice-h' }, 'What you did'),
      practiceCounts(sum)),
    h('section', { class: 'panel', 'aria-labelledby': 'trend-h' },
      h('h2', { id: 'trend-h' }, 'Trends over six weeks'),
      h('div', { class: 'charts' },
        chart('Courage (honest sentence, 1–5)', weeks, trend.map((t) => t?.body?.summary?.courageAverage ?? null), 1, 5),
        chart('Calm after the body anchor (0–10)', weeks, trend.map((t) => t?.body?.summary?.bodyAnchorCalm?.after ?? null), 0, 10)),
      TRENDS[sum.courageTrend] ? h('p', { class: 'small' }, TRENDS[sum.courageTrend]) : null),
    (sum.topThemes || []).length ? h('section', { class: 'panel', 'aria-labelledby': 'themes-h' },
      h('h2', { id: 'themes-h' }, 'Themes'),
      h('ul', { class: 'themes', role: 'list' }, ...sum.topThemes.map((t) => h('li', {}, h('span', { class: 'theme' }, t.theme),
        ` ${t.entries} ${t.entries === 1 ? 'entry' : 'entries'}`,
        t.changeFromPreviousWeek ? h('span', { class: 'muted small' }, ` (${t.changeFromPreviousWeek > 0 ? '+' : ''}${t.changeFromPreviousWeek} from the week before)`) : null)))) : null,
    sum.suggestion ? h('section', { class: 'panel suggestion', 'aria-labelledby': 'sugg-h' },
      h('h2', { id: 'sugg-h' }, 'A small idea'), h('p', {}, sum.suggestion)) : null,
    sum.footer ? h('p', { class: 'footer-note' }, sum.footer) : null,
    thisWeek ? null : h('p', {}, h('a', { href: '#/week' }, 'Back to this week')));
}

function dayStrip(w, days) {
  const practiced = new Set(days.map((d) => d.localDate));
  const monday = new Date(`${w.from}T00:00:00Z`);
  const today = isoDate(new Date());
  const dates = [];
  for (let i = 0; i < 7; i++) { const d = new Date(monday); d.setUTCDate(monday.getUTCDate() + i); dates.push(isoDate(d)); }
  const anyStreak = (w.streaks || []).some((st) => st.current > 0);
  const lastPracticed = dates.filter((d) => practiced.has(d)).pop();
  return h('ol', { class: 'day-strip', 'aria-label': 'Days of this week' }, ...dates.map((d) => {
    let state;
    if (practiced.has(d)) state = ['practiced', 'practised'];
    else if (d > today) state = ['ahead', 'still ahead'];
    else if (anyStreak && (lastPracticed && d < lastPracticed || d === today)) state = ['grace', 'grace day — your streaks are kept'];
    else state = ['rest', 'rest day'];
    return h('li', { class: `day ${state[0]}` },
      h('span', { class: 'day-name' }, formatDate(d).split(' ')[0].replace(',', '')),
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'visually-hidden' }, `${formatDate(d)}: ${state[1]}`),
      state[0] === 'grace' ? h('span', { class: 'day-note', 'aria-hidden': 'true' }, 'grace') : null);
  }));
}

function streakList(streaks) {
  if (streaks.length === 0) return h('p', { class: 'muted' }, 'Your streaks begin with your first entry.');
  return h('ul', { class: 'streaks', role: 'list' }, ...streaks.map((st) => {
    const p = practiceById(st.practice);
    const label = `Strength ${st.strength} of 100`;
    return h('li', { class: 'streak' },
      h('span', { class: 'streak-name' }, p ? p.name : st.practice === 'ALL' ? 'Any practice' : st.practice),
      h('span', { class: 'streak-days' }, st.current === 1 ? '1 day' : `${st.current} days`,
        h('span', { class: 'muted small' }, ` · longest ${st.longest}`)),
      h('span', { class: 'meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': st.strength, 'aria-label': `${p ? p.short : st.practice === 'ALL' ? 'Any practice' : st.practice}: ${label}` },
        fill(st.strength)),
      h('span', { class: 'small' }, label));
  }));
}

// CSSOM, not a style attribute: the Content-Security-Policy allows no inline styles.
function fill(percent) {
  const el = h('span', { class: 'meter-fill' });
  el.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  return el;
}

function practiceCounts(sum) {
  const rows = PRACTICES.map((p) => [p, sum.entriesByPractice?.[p.id] || 0]);
  return h('ul', { class: 'counts', role: 'list' }, ...rows.map(([p, n]) => h('li', { dataset: { practice: p.id } },
    h('span', {}, p.name), h('strong', {}, n === 1 ? '1 entry' : `${n} entries`))),
  sum.presentListeningMinutes ? h('li', {}, h('span', {}, 'Minutes of listening'), h('strong', {}, String(sum.presentListeningMinutes))) : null,
  sum.innerCriticIntensity?.before != null ? h('li', {}, h('span', {}, 'Inner critic, before → after'),
    h('strong', {}, `${sum.innerCriticIntensity.before} → ${sum.innerCriticIntensity.after}`)) : null);
}

/** A small line chart as SVG: no library, a text alternative for screen readers. */
function chart(label, weeks, values, min, max) {
  const W = 300; const H = 120; const pad = 24;
  const x = (i) => pad + (i * (W - 2 * pad)) / (weeks.length - 1);
  const y = (v) => H - pad - ((v - min) * (H - 2 * pad)) / (max - min);
  const known = values.map((v, i) => [i, v]).filter(([, v]) => v !== null && v !== undefined);
  const description = known.length === 0 ? 'No values yet in these weeks.'
    : known.map(([i, v]) => `${weeks[i]}: ${Math.round(v * 10) / 10}`).join(', ');
  const titleId = `chart-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, class: 'chart', focusable: 'false' },
    s('title', { id: titleId }, `${label}. ${description}`),
    s('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: 'axis' }),
    s('text', { x: 2, y: y(max) + 4, class: 'tick' }, String(max)),
    s('text', { x: 2, y: y(min) + 4, class: 'tick' }, String(min)),
    known.length > 1 ? s('polyline', { points: known.map(([i, v]) => `${x(i)},${y(v)}`).join(' '), class: 'line' }) : null,
    ...known.map(([i, v]) => s('circle', { cx: x(i), cy: y(v), r: 4, class: 'point' })),
    ...weeks.map((wk, i) => s('text', { x: x(i), y: H - 6, class: 'tick', 'text-anchor': 'middle' }, wk.slice(-3))));
  return h('figure', { class: 'chart-box' }, svg, h('figcaption', {}, label));
}
