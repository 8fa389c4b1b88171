// @ts-check
/**
 * The viewer's forecast card on a question: the crowd's number beside their
 * own ("Crowd 50% · you 55%", or why the crowd is hidden), the form to make or
 * update a forecast while the question is open (a percentage box and a slider
 * for yes/no, one box per option with a running total otherwise), or why they
 * cannot forecast now and, once resolved, their score.
 *
 * The form checks before sending: a box that holds no percentage shows one
 * message under it (and the slider and the Yes/No preview stop showing a
 * value rather than contradict it); 0% and 100% and a missing rationale are
 * asked about first (components/confirm.js). After a save the page reloads
 * with focus back in the form and "Saved 55% at 05:15" above its button.
 */
import { endpoints } from '../api.js';
import { parsePercent } from '../checks.js';
import { describeBy, field, h, replace } from '../dom.js';
import { clockTime, dateTime, num, pct, relative, signed, when } from '../format.js';
import { clearErrors, markProblem, showProblems, submitting, unmarkProblem, val } from '../forms.js';
import { confirmInForm } from './confirm.js';

/**
 * @typedef {import('../types').Question} Question
 * @typedef {import('../types').Forecast} Forecast
 * @typedef {import('../types').QuestionScores['analysts'][number]} AnalystScore
 * @typedef {import('../forms.js').Problem} Problem
 * @typedef {{ ok: true, body: Record<string, unknown>, extremes: string[], text: string } | { ok: false, problems: Problem[] }} Reading
 *   what the boxes say: a request body, the options set to 0% or 100% in words, and the forecast in words; or the problems
 * @typedef {{ controls: HTMLElement[], first: HTMLElement, read: () => Reading }} Inputs
 */

/**
 * @param {object} input
 * @param {Question} input.question
 * @param {Forecast | null} input.last the viewer's standing forecast
 * @param {AnalystScore | null} input.score the viewer's score, once resolved
 * @param {(after: { focus: string, status: string }) => Promise<void>} input.onSaved called after a save with where focus goes and what to say
 */
export function forecastCard({ question: q, last, score, onSaved }) {
  const card = h(
    'section',
    { class: 'card forecast-card', 'aria-labelledby': 'forecast-card-title' },
    h('h2', { id: 'forecast-card-title' }, 'Your forecast'),
    compare(q, last),
  );
  if (q.status !== 'open') {
    card.append(h('p', { class: 'muted' }, whyClosed(q)));
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
  const inputs = q.type === 'binary' ? binaryInputs(last) : optionInputs(q.options ?? [], last);
  const rationale = h('textarea', {
    name: 'rationale',
    rows: 4,
    placeholder: 'Why this number? What would change your mind?',
  });
  form.append(
    ...inputs.controls,
    field('Rationale', rationale, 'Shown with your forecast in the history. Optional, but worth a line.'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, last ? 'Update forecast' : 'Save forecast'),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const reading = inputs.read();
    const note = val(form, 'rationale');
    /** @type {Problem[]} */
    const problems = reading.ok ? [] : [...reading.problems];
    if (note.length > 10_000) {
      problems.push({
        name: rationale,
        message: `The rationale can be at most 10,000 characters (this one has ${note.length.toLocaleString('en-GB')}).`,
      });
    }
    if (!reading.ok || problems.length) return showProblems(form, problems);
    clearErrors(form);
    /** @type {string[]} */
    const concerns = [];
    if (reading.extremes.length) concerns.push(extremeWarning(q, reading.extremes));
    if (!note)
      concerns.push('There is no rationale. A line on why helps you, and whoever reviews it, once it resolves.');
    if (concerns.length) {
      const justRationale = reading.extremes.length === 0;
      const go = await confirmInForm(form, {
        title: justRationale ? 'Save without a rationale?' : `Save ${reading.text}?`,
        message:
          concerns.length === 1
            ? concerns[0]
            : h(
                'ul',
                null,
                concerns.map((c) => h('li', null, c)),
              ),
        confirm: justRationale ? 'Save without one' : `Save ${reading.text}`,
        cancel: justRationale ? 'Add a rationale' : 'Change it',
        back: justRationale ? rationale : inputs.first,
      });
      if (!go) return;
    }
    const body = reading.body;
    if (note) body.rationale = note;
    await submitting(form, async () => {
      const { forecast } = await endpoints.forecast(q.key, body);
      const at = clockTime(forecast.createdAt);
      await onSaved({
        focus: `#${inputs.first.id}`,
        status: q.type === 'binary' ? `Saved ${reading.text} at ${at}` : `Saved at ${at}: ${reading.text}`,
      });
    });
  });
  card.append(form);
  return card;
}

/**
 * What a forecast of 0% or 100% risks, in words.
 * @param {Question} q
 * @param {string[]} extremes e.g. ["100% on yes"], ["0% on Hold"]
 */
