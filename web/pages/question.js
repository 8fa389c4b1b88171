// @ts-check
/**
 * A question: its criteria and times, the viewer's forecast form, the chart of
 * every visible forecast with the crowd, the forecast history with rationales,
 * the resolution history, the resolve form (leads and admins) and the scores.
 */
import { endpoints } from '../api.js';
import { forecastChartConfig } from '../charts.js';
import { empty, field, h, replace, statusBadge, table } from '../dom.js';
import {
  closingSoon,
  dateTime,
  forecastText,
  fromLocalInput,
  num,
  outcomeLabel,
  pct,
  relative,
  signed,
  toLocalInput,
} from '../format.js';
import { submitting, val } from '../forms.js';
import { typeLabel } from './questions.js';

/**
 * @typedef {import('../types').Question} Question
 * @typedef {import('../types').Forecast} Forecast
 * @typedef {import('../main.js').PageContext} PageContext
 */

/**
 * When forecasting on the question ended, for the chart and for marking
 * forecasts that were never scored (SCORING.md: end = min(closesAt, occurredAt ?? resolvedAt)).
 * Null while it is still open.
 * @param {Question} q
 */
export function forecastingEnd(q) {
  const closes = Date.parse(q.closesAt);
  if (q.resolution) {
    const r = q.resolution;
    return Math.min(closes, Date.parse(r.occurredAt ?? r.resolvedAt));
  }
  return q.status === 'closed' ? closes : null;
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

  const end = forecastingEnd(q);
  const mine = fc.forecasts.filter((f) => f.user === ctx.user.handle);
  const myLast = mine[mine.length - 1] ?? null;
  const reviewer = ctx.user.role === 'lead' || ctx.user.role === 'admin';

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
      q.hideForecasts
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
      meta('Forecasts', `${q.forecasts} by ${q.forecasters} analyst${q.forecasters === 1 ? '' : 's'}`),
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
    q.resolution ? resolutionBanner(q) : null,
    criteria,
    chartCard(q, fc, end),
    scores ? scoresCard(scores, ctx.user.handle) : null,
    historyCard(q, fc.forecasts, end),
    resolutionsCard(q),
  );
  const aside = h(
    'aside',
    { class: 'q-aside' },
    myLast || q.status === 'open' || q.status === 'upcoming'
      ? forecastCard(ctx, q, myLast, scores?.analysts.find((a) => a.handle === ctx.user.handle) ?? null)
      : null,
    reviewer && q.status !== 'upcoming' ? resolveCard(ctx, q) : null,
  );
  replace(view, head, h('div', { class: 'q-layout' }, main, aside));

  // The chart is made once its canvas is in the page (chart.js measures it).
  const canvas = /** @type {HTMLCanvasElement | null} */ (view.querySelector('canvas.forecast-chart'));
  if (canvas) drawForecastChart(ctx, canvas, q, fc.forecasts, crowd.points, end);
}

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
    { class: `banner ${annulled ? 'banner-muted' : 'banner-ok'}` },
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
 * The chart's card: the option picker (categorical, ordinal), the hidden notice,
 * and the canvas, which is drawn once it is in the page.
 * @param {Question} q
 * @param {{ forecasts: Forecast[], hidden: boolean }} fc
 * @param {number | null} end
 */
function chartCard(q, fc, end) {
  const card = h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, 'Forecasts over time')));
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
      card.append(
        empty('No forecasts yet', q.status === 'open' ? 'Be the first: make a forecast on the right.' : null),
      );
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
      `Each line is one analyst’s standing forecast${q.type === 'binary' ? ' of “yes”' : ''}; the dashed line is the crowd (the median of the standing forecasts)${end !== null ? '. Lines end when forecasting ended' : ', carried to now'}.`,
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
  const picker = /** @type {HTMLSelectElement | null} */ (
    canvas.closest('.card')?.querySelector('.option-picker') ?? null
  );
  const config = (/** @type {number} */ option) =>
    forecastChartConfig({ forecasts, crowd, until, option, me: ctx.user.handle });
  const chart = ctx.chart(canvas, config(Number(picker?.value ?? 0)));
  picker?.addEventListener('change', () => {
    const next = config(Number(picker.value));
    chart.data = next.data;
    chart.options = /** @type {any} */ (next.options);
    chart.update();
  });
}

/**
 * The viewer's forecast form (or why they cannot forecast now, and their score once resolved).
 * @param {PageContext} ctx
 * @param {Question} q
 * @param {Forecast | null} last
 * @param {import('../types').QuestionScores['analysts'][number] | null} score
 */
