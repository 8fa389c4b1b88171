// @ts-check
/**
 * The viewer's forecast card on a question: their standing forecast, the form
 * to make or update it while the question is open (a slider and a percentage
 * for yes/no, one percentage per option with a running total otherwise), or
 * why they cannot forecast now and, once resolved, their score.
 */
import { endpoints } from '../api.js';
import { field, h, replace } from '../dom.js';
import { dateTime, forecastText, num, pct, relative, signed } from '../format.js';
import { submitting, val } from '../forms.js';

/**
 * @typedef {import('../types').Question} Question
 * @typedef {import('../types').Forecast} Forecast
 * @typedef {import('../types').QuestionScores['analysts'][number]} AnalystScore
 * @typedef {{ controls: HTMLElement[], read: () => Record<string, unknown> | null }} Inputs
 *   the form's probability controls, and what they say as a request body (null when a value is not a percentage)
 */

/**
 * @param {object} input
 * @param {Question} input.question
 * @param {Forecast | null} input.last the viewer's standing forecast
 * @param {AnalystScore | null} input.score the viewer's score, once resolved
 * @param {() => Promise<void>} input.onSaved called after a forecast was saved
 */
export function forecastCard({ question: q, last, score, onSaved }) {
  const card = h('section', { class: 'card forecast-card' }, h('h2', null, 'Your forecast'));
  if (last) card.append(standing(q, last));
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
  const inputs = q.type === 'binary' ? binaryInputs(last) : optionInputs(q.options ?? [], last, form);
  form.append(
    ...inputs.controls,
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
      const body = inputs.read();
      if (!body) throw new Error('Each probability must be a number from 0 to 100.');
      const rationale = val(form, 'rationale');
      if (rationale) body.rationale = rationale;
      await endpoints.forecast(q.key, body);
      await onSaved();
    });
  });
  card.append(form);
  return card;
}

/**
 * The viewer's standing forecast: one number for yes/no, a list otherwise.
 * @param {Question} q
 * @param {Forecast} last
 */
function standing(q, last) {
  return q.type === 'binary'
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
 * A yes/no forecast: a slider and a percentage that follow each other, and the
 * split in words.
 * @param {Forecast | null} last
 * @returns {Inputs}
 */
function binaryInputs(last) {
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
  number.id = 'p-yes';
  return {
    controls: [
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'p-yes' }, 'Probability of “yes”'),
        h('div', { class: 'pct-row' }, slider, h('span', { class: 'pct-box' }, number, '%')),
        h('p', { class: 'field-error' }),
      ),
      words,
    ],
    read: () => {
      const v = Number(number.value);
      if (number.value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 100) return null;
      return { probability: v / 100 };
    },
  };
}

/**
 * A forecast over options: a percentage and a bar per option, and the running
 * total, which must reach 100% before the form's button is enabled.
 * @param {string[]} options
 * @param {Forecast | null} last
 * @param {HTMLFormElement} form
 * @returns {Inputs}
 */
function optionInputs(options, last, form) {
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
  // Once the form (and its button) is built.
  queueMicrotask(show);
  return {
    controls: [
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
    ],
    read: () => {
      const values = inputs.map((el) => Number(el.value));
      if (values.some((v, i) => inputs[i]?.value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 100)) return null;
      return { probabilities: values.map((v) => v / 100) };
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
