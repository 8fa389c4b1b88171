// @ts-check
/**
 * "My record": first the analyst's open forecasts (their number, the crowd's,
 * when they last updated), then their scored questions with every score, a
 * summary, and their mean time-weighted Brier by month against everyone's.
 * Leads and admins can look at any analyst's record.
 */
import { ApiError, endpoints } from '../api.js';
import { brierByMonthConfig, chartedValue, PALETTE, POOLED_COLOR, pooledMonthly } from '../charts.js';
import { analystField, filterBar } from '../components/filter-bar.js';
import { empty, h, loading, replace, table } from '../dom.js';
import { date, dateTime, leadingOption, month, num, outcomeLabel, pct, relative, signed } from '../format.js';
import { isReviewer } from '../roles.js';

/** @typedef {import('../types').ScoredQuestion} ScoredQuestion */

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  const reviewer = isReviewer(ctx.user.role);
  const handle = (reviewer && ctx.query.get('user')) || ctx.user.handle;
  const self = handle === ctx.user.handle;
  replace(view, loading());

  const [scores, monthly, users, open] = await Promise.all([
    endpoints.userScores(handle),
    // Refused (403) to an analyst while fewer than 3 analysts have scores: the record goes on without it.
    endpoints.brierByMonth().catch((e) => {
      if (e instanceof ApiError && e.status === 403) return { months: [], analysts: [] };
      throw e;
    }),
    // The picker lists those who have forecast (and whoever is shown).
    reviewer ? endpoints.users({ hasForecasts: true }).then((r) => r.users) : Promise.resolve([]),
    endpoints.openForecasts(handle),
  ]);
  if (!ctx.current()) return;
  if (reviewer && !users.some((u) => u.handle === handle)) {
    const shown = (await endpoints.users()).users.find((u) => u.handle === handle);
    if (shown) users.push(shown);
  }
  const name = self ? null : (users.find((u) => u.handle === handle)?.displayName ?? `@${handle}`);
  if (name) ctx.title(`Record of ${name}`);
  const qs = [...scores.questions].sort((a, b) => Date.parse(b.end) - Date.parse(a.end));

  const picker = reviewer
    ? filterBar({
        label: 'Analyst',
        fields: [analystField(users, handle)],
        onChange: (v) => (location.hash = `/record?user=${encodeURIComponent(v.user ?? '')}`),
      })
    : null;

  const head = h(
    'div',
    { class: 'page-head' },
    h(
      'div',
      null,
      h('h1', null, self ? 'My record' : `Record of ${name}`),
      h(
        'p',
        { class: 'muted' },
        'Open forecasts beside the crowd; then every resolved question with a scored forecast, and how the scores moved month by month.',
      ),
    ),
  );

  const openCard = openForecastsCard(open.forecasts, self ? null : (name ?? handle));

  if (qs.length === 0) {
    replace(
      view,
      head,
      picker,
      openCard,
      h(
        'section',
        { class: 'card' },
        empty(
          'No resolved questions yet',
          self
            ? 'Your scores appear here once a question you forecast on is resolved.'
            : 'Nothing scored for this analyst yet.',
        ),
      ),
    );
    return;
  }

  const mean = (/** @type {(q: ScoredQuestion) => number | null} */ pick) => {
    const xs = qs.map(pick).filter((x) => x !== null);
    return xs.length ? xs.reduce((s, x) => s + /** @type {number} */ (x), 0) / xs.length : null;
  };
  const twb = mean((q) => q.timeWeightedBrier);
  const crowdTwb = mean((q) => q.crowdTimeWeightedBrier);
  const rel = mean((q) => q.relativeBrier);
  const stats = h(
    'div',
    { class: 'stats' },
    stat('Questions scored', String(qs.length)),
    stat(
      'Mean time-weighted Brier',
      num(twb),
      crowdTwb !== null ? `crowd ${num(crowdTwb)} on the same questions` : null,
    ),
    stat('Mean relative Brier', signed(rel), 'negative beats the other participants'),
    stat('Mean final Brier', num(mean((q) => q.finalBrier))),
  );

  const mine = monthly.analysts.find((a) => a.handle === handle);
  const canvas = h('canvas', {
    class: 'monthly-chart',
    role: 'img',
    'aria-label': 'Mean time-weighted Brier by month',
  });
  const chartCard = h(
    'section',
    { class: 'card' },
    h('h2', null, 'Brier by month'),
    mine && mine.points.length
      ? [
          h('div', { class: 'chart-box chart-monthly' }, canvas),
          h(
            'p',
            { class: 'chart-note' },
            'Each month counts the questions whose scoring window ended in it (UTC). Lower is better.',
          ),
        ]
      : empty('No months to show yet'),
  );

  const rows = qs.map((q) => {
    const opts = q.options;
    const k = q.outcome === 'yes' ? 1 : q.outcome === 'no' ? 0 : q.outcome;
    const onOutcome = q.finalProbabilities[k] ?? null;
    return [
      h('a', { href: `#/q/${q.question}` }, q.title),
      h('span', { class: 'nowrap' }, date(q.end)),
      outcomeLabel(q.outcome, opts),
      h(
        'span',
        {
          title: `${self ? 'Your' : 'Their'} final ${q.type === 'binary' ? 'P(yes)' : 'probability on what happened'}`,
        },
        q.type === 'binary' ? pct(q.finalProbabilities[1]) : `${pct(onOutcome)} on it`,
      ),
      num(q.finalBrier),
      num(q.timeWeightedBrier),
      num(q.crowdTimeWeightedBrier),
      signed(q.relativeBrier),
      String(q.scoredForecasts),
    ];
  });
  const list = h(
    'section',
    { class: 'card card-flush' },
    h('h2', { class: 'pad' }, 'Scored questions'),
    table(
      [
        'Question',
        'Ended',
        'Outcome',
        ['Final forecast', 'num'],
        ['Final Brier', 'num'],
        ['Time-weighted', 'num'],
        ['Crowd TW', 'num'],
        ['Relative', 'num'],
        ['Forecasts', 'num'],
      ],
      rows,
      { class: 'data record' },
    ),
  );

  replace(view, head, picker, openCard, stats, chartCard, list);
  if (mine && mine.points.length) {
    ctx.chart(
      canvas,
      brierByMonthConfig({
        months: monthly.months,
        monthLabel: month,
        series: [
          { label: self ? 'You' : `@${handle}`, points: mine.points, color: PALETTE[0] },
          { label: 'All analysts', points: pooledMonthly(monthly), color: POOLED_COLOR, dashed: true },
        ],
      }),
    );
  }
}

