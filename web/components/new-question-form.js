// @ts-check
/**
 * The form to pose a question: title, criteria, type (with its options), tags,
 * when it opens and closes, and in "More settings" its key and whether
 * analysts see each other's forecasts before making their own.
 */
import { endpoints } from '../api.js';
import { parseOptions, slugProblem, timeProblem } from '../checks.js';
import { field, h } from '../dom.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { showProblems, submitting, val } from '../forms.js';

/** @typedef {import('../forms.js').Problem} Problem */

/**
 * The form to pose a question. On success it opens the new question.
 * @param {() => void} close what "Cancel" does
 */
export function newQuestionForm(close) {
  const type = h(
    'select',
    { name: 'type' },
    h('option', { value: 'binary' }, 'Yes / no (binary)'),
    h('option', { value: 'categorical' }, 'Multiple choice (categorical)'),
    h('option', { value: 'ordinal' }, 'Ordered bins (ordinal)'),
  );
  const optionsField = field(
    'Options',
    h('textarea', {
      name: 'options',
      rows: 4,
      placeholder: 'One per line, e.g.\nBefore 10 Sep\n10–13 Sep\nAfter 13 Sep',
    }),
    'One option per line. Ordinal questions list their bins in order (at least 3).',
  );
  optionsField.hidden = true;
  type.addEventListener('change', () => {
    optionsField.hidden = type.value === 'binary';
  });
  const in30days = new Date(Date.now() + 30 * 86_400_000);
  in30days.setHours(17, 0, 0, 0);
  const form = h(
    'form',
    { class: 'card form form-wide', novalidate: true, 'aria-label': 'New question' },
    h('h2', null, 'New question'),
    field(
      'Title',
      h('input', {
        name: 'title',
        required: true,
        maxlength: 300,
        placeholder: 'Will the summit communiqué mention export controls?',
      }),
    ),
    field(
      'Resolution criteria',
      h('textarea', {
        name: 'description',
        rows: 4,
        placeholder: 'What counts as yes, which source decides, edge cases…',
      }),
      'How the question will be resolved, precisely enough that two analysts would agree.',
    ),
    h(
      'div',
      { class: 'grid-2' },
      field('Type', type),
      field(
        'Tags',
        h('input', { name: 'tags', placeholder: 'e.g. summit, trade' }),
        'Lowercase words separated by commas.',
      ),
    ),
    optionsField,
    h(
      'div',
      { class: 'grid-2' },
      field(
        'Opens',
        h('input', { name: 'opensAt', type: 'datetime-local' }),
        'Your local time. Leave empty to open now.',
      ),
      field(
        'Closes',
        h('input', { name: 'closesAt', type: 'datetime-local', required: true, value: toLocalInput(in30days) }),
        'Your local time. No forecasts after this.',
      ),
    ),
    h(
      'details',
      { class: 'advanced' },
      h('summary', null, 'More settings'),
      field(
        'Key',
        h('input', { name: 'key', placeholder: 'made from the title when empty', pattern: '[a-z0-9-]+' }),
        'The short name in the question’s address: a–z, 0–9 and dashes.',
      ),
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', name: 'hideForecasts' }),
        ' Hide other analysts’ forecasts from each analyst until they have forecast',
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create question'),
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: close }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = check(form, type.value);
    if (!checked.ok) return showProblems(form, checked.problems);
    submitting(form, async () => {
      const { question } = await endpoints.createQuestion(checked.body);
      location.hash = `/q/${question.key}`;
    });
  });
  return form;
}

/**
 * The form's values as a request body, or the problems with them, worded for
 * people (times in their own zone), in the order the fields come.
 * @param {HTMLFormElement} form
 * @param {string} type
 * @returns {{ ok: true, body: Record<string, unknown> } | { ok: false, problems: Problem[] }}
 */
function check(form, type) {
  const now = Date.now();
  /** @type {Problem[]} */
  const problems = [];
  const title = val(form, 'title');
  if (!title) problems.push({ name: 'title', message: 'Give the question a title.' });
  else if (title.length > 300)
    problems.push({
      name: 'title',
      message: `The title can be at most 300 characters (this one has ${title.length}).`,
    });
  const description = val(form, 'description');
  if (description.length > 20_000)
    problems.push({
      name: 'description',
      message: `The criteria can be at most 20,000 characters (these have ${description.length}).`,
    });
  /** @type {Record<string, unknown>} */
  const body = { title, description, type };
  const tags = val(form, 'tags')
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const badTag = tags.map((t) => slugProblem(t, 'A tag', 'us-election')).find((p) => p !== null);
  if (badTag) problems.push({ name: 'tags', message: badTag });
  else if (tags.length > 20) problems.push({ name: 'tags', message: `At most 20 tags (this has ${tags.length}).` });
  else if (tags.length) body.tags = tags;

  if (type === 'categorical' || type === 'ordinal') {
    const options = parseOptions(val(form, 'options'), type);
    if (options.ok) body.options = options.options;
    else problems.push({ name: 'options', message: options.problem });
  }
  const opensText = val(form, 'opensAt');
  const opensAt = opensText ? fromLocalInput(opensText) : null;
  if (opensText && !opensAt)
    problems.push({ name: 'opensAt', message: 'Enter a date and a time, or leave Opens empty.' });
  if (opensAt) body.opensAt = opensAt;
  const closesText = val(form, 'closesAt');
  const closesAt = closesText ? fromLocalInput(closesText) : null;
  if (!closesAt) problems.push({ name: 'closesAt', message: 'Enter when the question closes: a date and a time.' });
  else {
    const closes = Date.parse(closesAt);
    const problem =
      timeProblem(closes, { label: 'Closes', earliest: { at: now + 1, words: 'in the past' }, now }) ??
      (opensAt
        ? timeProblem(closes, {
            label: 'Closes',
            earliest: { at: Date.parse(opensAt) + 1, words: 'at or before the opening' },
            now,
          })
        : null);
    if (problem) problems.push({ name: 'closesAt', message: problem });
    body.closesAt = closesAt;
  }
  const key = val(form, 'key');
  if (key) {
    const problem = slugProblem(key, 'The key', 'ceasefire-holds');
    if (problem) {
      problems.push({ name: 'key', message: problem });
      // The key sits under "More settings": open it so the message shows.
      const details = form.querySelector('details.advanced');
      if (details instanceof HTMLDetailsElement) details.open = true;
    } else body.key = key;
  }
  if (/** @type {HTMLInputElement} */ (form.elements.namedItem('hideForecasts')).checked) body.hideForecasts = true;
  return problems.length ? { ok: false, problems } : { ok: true, body };
}
