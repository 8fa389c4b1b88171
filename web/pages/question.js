// @ts-check
/**
 * A question: its criteria and times, the viewer's forecast form, the chart of
 * every visible forecast with the crowd, the forecast history with rationales,
 * the resolution history, the resolve form (leads and admins) and the scores.
 */
import { endpoints } from '../api.js';
import { forecastChartConfig } from '../charts.js';
import { AGGREGATE_LABELS } from '../coaching.js';
import { compareCodePoints } from '../compare.js';
import { forecastCard } from '../components/forecast-form.js';
import { clarificationsCard } from '../components/clarifications.js';
import { resolveCard } from '../components/resolve-form.js';
import { suggestionsCard } from '../components/suggestions.js';
import { empty, h, replace, statusBadge, table } from '../dom.js';
import { closingSoon, dateTime, forecastText, num, outcomeLabel, pct, relative, signed, typeLabel } from '../format.js';
import { isReviewer } from '../roles.js';

/**
 * @typedef {import('../types').Question} Question
 * @typedef {import('../types').Forecast} Forecast
 * @typedef {import('../router.js').PageContext} PageContext
 */

/**
 * Where the chart's lines end: the end of the scoring window once a resolution
 * stands (the server's `scoringEnd`), the close once the question has closed
 * unresolved, and null while forecasting goes on (the lines run to now).
 * @param {Question} q
 */
function chartEnd(q) {
  if (q.scoringEnd !== null) return Date.parse(q.scoringEnd);
  return q.status === 'closed' ? Date.parse(q.closesAt) : null;
}

/**
 * @param {HTMLElement} view
 * @param {PageContext} ctx
 */
export async function render(view, ctx) {
  const key = ctx.params.key ?? '';
  const [{ question: q }, fc, crowd] = await Promise.all([
    endpoints.question(key),
    endpoints.forecasts(key),
    endpoints.crowd(key),
  ]);
  const scores = q.status === 'resolved' ? await endpoints.scores(key) : null;
  if (!ctx.current()) return;
  ctx.title(q.title);

  const end = chartEnd(q);
  const mine = fc.forecasts.filter((f) => f.user === ctx.user.handle);
  const myLast = mine[mine.length - 1] ?? null;
  const myScore = scores?.analysts.find((a) => a.handle === ctx.user.handle) ?? null;

  const soon = closingSoon(q);
  const head = h(
    'div',
    { class: 'q-head' },
    h('a', { class: 'back', href: '#/questions' }, '← Questions'),
    h('h1', null, q.title),
    h(
      'div',
      { class: 'q-badges' },
      statusBadge(soon ? 'closing soon' : q.status),
      h('span', { class: 'chip' }, typeLabel(q)),
      q.tags.map((t) => h('a', { class: 'tag', href: `#/questions?status=all&tag=${encodeURIComponent(t)}` }, t)),
      // Only while it applies: not to leads, nor once you have forecast, nor after the close.
      fc.hidden
        ? h(
            'span',
            { class: 'chip', title: 'Analysts see others’ forecasts only after forecasting themselves' },
            'Forecasts hidden until you forecast',
          )
        : null,
    ),
    h(
      'dl',
      { class: 'q-meta' },
      meta('Opens', dateTime(q.opensAt)),
      meta('Closes', [
        dateTime(q.closesAt),
        q.status === 'open' || q.status === 'upcoming'
          ? h('span', { class: 'muted' }, ` (${relative(q.closesAt)})`)
          : null,
      ]),
      meta('Posed by', q.createdBy),
      meta(
        'Forecasts',
        `${q.forecasts} by ${q.forecasters} analyst${q.forecasters === 1 ? '' : 's'}${fc.hidden && q.forecasts > 0 ? ', hidden until you forecast' : ''}`,
      ),
    ),
  );

  const criteria = h(
    'section',
    { class: 'card' },
    h('h2', null, 'Resolution criteria'),
    q.description.trim()
      ? h('div', { class: 'prose' }, q.description)
      : h('p', { class: 'muted' }, 'No criteria were given.'),
    q.options
      ? h(
          'div',
          { class: 'options-list' },
          h('h3', null, q.type === 'ordinal' ? 'Bins, in order' : 'Options'),
          h(
            'ol',
            null,
            q.options.map((o) => h('li', null, o)),
          ),
        )
      : null,
  );

  const main = h(
    'div',
    { class: 'q-main' },
    criteria,
    clarificationsCard(q, ctx),
    chartCard(q, fc, end, crowd.hidden),
    scores ? scoresCard(scores, ctx.user.handle) : null,
    historyCard(q, fc.forecasts),
    resolutionsCard(q),
  );
  const aside = h(
    'aside',
    { class: 'q-aside' },
    myLast || q.status === 'open' || q.status === 'upcoming'
      ? forecastCard({ question: q, last: myLast, score: myScore, onSaved: ctx.reload })
      : null,
    isReviewer(ctx.user.role) && q.status !== 'upcoming' ? resolveCard(q, ctx.reload) : null,
    suggestionsCard(q, ctx, myLast !== null),
  );
  // The outcome, then the forecast and resolve cards, come first in the page's order: on a phone
  // they sit near the top, above the criteria, the chart and the history.
  replace(view, head, q.resolution ? resolutionBanner(q) : null, h('div', { class: 'q-layout' }, aside, main));

  // The chart is made once its canvas is in the page (chart.js measures it).
  const canvas = /** @type {HTMLCanvasElement | null} */ (view.querySelector('canvas.forecast-chart'));
  if (canvas) drawForecastChart(ctx, canvas, q, fc.forecasts, crowd.points, end);
}