/**
 * @param {string} label
 * @param {string} value
 * @param {string | null} [note]
 */
function stat(label, value, note = null) {
  return h(
    'div',
    { class: 'stat card' },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    note ? h('div', { class: 'stat-note' }, note) : null,
  );
}

/**
 * The open forecasts: each question still open with the analyst's standing
 * number, the crowd's and when they last updated, closing soonest first. A
 * categorical or ordinal question is quoted on the crowd's favourite option.
 * @param {import('../types').OpenForecast[]} rows
 * @param {string | null} whose the analyst's name, or null for the viewer's own
 */
function openForecastsCard(rows, whose) {
  const title = whose ? `${whose}’s open forecasts` : 'My open forecasts';
  if (rows.length === 0) {
    return h(
      'section',
      { class: 'card open-forecasts' },
      h('h2', null, title),
      h(
        'p',
        { class: 'muted' },
        whose
          ? `${whose} has no forecast on a question that is open now.`
          : 'You have no forecast on a question that is open now. Open questions are listed under Questions.',
      ),
    );
  }
  const table_ = table(
    ['Question', [whose ? 'Theirs' : 'You', 'num'], ['Crowd', 'num'], 'Updated', 'Closes'],
    rows.map((r) => {
      const option = leadingOption(r.crowd ?? r.forecast);
      const on = r.question.options ? (r.question.options[option] ?? null) : null;
      return [
        h(
          'span',
          null,
          h('a', { href: `#/q/${r.question.key}` }, r.question.title),
          on ? h('span', { class: 'sub-note' }, ` Figures for “${on}”.`) : null,
        ),
        pct(chartedValue(r.forecast, option)),
        h(
          'span',
          { title: `the median of ${r.forecasters} analyst${r.forecasters === 1 ? '' : 's'}` },
          r.crowd ? pct(chartedValue(r.crowd, option)) : '—',
        ),
        h('span', { class: 'updated', title: dateTime(r.forecast.createdAt) }, relative(r.forecast.createdAt)),
        h('span', { class: 'updated', title: dateTime(r.question.closesAt) }, relative(r.question.closesAt)),
      ];
    }),
    { class: 'data open-forecasts-table' },
  );
  return h('section', { class: 'card card-flush open-forecasts' }, h('h2', { class: 'pad' }, title), table_);
}