function extremeWarning(q, extremes) {
  const list = extremes.join(' and ');
  return q.type === 'binary'
    ? `${list} says the question is settled. If it turns out otherwise, this forecast gets the worst score there is; 97% or 3% keeps a little doubt.`
    : `You give ${list}. 0% says an option cannot happen and 100% that it must: if that turns out wrong, this forecast gets the worst score there is.`;
}

/**
 * The crowd beside the viewer: "Crowd 50% · you 55% · updated 3 days ago"
 * for yes/no, a small table (option, you, crowd) otherwise; or why the crowd
 * is not shown.
 * @param {Question} q
 * @param {Forecast | null} last
 */
function compare(q, last) {
  const resolved = q.status === 'resolved' || q.status === 'annulled';
  const hiddenNote = q.crowdHidden
    ? 'The crowd is hidden until you forecast.'
    : !q.crowd && !resolved && !last
      ? 'No crowd yet: nobody has forecast.'
      : null;
  const updated = last
    ? h(
        'span',
        { class: 'when', title: dateTime(last.createdAt) },
        `updated ${relative(last.createdAt)} (${when(last.createdAt)})`,
      )
    : null;
  if (q.type === 'binary') {
    /** @type {import('../dom.js').Child[]} */
    const parts = [];
    if (q.crowd) parts.push(h('span', { class: 'figure' }, 'Crowd ', h('strong', null, pct(q.crowd.probability))));
    if (last)
      parts.push(h('span', { class: 'figure' }, q.crowd ? 'you ' : 'You ', h('strong', null, pct(last.probability))));
    if (!parts.length) return hiddenNote ? h('p', { class: 'compare-hidden' }, hiddenNote) : null;
    return h(
      'div',
      null,
      h(
        'p',
        { class: 'compare current' },
        parts.flatMap((p, i) => (i ? [h('span', { 'aria-hidden': 'true' }, '·'), p] : [p])),
        updated,
      ),
      hiddenNote ? h('p', { class: 'compare-hidden' }, hiddenNote) : null,
    );
  }
  const options = q.options ?? [];
  const crowd = q.crowd?.probabilities ?? null;
  if (!last && !crowd) return hiddenNote ? h('p', { class: 'compare-hidden' }, hiddenNote) : null;
  return h(
    'div',
    { class: 'current' },
    updated ? h('p', { class: 'compare' }, updated) : null,
    h(
      'ul',
      { class: `standing${last && crowd ? ' with-crowd' : ''}`, 'aria-label': 'Your forecast and the crowd’s' },
      h(
        'li',
        { 'aria-hidden': 'true' },
        h('span', { class: 'head' }, 'Option'),
        last ? h('span', { class: 'head p' }, 'You') : null,
        crowd ? h('span', { class: 'head crowd-p' }, 'Crowd') : null,
      ),
      options.map((o, i) =>
        h(
          'li',
          null,
          h('span', null, o),
          last
            ? h('span', { class: 'p' }, h('span', { class: 'visually-hidden' }, 'you '), pct(last.probabilities?.[i]))
            : null,
          crowd
            ? h('span', { class: 'crowd-p' }, h('span', { class: 'visually-hidden' }, 'crowd '), pct(crowd[i]))
            : null,
        ),
      ),
    ),
    hiddenNote ? h('p', { class: 'compare-hidden' }, hiddenNote) : null,
  );
}

/** Why a question that is not open takes no forecast. */
function whyClosed(/** @type {Question} */ q) {
  if (q.status === 'upcoming') return `Forecasting opens ${relative(q.opensAt)} (${dateTime(q.opensAt)}).`;
  if (q.status === 'closed') return `Forecasting closed ${dateTime(q.closesAt)}; the question awaits its resolution.`;
  if (q.status === 'annulled') return 'The question was annulled; it is not scored.';
  return 'The question has been resolved.';
}

/**
 * A yes/no forecast: a percentage box and a slider that follow each other,
 * and the split in words. While the box holds no percentage, the slider is
 * dimmed and the split is blank: neither shows a number the box does not.
 * @param {Forecast | null} last
 * @returns {Inputs}
 */