/** More forecasts than this: the history shows each analyst's latest, older ones folded. */
const GROUP_HISTORY_ABOVE = 20;

/** @param {string} term @param {import('../dom.js').Child} value */
function meta(term, value) {
  return h('div', null, h('dt', null, term), h('dd', null, value));
}

/** @param {Question} q */
function resolutionBanner(q) {
  const r = q.resolution;
  if (!r) return null;
  const annulled = r.outcome === 'annulled';
  return h(
    'div',
    // Focusable (not by Tab): after resolving, focus lands here.
    { class: `banner ${annulled ? 'banner-muted' : 'banner-ok'}`, tabindex: '-1' },
    h(
      'div',
      { class: 'banner-title' },
      annulled ? 'Annulled — not scored' : ['Resolved: ', h('strong', null, outcomeLabel(r.outcome, q.options))],
    ),
    h(
      'div',
      { class: 'banner-meta' },
      r.occurredAt ? `Known since ${dateTime(r.occurredAt)} · ` : '',
      `resolved ${dateTime(r.resolvedAt)} by ${r.resolvedBy}`,
      r.sourceUrl && /^https?:\/\//i.test(r.sourceUrl)
        ? [' · ', h('a', { href: r.sourceUrl, rel: 'noopener noreferrer', target: '_blank' }, 'source')]
        : null,
    ),
    r.note ? h('p', { class: 'banner-note' }, r.note) : null,
  );
}

/**
 * The chart's card: the option picker (categorical, ordinal), the analyst to
 * pick out and the pooled line to draw (hidden with the crowd), the hidden
 * notice, and the canvas, which is drawn once it is in the page.
 * @param {Question} q
 * @param {{ forecasts: Forecast[], hidden: boolean }} fc
 * @param {number | null} end
 * @param {boolean} crowdHidden
 */
function chartCard(q, fc, end, crowdHidden) {
  const card = h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, 'Forecasts over time')));
  const analysts = [...new Set(fc.forecasts.map((f) => f.user))].sort(compareCodePoints);
  if (analysts.length > 1) {
    card.querySelector('.card-head')?.append(
      h(
        'select',
        { class: 'chart-picker analyst-picker', 'aria-label': 'Analyst to pick out in the chart' },
        h('option', { value: '' }, 'Pick out: nobody'),
        analysts.map((a) => h('option', { value: a }, `Pick out: ${a}`)),
      ),
    );
  }
  if (!crowdHidden && fc.forecasts.length > 0) {
    card.querySelector('.card-head')?.append(
      h(
        'select',
        { class: 'chart-picker aggregate-picker', 'aria-label': 'Pooled team line in the chart' },
        Object.entries(AGGREGATE_LABELS).map(([name, label]) => h('option', { value: name }, `Team line: ${label}`)),
      ),
    );
  }
  if (q.options) {
    const initial = typeof q.resolution?.outcome === 'number' ? q.resolution.outcome : 0;
    const picker = h(
      'select',
      { class: 'option-picker', 'aria-label': 'Option shown in the chart' },
      q.options.map((o, i) => h('option', { value: String(i), selected: i === initial }, `P(${o})`)),
    );
    picker.value = String(initial);
    card.querySelector('.card-head')?.append(picker);
  }
  if (fc.hidden) {
    card.append(
      h(
        'p',
        { class: 'notice' },
        'Other analysts’ forecasts and the crowd are hidden until you make your own forecast.',
      ),
    );
  }
  if (fc.forecasts.length === 0) {
    if (!fc.hidden)
      card.append(empty('No forecasts yet', q.status === 'open' ? 'Be the first to make a forecast.' : null));
    return card;
  }
  card.append(
    h(
      'div',
      { class: 'chart-box chart-forecasts' },
      h('canvas', {
        class: 'forecast-chart',
        role: 'img',
        'aria-label': 'Each analyst’s forecasts over time, with the crowd forecast',
      }),
    ),
    h(
      'p',
      { class: 'chart-note' },
      `Each line is one analyst’s standing forecast${q.type === 'binary' ? ' of “yes”' : ''}; the dashed line is the team’s pooled forecast (the crowd: the median of the standing forecasts, unless you pick another pooling)${end !== null ? '. Lines end when forecasting ended' : ', carried to now'}. With many analysts, yours and the one you pick out are bold and the rest faint; click a name in the legend to hide or show its line.`,
    ),
  );
  return card;
}