function forecastCard(ctx, q, last, score) {
  const card = h('section', { class: 'card forecast-card' }, h('h2', null, 'Your forecast'));
  if (last) {
    card.append(
      q.type === 'binary'
        ? h(
            'div',
            { class: 'current' },
            h('span', { class: 'muted' }, 'Standing: '),
            h('strong', null, forecastText(last, q.options)),
            h('span', { class: 'muted' }, ` · ${dateTime(last.createdAt)}`),
          )
        : h(
            'div',
            { class: 'current' },
            h('span', { class: 'muted' }, `Standing since ${dateTime(last.createdAt)}`),
            h(
              'ul',
              { class: 'standing' },
              (q.options ?? []).map((o, i) =>
                h('li', null, h('span', null, o), h('span', { class: 'p' }, pct(last.probabilities?.[i]))),
              ),
            ),
          ),
    );
  }
  if (q.status !== 'open') {
    const why =
      q.status === 'upcoming'
        ? `Forecasting opens ${relative(q.opensAt)} (${dateTime(q.opensAt)}).`
        : q.status === 'closed'
          ? `Forecasting closed ${dateTime(q.closesAt)}; the question awaits its resolution.`
          : q.status === 'annulled'
            ? 'The question was annulled; it is not scored.'
            : 'The question has been resolved.';
    card.append(h('p', { class: 'muted' }, why));
    if (score) {
      card.append(
        h(
          'dl',
          { class: 'my-score' },
          h('div', null, h('dt', null, 'Final Brier'), h('dd', null, num(score.finalBrier))),
          h('div', null, h('dt', null, 'Time-weighted'), h('dd', null, num(score.timeWeightedBrier))),
          h('div', null, h('dt', null, 'Relative'), h('dd', null, signed(score.relativeBrier))),
        ),
      );
    } else if (q.status === 'resolved' && last) {
      card.append(
        h('p', { class: 'muted' }, 'None of your forecasts was made before the outcome was known, so none is scored.'),
      );
    }
    return card;
  }

  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Your forecast' });
  /** @type {() => Record<string, unknown> | null} */
  let read;
  if (q.type === 'binary') {
    const start = last?.probability !== undefined ? round1(last.probability * 100) : 50;
    const slider = h('input', {
      type: 'range',
      min: 0,
      max: 100,
      step: 1,
      value: start,
      'aria-label': 'Probability of yes (slider)',
    });
    const number = h('input', {
      type: 'number',
      name: 'probability',
      min: 0,
      max: 100,
      step: 0.1,
      value: start,
      class: 'pct-input',
      'aria-label': 'Probability of yes, in percent',
    });
    const words = h('p', { class: 'split' });
    const show = () => {
      const v = Number(number.value);
      replace(
        words,
        Number.isFinite(v) && v >= 0 && v <= 100
          ? [h('span', { class: 'yes' }, `Yes ${fmt(v)}%`), h('span', { class: 'no' }, `No ${fmt(100 - v)}%`)]
          : 'Enter a number from 0 to 100.',
      );
    };
    slider.addEventListener('input', () => {
      number.value = slider.value;
      show();
    });
    number.addEventListener('input', () => {
      slider.value = number.value;
      show();
    });
    show();
    form.append(
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'p-yes' }, 'Probability of “yes”'),
        h('div', { class: 'pct-row' }, slider, h('span', { class: 'pct-box' }, number, '%')),
        h('p', { class: 'field-error' }),
      ),
      words,
    );
    number.id = 'p-yes';
    read = () => {
      const v = Number(number.value);
      if (number.value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 100) return null;
      return { probability: v / 100 };
    };
  } else {
    const options = q.options ?? [];
    const start = last?.probabilities?.map((p) => round1(p * 100)) ?? options.map(() => 0);
    const inputs = options.map((o, i) =>
      h('input', {
        type: 'number',
        name: `probabilities.${i}`,
        min: 0,
        max: 100,
        step: 0.1,
        value: start[i] ?? 0,
        class: 'pct-input',
        'aria-label': `${o}, in percent`,
      }),
    );
    const bars = options.map(() => h('span', { class: 'bar-fill' }));
    const sum = h('p', { class: 'sum', 'aria-live': 'polite' });
    const submit = () => /** @type {HTMLButtonElement | null} */ (form.querySelector('button[type="submit"]'));
    const total = () => inputs.reduce((s, el) => s + (Number(el.value) || 0), 0);
    const show = () => {
      const t = total();
      const ok = Math.abs(t - 100) < 1e-6;
      sum.className = `sum ${ok ? 'sum-ok' : 'sum-bad'}`;
      replace(
        sum,
        `Total ${fmt(t)}%`,
        h(
          'span',
          null,
          ok ? ' — ready' : t < 100 ? ` — ${fmt(100 - t)}% left to assign` : ` — ${fmt(t - 100)}% too much`,
        ),
      );
      inputs.forEach((el, i) => {
        const bar = bars[i];
        if (bar) bar.style.width = `${Math.max(0, Math.min(100, Number(el.value) || 0))}%`;
      });
      const b = submit();
      if (b) b.disabled = !ok;
    };
    inputs.forEach((el) => el.addEventListener('input', show));
    form.append(
      h(
        'div',
        { class: 'option-inputs' },
        options.map((o, i) =>
          h(
            'div',
            { class: 'field option-input' },
            h('label', { for: `opt-${i}` }, o),
            h(
              'div',
              { class: 'option-row' },
              h('span', { class: 'bar' }, bars[i]),
              h(
                'span',
                { class: 'pct-box' },
                Object.assign(/** @type {HTMLInputElement} */ (inputs[i]), { id: `opt-${i}` }),
                '%',
              ),
            ),
            h('p', { class: 'field-error' }),
          ),
        ),
      ),
      sum,
    );
    queueMicrotask(show);
    read = () => {
      const values = inputs.map((el) => Number(el.value));
      if (values.some((v, i) => inputs[i]?.value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 100)) return null;
      return { probabilities: values.map((v) => v / 100) };
    };
  }
  form.append(
    field(
      'Rationale',
      h('textarea', { name: 'rationale', rows: 4, placeholder: 'Why this number? What would change your mind?' }),
      'Shown with your forecast in the history.',
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, last ? 'Update forecast' : 'Save forecast'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const body = read();
      if (!body) throw new Error('Each probability must be a number from 0 to 100.');
      const rationale = val(form, 'rationale');
      if (rationale) body.rationale = rationale;
      await endpoints.forecast(q.key, body);
      await ctx.reload();
    });
  });
  card.append(form);
  return card;
}

