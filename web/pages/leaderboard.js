// @ts-check
/**
 * The leaderboard: every analyst with a scored question, best first (mean
 * relative Brier, then mean time-weighted Brier), the crowd as a reference
 * row, and filters by tag, team and window.
 */
import { endpoints } from '../api.js';
import { AGGREGATE_LABELS, backtestSentence } from '../coaching.js';
import { filterBar, teamField } from '../components/filter-bar.js';
import { empty, field, h, loading, replace, table } from '../dom.js';
import { num, plusMinus, signed } from '../format.js';
import { clearErrors, showError } from '../forms.js';
import { isReviewer } from '../roles.js';

/** What the date filters mean (docs/scoring.md: the end of the scoring window). */
const ENDED = 'When forecasting on the question ended: its close, or earlier if the outcome was known earlier';

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  const teams = (await endpoints.teams()).teams;
  if (!ctx.current()) return;
  const f = {
    tag: ctx.query.get('tag') ?? '',
    team: ctx.query.get('team') ?? '',
    from: ctx.query.get('from') ?? '',
    to: ctx.query.get('to') ?? '',
  };
  const form = filterBar({
    label: 'Filters',
    fields: [
      field('Tag', h('input', { type: 'search', name: 'tag', value: f.tag, placeholder: 'any' })),
      teamField({ label: 'Team', teams, selected: f.team, everyone: 'Everyone' }),
      field('Ended on or after', h('input', { type: 'date', name: 'from', value: f.from, title: ENDED })),
      field('Ended before', h('input', { type: 'date', name: 'to', value: f.to, title: ENDED })),
    ],
    clear: true,
    onChange: (v) => {
      f.tag = v.tag ?? '';
      f.team = v.team ?? '';
      f.from = v.from ?? '';
      f.to = v.to ?? '';
      load();
    },
  });
  const out = h('div', null, loading());

  let token = 0;
  async function load() {
    const my = ++token;
    ctx.setQuery(f);
    clearErrors(form);
    try {
      const [lb, bt] = await Promise.all([endpoints.leaderboard(f), endpoints.aggregates(f)]);
      if (my !== token || !ctx.current()) return;
      replace(out, board(lb, ctx.user.handle, isReviewer(ctx.user.role)), teamForecast(bt));
    } catch (e) {
      if (my !== token) return;
      showError(form, e);
      replace(out);
    }
  }

  replace(
    view,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('h1', null, 'Leaderboard'),
        h(
          'p',
          { class: 'muted' },
          'Resolved questions only. Lower is better everywhere; ranked by mean relative Brier, then mean time-weighted Brier.',
        ),
      ),
    ),
    form,
    out,
  );
  await load();
}

/**
 * The "Team forecast" section: the four ways of pooling the team's forecasts,
 * scored on the same questions as the crowd row, and which has done best in
 * words that admit noise.
 * @param {import('../types').Aggregates} bt
 */
function teamForecast(bt) {
  const rows = bt.aggregates.map((a) => [
    AGGREGATE_LABELS[a.name],
    h(
      'span',
      {
        title: a.timeWeightedBrierCi95
          ? `95% CI ${num(a.timeWeightedBrierCi95[0])} to ${num(a.timeWeightedBrierCi95[1])}`
          : 'needs at least 2 questions for an interval',
      },
      plusMinus(a.meanTimeWeightedBrier, a.timeWeightedBrierCi95),
    ),
    num(a.meanBrier),
    num(a.meanLogLoss),
    a.vsMedian
      ? h(
          'span',
          null,
          signed(a.vsMedian.mean),
          a.vsMedian.ci95
            ? h('span', { class: 'sub' }, ` (${signed(a.vsMedian.ci95[0])} to ${signed(a.vsMedian.ci95[1])})`)
            : null,
        )
      : '—',
  ]);
  return h(
    'section',
    { class: 'card', 'data-testid': 'team-forecast' },
    h('h2', { id: 'team-forecast-title' }, 'Team forecast'),
    h(
      'p',
      { class: 'muted' },
      `Four ways of pooling everyone’s standing forecasts into one, scored like an analyst on the ${bt.questions} question${bt.questions === 1 ? '' : 's'} of the crowd row above. Lower is better; “vs crowd” is the mean difference from the median per question, with its 95% interval: an interval that spans 0 is within noise.`,
    ),
    h('p', { class: 'coaching-advice', 'data-testid': 'backtest-verdict' }, backtestSentence(bt)),
    table(
      [
        'Pooling',
        ['Mean TWB ± 95% CI', 'num'],
        ['Mean Brier', 'num'],
        ['Mean log loss', 'num'],
        ['vs crowd (95% CI)', 'num'],
      ],
      rows,
    ),
  );
}