/**
 * @param {PageContext} ctx
 * @param {HTMLCanvasElement} canvas
 * @param {Question} q
 * @param {Forecast[]} forecasts
 * @param {import('../types').CrowdPoint[]} crowd
 * @param {number | null} end
 */
function drawForecastChart(ctx, canvas, q, forecasts, crowd, end) {
  const until = end ?? Math.min(Date.now(), Date.parse(q.closesAt));
  const card = canvas.closest('.card');
  const select = (/** @type {string} */ sel) =>
    /** @type {HTMLSelectElement | null} */ (card?.querySelector(sel) ?? null);
  const picker = select('.option-picker');
  const analyst = select('.analyst-picker');
  const aggregate = select('.aggregate-picker');
  let pooled = crowd;
  const config = () =>
    forecastChartConfig({
      forecasts,
      crowd: pooled,
      until,
      option: Number(picker?.value ?? 0),
      me: ctx.user.handle,
      highlight: analyst?.value || undefined,
      crowdLabel:
        !aggregate || aggregate.value === 'median'
          ? 'Crowd'
          : `Team (${AGGREGATE_LABELS[/** @type {keyof typeof AGGREGATE_LABELS} */ (aggregate.value)]})`,
    });
  const chart = ctx.chart(canvas, config());
  const redraw = () => {
    const next = config();
    chart.data = next.data;
    chart.options = /** @type {any} */ (next.options);
    chart.update();
  };
  picker?.addEventListener('change', redraw);
  analyst?.addEventListener('change', redraw);
  aggregate?.addEventListener('change', async () => {
    const series = await endpoints.crowd(q.key, aggregate.value);
    pooled = series.points;
    redraw();
  });
}

/**
 * Every visible forecast with its rationale, newest first; those made at or
 * after the end of the scoring window are marked as never scored.
 * @param {Question} q
 * @param {Forecast[]} forecasts
 */
function historyCard(q, forecasts) {
  const card = h('section', { class: 'card' }, h('h2', null, 'Forecast history'));
  if (forecasts.length === 0) {
    card.append(empty('No forecasts yet'));
    return card;
  }
  const scoringEnd = q.scoringEnd === null ? null : Date.parse(q.scoringEnd);
  if (forecasts.length > GROUP_HISTORY_ABOVE) return groupedHistory(card, q, forecasts, scoringEnd);
  const rows = [...forecasts].reverse().map((f) => {
    const late = scoringEnd !== null && Date.parse(f.createdAt) >= scoringEnd;
    return [
      h('span', { class: 'nowrap' }, dateTime(f.createdAt)),
      h('strong', null, f.user),
      h(
        'span',
        { class: q.type === 'binary' ? 'num' : 'vector' },
        q.type === 'binary'
          ? forecastText(f, q.options)
          : h(
              'ul',
              { class: 'standing' },
              (q.options ?? []).map((o, i) =>
                h('li', null, h('span', null, o), h('span', { class: 'p' }, pct(f.probabilities?.[i]))),
              ),
            ),
        late
          ? h(
              'span',
              {
                class: 'chip chip-muted',
                title: 'Made after the outcome was known or after closing: shown, never scored',
              },
              'not scored',
            )
          : null,
      ),
      f.rationale ? h('span', { class: 'rationale' }, f.rationale) : h('span', { class: 'muted' }, '—'),
    ];
  });
  card.append(
    table(['When', 'Analyst', ['Forecast', q.type === 'binary' ? 'num' : ''], 'Rationale'], rows, {
      class: `data history${q.type === 'binary' ? ' history-binary' : ''}`,
    }),
  );
  return card;
}

/**
 * The history at team scale: one row per analyst, latest forecast first, their
 * earlier forecasts folded under it.
 * @param {HTMLElement} card
 * @param {Question} q
 * @param {Forecast[]} forecasts oldest first
 * @param {number | null} scoringEnd
 */