function binaryInputs(last) {
  const start = last?.probability !== undefined ? String(round1(last.probability * 100)) : '50';
  const slider = h('input', {
    type: 'range',
    min: 0,
    max: 100,
    step: 1,
    value: start,
    'aria-label': 'Probability of yes, slider',
    'aria-valuetext': `${start}%`,
  });
  const box = h('input', {
    type: 'text',
    inputmode: 'decimal',
    autocomplete: 'off',
    name: 'probability',
    id: 'p-yes',
    'data-live-check': true,
    value: start,
    class: 'pct-input',
  });
  const words = h('p', { class: 'split', 'aria-hidden': 'true' });
  const show = () => {
    const r = parsePercent(box.value);
    if (r.ok) {
      unmarkProblem(box);
      slider.value = String(r.value);
      slider.classList.remove('stale');
      slider.setAttribute('aria-valuetext', `${fmt(r.value)}%`);
      replace(
        words,
        h('span', { class: 'yes' }, `Yes ${fmt(r.value)}%`),
        h('span', { class: 'no' }, `No ${fmt(100 - r.value)}%`),
      );
    } else {
      slider.classList.add('stale');
      slider.setAttribute('aria-valuetext', 'no valid percentage in the box');
      replace(words);
      if (box.value.trim() === '') unmarkProblem(box);
      else markProblem(box, r.problem);
    }
  };
  slider.addEventListener('input', () => {
    box.value = slider.value;
    show();
  });
  box.addEventListener('input', show);
  const error = h('p', { class: 'field-error', id: 'p-yes-error' });
  describeBy(box, [error.id]);
  show();
  return {
    controls: [
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'p-yes' }, 'Probability of “yes”, in %'),
        h(
          'div',
          { class: 'pct-row' },
          slider,
          h('span', { class: 'pct-box' }, box, h('span', { 'aria-hidden': 'true' }, '%')),
        ),
        error,
      ),
      words,
    ],
    first: box,
    read: () => {
      const r = parsePercent(box.value);
      if (!r.ok) return { ok: false, problems: [{ name: box, message: r.problem }] };
      return {
        ok: true,
        body: { probability: r.value / 100 },
        extremes: r.value === 0 || r.value === 100 ? [`${fmt(r.value)}% on yes`] : [],
        text: `${fmt(r.value)}%`,
      };
    },
  };
}

/**
 * A forecast over options: a percentage box and a bar per option, and the
 * running total, which must reach 100% (checked when saving).
 * @param {string[]} options
 * @param {Forecast | null} last
 * @returns {Inputs}
 */
function optionInputs(options, last) {
  const start = last?.probabilities?.map((p) => round1(p * 100)) ?? options.map(() => 0);
  const inputs = options.map((o, i) =>
    h('input', {
      type: 'text',
      inputmode: 'decimal',
      autocomplete: 'off',
      name: `probabilities.${i}`,
      id: `opt-${i}`,
      'data-live-check': true,
      value: String(start[i] ?? 0),
      class: 'pct-input',
      'aria-label': `${o}, in percent`,
    }),
  );
  const bars = options.map(() => h('span', { class: 'bar-fill' }));
  const sum = h('p', { class: 'sum' });
  const values = () => inputs.map((el) => parsePercent(el.value));
  const show = () => {
    const rs = values();
    inputs.forEach((el, i) => {
      const r = rs[i];
      const bar = bars[i];
      if (r?.ok) unmarkProblem(el);
      else if (r && el.value.trim() !== '') markProblem(el, r.problem);
      else unmarkProblem(el);
      if (bar) bar.style.width = r?.ok ? `${r.value}%` : '0';
    });
    if (rs.some((r) => !r.ok)) {
      sum.className = 'sum sum-bad';
      replace(sum, 'Total: fix the marked boxes first');
      return;
    }
    const t = rs.reduce((s, r) => s + (r.ok ? r.value : 0), 0);
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
  };
  inputs.forEach((el) => el.addEventListener('input', show));
  show();
  return {
    controls: [
      h(
        'div',
        { class: 'option-inputs' },
        options.map((o, i) => {
          const error = h('p', { class: 'field-error', id: `opt-${i}-error` });
          const input = /** @type {HTMLInputElement} */ (inputs[i]);
          describeBy(input, [error.id]);
          return h(
            'div',
            { class: 'field option-input' },
            h('label', { for: `opt-${i}` }, o),
            h(
              'div',
              { class: 'option-row' },
              h('span', { class: 'bar', 'aria-hidden': 'true' }, bars[i]),
              h('span', { class: 'pct-box' }, input, h('span', { 'aria-hidden': 'true' }, '%')),
            ),
            error,
          );
        }),
      ),
      sum,
    ],
    first: /** @type {HTMLElement} */ (inputs[0]),
    read: () => {
      const rs = values();
      /** @type {Problem[]} */
      const problems = [];
      rs.forEach((r, i) => {
        if (!r.ok)
          problems.push({ name: /** @type {HTMLElement} */ (inputs[i]), message: `${options[i]}: ${r.problem}` });
      });
      if (problems.length) return { ok: false, problems };
      const ps = rs.map((r) => (r.ok ? r.value : 0));
      const t = ps.reduce((s, v) => s + v, 0);
      if (Math.abs(t - 100) >= 1e-6) {
        const gap = t < 100 ? `${fmt(100 - t)}% is left to assign` : `that is ${fmt(t - 100)}% too much`;
        return {
          ok: false,
          problems: [{ name: null, message: `The options add up to ${fmt(t)}%, not 100%: ${gap}.` }],
        };
      }
      return {
        ok: true,
        body: { probabilities: ps.map((v) => v / 100) },
        extremes: ps.flatMap((v, i) => (v === 0 || v === 100 ? [`${fmt(v)}% to ${options[i]}`] : [])),
        text: ps.map((v, i) => `${options[i]} ${fmt(v)}%`).join(' · '),
      };
    },
  };
}

/** @param {number} x */
function round1(x) {
  return Math.round(x * 10) / 10;
}

/** @param {number} v */
function fmt(v) {
  return String(round1(v));
}