/** @param {number} x */
function round1(x) {
  return Math.round(x * 10) / 10;
}

/** @param {number} v */
function fmt(v) {
  return String(round1(v));
}

/**
 * Every visible forecast with its rationale, newest first.
 * @param {Question} q
 * @param {Forecast[]} forecasts
 * @param {number | null} end
 */
function historyCard(q, forecasts, end) {
  const card = h('section', { class: 'card' }, h('h2', null, 'Forecast history'));
  if (forecasts.length === 0) {
    card.append(empty('No forecasts yet'));
    return card;
  }
  const rows = [...forecasts].reverse().map((f) => {
    const late = end !== null && q.resolution !== null && Date.parse(f.createdAt) >= end;
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

/**
 * The resolve form for leads and admins: outcome, when it became known, source, note.
 * @param {PageContext} ctx
 * @param {Question} q
 */
function resolveCard(ctx, q) {
  const outcomes =
    q.type === 'binary'
      ? [h('option', { value: 'yes' }, 'Yes'), h('option', { value: 'no' }, 'No')]
      : (q.options ?? []).map((o, i) => h('option', { value: String(i) }, o));
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Resolve' },
    field(
      'Outcome',
      h(
        'select',
        { name: 'outcome' },
        h('option', { value: '' }, 'Choose…'),
        outcomes,
        h('option', { value: 'annulled' }, 'Annulled (not scored)'),
      ),
    ),
    field(
      'Known since',
      h('input', { type: 'datetime-local', name: 'occurredAt', max: toLocalInput(Date.now()) }),
      'When the outcome became public (your local time). Forecasts from then on are not scored.',
    ),
    field('Source', h('input', { type: 'url', name: 'sourceUrl', placeholder: 'https://…' })),
    field('Note', h('textarea', { name: 'note', rows: 2 })),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, q.resolution ? 'Re-resolve' : 'Resolve'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const raw = val(form, 'outcome');
      if (!raw) throw new Error('Choose an outcome.');
      /** @type {Record<string, unknown>} */
      const body = { outcome: /^\d+$/.test(raw) ? Number(raw) : raw };
      const occurred = val(form, 'occurredAt');
      if (occurred) body.occurredAt = fromLocalInput(occurred) ?? occurred;
      const source = val(form, 'sourceUrl');
      if (source) body.sourceUrl = source;
      const note = val(form, 'note');
      if (note) body.note = note;
      await endpoints.resolve(q.key, body);
      await ctx.reload();
    });
  });
  return h(
    'section',
    { class: 'card resolve-card' },
    h('h2', null, q.resolution ? 'Re-resolve' : 'Resolve'),
    h(
      'p',
      { class: 'muted small' },
      q.resolution
        ? 'A new resolution replaces the standing one for every score; both stay in the history.'
        : 'Resolving scores every forecast made before the outcome was known.',
    ),
    form,
  );
}
