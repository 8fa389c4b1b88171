// @ts-check
/**
 * Calibration: the plot of observed frequency against forecast probability per
 * bin (with Wilson 95% intervals and n), the analyst against the pooled team,
 * the Murphy decomposition and Spiegelhalter's test, each explained in a line.
 * Analysts see their own; leads and admins pick anyone.
 */
import { endpoints } from '../api.js';
import { calibrationChartConfig, PALETTE, POOLED_COLOR } from '../charts.js';
import { MIN_RECALIBRATION_FORECASTS, recalibrationSentence, verdictSentences } from '../coaching.js';
import { analystField, filterBar, teamField } from '../components/filter-bar.js';
import { empty, field, h, loading, replace, srOnly, table } from '../dom.js';
import { num, pct, pValue, signed } from '../format.js';
import { clearErrors, showError } from '../forms.js';
import { isReviewer } from '../roles.js';

/** @typedef {import('../types').Calibration} Calibration */

const BIN_CHOICES = [4, 5, 10, 20];

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  const reviewer = isReviewer(ctx.user.role);
  const [users, teams] = await Promise.all([
    // Only those who have forecast have a calibration.
    reviewer ? endpoints.users({ hasForecasts: true }).then((r) => r.users) : Promise.resolve([]),
    endpoints.teams().then((r) => r.teams),
  ]);
  if (!ctx.current()) return;
  const binsParam = Number(ctx.query.get('bins'));
  const state = {
    user: (reviewer && ctx.query.get('user')) || ctx.user.handle,
    bins: BIN_CHOICES.includes(binsParam) ? binsParam : 10,
    team: ctx.query.get('team') ?? '',
  };

  if (reviewer && !users.some((u) => u.handle === state.user)) {
    const shown = (await endpoints.users()).users.find((u) => u.handle === state.user);
    if (shown) users.push(shown);
  }
  const intro = h('p', { class: 'muted' });
  const setIntro = (/** @type {string} */ who) =>
    replace(
      intro,
      who === 'You'
        ? 'When you say 70%, does it happen 70% of the time? Each outcome of each resolved question you forecast on is one event, at your final forecast.'
        : `When ${who} says 70%, does it happen 70% of the time? Each outcome of each resolved question ${who} forecast on is one event, at their final forecast.`,
    );

  const controls = filterBar({
    label: 'Calibration settings',
    fields: [
      reviewer
        ? analystField(
            users.filter((u) => u.active || u.handle === state.user),
            state.user,
          )
        : field('Analyst', h('input', { value: `${ctx.user.displayName} (you)`, disabled: true })),
      teamField({
        label: 'Compare with',
        teams,
        selected: state.team,
        everyone: 'All analysts, pooled',
        text: (t) => `${t.name}, pooled`,
      }),
      field(
        'Bins',
        h(
          'select',
          { name: 'bins' },
          BIN_CHOICES.map((b) =>
            h('option', { value: String(b), selected: b === state.bins }, `${b} bins of ${100 / b}%`),
          ),
        ),
      ),
    ],
    onChange: (v) => {
      if (reviewer) state.user = v.user || ctx.user.handle;
      state.team = v.team ?? '';
      state.bins = Number(v.bins) || 10;
      load();
    },
  });
  const out = h('div', null, loading());

  let token = 0;
  async function load() {
    const my = ++token;
    ctx.setQuery({
      user: state.user === ctx.user.handle ? null : state.user,
      bins: state.bins === 10 ? null : state.bins,
      team: state.team,
    });
    clearErrors(controls);
    try {
      const [mine, pooled] = await Promise.all([
        endpoints.calibration({ user: state.user, bins: state.bins }),
        endpoints.calibration({ team: state.team, bins: state.bins }),
      ]);
      if (my !== token || !ctx.current()) return;
      const who =
        state.user === ctx.user.handle
          ? 'You'
          : (users.find((u) => u.handle === state.user)?.displayName ?? state.user);
      const teamName = state.team ? (teams.find((t) => t.key === state.team)?.name ?? state.team) : 'All analysts';
      setIntro(who);
      show(mine, pooled, who, teamName);
    } catch (e) {
      if (my !== token) return;
      showError(controls, e);
      replace(out);
    }
  }

  /**
   * @param {Calibration} mine
   * @param {Calibration} pooled
   * @param {string} who
   * @param {string} teamLabel
   */
  function show(mine, pooled, who, teamLabel) {
    if (mine.events === 0 && pooled.events === 0) {
      replace(
        out,
        h(
          'section',
          { class: 'card' },
          empty(
            'No resolved questions yet',
            'Calibration needs forecasts on resolved questions. Come back once a few have resolved.',
          ),
        ),
      );
      return;
    }
    const canvas = h('canvas', {
      class: 'calibration-chart',
      role: 'img',
      'aria-label': 'Calibration plot: observed frequency against forecast probability',
    });
    /** @type {{ label: string, bins: import('../types').CalibrationBin[], color?: string, hollow?: boolean }[]} */
    const series = [];
    if (mine.events > 0) series.push({ label: who, bins: mine.bins, color: PALETTE[0] });
    if (pooled.events > 0)
      series.push({ label: `${teamLabel} (pooled)`, bins: pooled.bins, color: POOLED_COLOR, hollow: true });
    replace(
      out,
      h(
        'div',
        { class: 'cal-layout' },
        h(
          'section',
          { class: 'card' },
          h('h2', null, 'Calibration plot'),
          mine.events === 0
            ? h(
                'p',
                { class: 'notice' },
                `${who === 'You' ? 'You have' : `${who} has`} no scored forecasts yet; only the pooled series is shown.`,
              )
            : null,
          h('div', { class: 'chart-box chart-square' }, canvas),
          h(
            'p',
            { class: 'chart-note' },
            `Each marker is one bin of forecasts: across at the bin’s mean forecast, up at how often those outcomes happened. Marker size grows with n; the bars are 95% Wilson intervals for ${who === 'You' ? 'your' : `${who}’s`} bins. On the dashed diagonal a forecaster is perfectly calibrated; markers below it on the right (or above it on the left) mean overconfidence.`,
          ),
          mine.events > 0 ? coaching(mine, who) : null,
        ),
        h('section', { class: 'card' }, h('h2', null, 'Summary'), summary(mine, pooled, who, teamLabel)),
      ),
      h('section', { class: 'card' }, h('h2', null, `Bins — ${who}`), binsTable(mine)),
    );
    ctx.chart(canvas, calibrationChartConfig(series));
  }

  setIntro(
    state.user === ctx.user.handle ? 'You' : (users.find((u) => u.handle === state.user)?.displayName ?? state.user),
  );
  replace(view, h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Calibration'), intro)), controls, out);
  await load();
}