function groupedHistory(card, q, forecasts, scoringEnd) {
  /** @type {Map<string, Forecast[]>} */
  const byUser = new Map();
  for (const f of [...forecasts].reverse()) byUser.set(f.user, [...(byUser.get(f.user) ?? []), f]);
  const late = (/** @type {Forecast} */ f) => scoringEnd !== null && Date.parse(f.createdAt) >= scoringEnd;
  const rows = [...byUser.entries()].map(([user, list]) => {
    const [latest, ...older] = /** @type {[Forecast, ...Forecast[]]} */ (list);
    return [
      h('strong', null, user),
      h('span', { class: 'nowrap' }, dateTime(latest.createdAt)),
      h(
        'span',
        null,
        forecastText(latest, q.options),
        late(latest)
          ? h(
              'span',
              {
                class: 'chip chip-muted',
                title: 'Made after the outcome was known or after closing: shown, never scored',
              },
              'not scored',
            )
          : null,
      ),
      latest.rationale ? h('span', { class: 'rationale' }, latest.rationale) : h('span', { class: 'muted' }, '—'),
      older.length
        ? h(
            'details',
            { class: 'older' },
            h('summary', null, `${older.length} earlier`),
            h(
              'ul',
              { class: 'older-list' },
              older.map((f) =>
                h(
                  'li',
                  null,
                  `${dateTime(f.createdAt)}: ${forecastText(f, q.options)}${late(f) ? ' (not scored)' : ''}`,
                  f.rationale ? h('span', { class: 'rationale' }, ` — ${f.rationale}`) : null,
                ),
              ),
            ),
          )
        : h('span', { class: 'muted' }, '—'),
    ];
  });
  card.append(
    h(
      'p',
      { class: 'muted' },
      `${forecasts.length} forecasts by ${byUser.size} analysts: each analyst’s latest, most recent first; open “earlier” for the rest.`,
    ),
    table(['Analyst', 'Latest', 'Forecast', 'Rationale', 'Earlier'], rows, { class: 'data history history-grouped' }),
  );
  return card;
}

/** @param {Question} q */
function resolutionsCard(q) {
  if (q.resolutions.length === 0) return null;
  const rows = q.resolutions.map((r, i) => [
    h(
      'span',
      { class: 'nowrap' },
      outcomeLabel(r.outcome, q.options),
      i === q.resolutions.length - 1
        ? h('span', { class: 'chip chip-ok' }, 'standing')
        : h('span', { class: 'chip chip-muted' }, 'replaced'),
    ),
    r.occurredAt ? dateTime(r.occurredAt) : h('span', { class: 'muted' }, '—'),
    h('span', { class: 'nowrap' }, dateTime(r.resolvedAt)),
    r.resolvedBy,
    r.sourceUrl && /^https?:\/\//i.test(r.sourceUrl)
      ? h('a', { href: r.sourceUrl, rel: 'noopener noreferrer', target: '_blank' }, hostOf(r.sourceUrl))
      : h('span', { class: 'muted' }, r.sourceUrl ?? '—'),
    r.note ?? h('span', { class: 'muted' }, '—'),
  ]);
  return h(
    'section',
    { class: 'card' },
    h('h2', null, 'Resolution history'),
    table(['Outcome', 'Occurred', 'Resolved', 'By', 'Source', 'Note'], rows),
  );
}

/** @param {string} url */
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * @param {import('../types').QuestionScores} s
 * @param {string} me
 */
function scoresCard(s, me) {
  const card = h(
    'section',
    { class: 'card' },
    h('h2', null, 'Scores'),
    h(
      'p',
      { class: 'muted small' },
      'Brier scores run from 0 (best) to 2; always saying 50% on a yes/no question scores 0.5. Relative Brier compares each analyst with the median of the others over time: negative is better.',
    ),
  );
  if (s.analysts.length === 0) {
    card.append(empty('No scored forecasts', 'Nobody forecast on this question before its outcome was known.'));
    return card;
  }
  const rows = s.analysts.map((a) => [
    h('strong', null, a.handle, a.handle === me ? h('span', { class: 'chip' }, 'you') : null),
    num(a.finalBrier),
    num(a.timeWeightedBrier),
    signed(a.relativeBrier),
    num(a.finalLogLoss),
  ]);
  rows.push([h('em', null, 'Crowd'), '—', num(s.crowd.timeWeightedBrier), '—', '—']);
  card.append(
    table(
      [
        'Analyst',
        ['Final Brier', 'num'],
        ['Time-weighted Brier', 'num'],
        ['Relative Brier', 'num'],
        ['Final log loss', 'num'],
      ],
      rows,
      {
        rowClass: (i) => (i === rows.length - 1 ? 'crowd-row' : undefined),
      },
    ),
  );
  return card;
}