/**
 * @param {import('../types').Leaderboard} lb
 * @param {string} me
 * @param {boolean} reviewer whether the viewer may open everyone's record and calibration (else only their own)
 */
function board(lb, me, reviewer) {
  if (lb.analysts.length === 0) {
    return h(
      'section',
      { class: 'card' },
      empty(
        'No resolved questions yet',
        'Analysts appear here once a question they forecast on is resolved (and matches the filters).',
      ),
    );
  }
  const rows = lb.analysts.map((a, i) => [
    h('span', { class: 'rank' }, String(i + 1)),
    nameCell(a, me, reviewer),
    String(a.questions),
    h(
      'span',
      { title: `over ${a.relativeQuestions} question${a.relativeQuestions === 1 ? '' : 's'} with other participants` },
      signed(a.meanRelativeBrier),
      a.meanRelativeBrier !== null ? h('span', { class: 'sub' }, ` (${a.relativeQuestions})`) : null,
    ),
    h(
      'span',
      {
        title: a.timeWeightedBrierCi95
          ? `95% CI ${num(a.timeWeightedBrierCi95[0])} to ${num(a.timeWeightedBrierCi95[1])}`
          : 'needs at least 2 questions for an interval',
      },
      plusMinus(a.meanTimeWeightedBrier, a.timeWeightedBrierCi95),
    ),
    num(a.meanBrier),
    num(a.meanLogLoss),
  ]);
  const c = lb.crowd;
  rows.push([
    '',
    h(
      'span',
      { title: 'The median of the standing forecasts, scored like an analyst' },
      h('strong', null, 'Crowd'),
      ' ',
      h('span', { class: 'muted' }, 'median forecast'),
    ),
    String(c.questions),
    '—',
    num(c.meanTimeWeightedBrier),
    num(c.meanBrier),
    num(c.meanLogLoss),
  ]);
  return h(
    'section',
    { class: 'card card-flush' },
    table(
      [
        ['#', 'rank-col'],
        'Analyst',
        ['Questions', 'num'],
        ['Mean relative Brier', 'num'],
        ['Mean time-weighted Brier ± 95% CI', 'num'],
        ['Mean final Brier', 'num'],
        ['Mean log loss', 'num'],
      ],
      rows,
      {
        class: 'data leaderboard',
        rowClass: (i) => (i === rows.length - 1 ? 'crowd-row' : lb.analysts[i]?.handle === me ? 'me-row' : undefined),
      },
    ),
    h(
      'div',
      { class: 'legend-notes' },
      h(
        'p',
        null,
        h('strong', null, 'Relative Brier'),
        ': your Brier minus the median of the other participants’ at each moment, averaged over time; negative means you beat the field. The number in brackets counts the questions it covers.',
      ),
      h(
        'p',
        null,
        h('strong', null, 'Time-weighted Brier'),
        ': each forecast counts for as long as it stood. ± is the half-width of a 95% confidence interval over questions.',
      ),
    ),
  );
}

/**
 * An analyst's name, linked to their record with a link to their calibration
 * beside it, for those who may open them (leads and admins: everyone; an
 * analyst: themselves).
 * @param {import('../types').LeaderboardRow} a
 * @param {string} me
 * @param {boolean} reviewer
 */
function nameCell(a, me, reviewer) {
  const self = a.handle === me;
  const you = self ? h('span', { class: 'chip' }, 'you') : null;
  if (!self && !reviewer) {
    return h('span', null, h('strong', null, a.displayName), ' ', h('span', { class: 'muted' }, `@${a.handle}`), you);
  }
  const q = self ? '' : `?user=${encodeURIComponent(a.handle)}`;
  return h(
    'span',
    { class: 'name-links' },
    h(
      'a',
      { href: `#/record${q}`, title: `${self ? 'Your' : `${a.displayName}’s`} record` },
      h('strong', null, a.displayName),
    ),
    h('span', { class: 'muted' }, `@${a.handle}`),
    you,
    h(
      'a',
      { class: 'sub-link', href: `#/calibration${q}`, 'aria-label': `Calibration of ${a.displayName}` },
      'calibration',
    ),
  );
}