/**
 * The figures side by side, each explained in one line.
 * @param {Calibration} a
 * @param {Calibration} b
 * @param {string} who
 * @param {string} teamLabel
 */
function summary(a, b, who, teamLabel) {
  /** @type {[string, (c: Calibration) => string, string][]} */
  const lines = [
    [
      'Events (N)',
      (c) => String(c.events),
      'One per outcome of each resolved question, at the final forecast (a yes/no question gives one).',
    ],
    [
      'Brier',
      (c) => num(c.brier),
      'Mean squared gap between forecast and outcome per event: 0 is perfect. About reliability − resolution + uncertainty (exactly so when each bin holds a single probability).',
    ],
    [
      'Reliability',
      (c) => num(c.reliability, 4),
      'How far each bin’s forecasts sit from what happened, weighted by n: lower is better, 0 is perfectly calibrated.',
    ],
    [
      'Resolution',
      (c) => num(c.resolution, 4),
      'How far the bins’ outcome rates spread from the overall rate: higher is better (you tell likely from unlikely).',
    ],
    [
      'Uncertainty',
      (c) => num(c.uncertainty, 4),
      'How unpredictable the events were themselves, ō(1 − ō): the same for anyone forecasting them.',
    ],
    [
      'Spiegelhalter z',
      (c) => signed(c.spiegelhalter.z, 2),
      'How far the outcomes stray from what the forecasts predicted, in standard errors: near 0 is calibrated.',
    ],
    [
      'p',
      (c) => pValue(c.spiegelhalter.p),
      'Chance of a z that large if the forecasts were perfectly calibrated: below 0.05 suggests miscalibration, not bad luck.',
    ],
  ];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data summary' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, srOnly('Figure')),
          h('th', { class: 'num', scope: 'col' }, who),
          h('th', { class: 'num', scope: 'col' }, teamLabel),
        ),
      ),
      h(
        'tbody',
        null,
        lines.map(([name, value, help]) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, h('div', { class: 'metric' }, name), h('div', { class: 'metric-help' }, help)),
            h('td', { class: 'num', 'data-label': who }, value(a)),
            h('td', { class: 'num muted', 'data-label': teamLabel }, value(b)),
          ),
        ),
      ),
    ),
  );
}

/**
 * What the numbers say, in words under the chart: each bin that is clearly
 * off, and the shrink that would have helped (or why nothing confident can be
 * said).
 * @param {Calibration} c
 * @param {string} who
 */
function coaching(c, who) {
  const bins = verdictSentences(c.bins, who);
  // more events than forecasts: some question had several options (a stretch of those is a what-if score)
  const rec = recalibrationSentence(c.recalibration, who, c.events > c.recalibration.forecasts);
  const few = c.recalibration.forecasts < MIN_RECALIBRATION_FORECASTS;
  return h(
    'div',
    { class: 'coaching', 'data-testid': 'coaching' },
    h('h3', null, 'What the numbers say'),
    bins.length
      ? h(
          'ul',
          { class: 'coaching-bins' },
          bins.map((t) => h('li', null, t)),
        )
      : h(
          'p',
          null,
          `In every bin, ${who === 'You' ? 'your' : `${who}’s`} average forecast lies within the 95% interval of how often it happened: no bin is clearly off${few ? ` (with ${c.recalibration.forecasts} resolved forecasts the intervals are wide)` : ''}.`,
        ),
    h('p', { class: rec.kind === 'advice' ? 'coaching-advice' : 'muted' }, rec.text),
  );
}

/** @param {Calibration} c */
function binsTable(c) {
  if (c.events === 0) return empty('No events yet');
  const rows = c.bins.map((b) => [
    `${pct(b.lo, 0)}–${pct(b.hi, 0)}`,
    String(b.n),
    b.n ? pct(b.meanForecast) : '—',
    b.n ? pct(b.observedFrequency) : '—',
    b.ci95 ? `${pct(b.ci95[0])} – ${pct(b.ci95[1])}` : '—',
    b.verdict === 'tooHigh'
      ? 'too high'
      : b.verdict === 'tooLow'
        ? 'too low'
        : b.verdict === 'consistent'
          ? 'consistent'
          : '—',
  ]);
  return table(
    [
      'Forecasts in',
      ['n', 'num'],
      ['Mean forecast', 'num'],
      ['Observed', 'num'],
      ['95% CI (Wilson)', 'num'],
      'Verdict',
    ],
    rows,
    {
      rowClass: (i) => (c.bins[i]?.n ? undefined : 'muted-row'),
    },
  );
}
