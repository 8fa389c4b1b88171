// @ts-check
/**
 * The form to pose a question: title, criteria, type (with its options), tags,
 * when it opens and closes, and in "More settings" its key and whether
 * analysts see each other's forecasts before making their own.
 */
import { endpoints } from '../api.js';
import { field, h } from '../dom.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { submitting, val } from '../forms.js';

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
    submitting(form, async () => {
      /** @type {Record<string, unknown>} */
      const body = {
        title: val(form, 'title'),
        description: val(form, 'description'),
        type: type.value,
        closesAt: fromLocalInput(val(form, 'closesAt')) ?? val(form, 'closesAt'),
      };
      const tags = val(form, 'tags')
        .split(/[\s,]+/)
        .filter(Boolean);
      if (tags.length) body.tags = tags;
      if (type.value !== 'binary') {
        body.options = val(form, 'options')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean);
      }
      const opensAt = val(form, 'opensAt');
      if (opensAt) body.opensAt = fromLocalInput(opensAt) ?? opensAt;
      const key = val(form, 'key');
      if (key) body.key = key;
      if (/** @type {HTMLInputElement} */ (form.elements.namedItem('hideForecasts')).checked) body.hideForecasts = true;
      const { question } = await endpoints.createQuestion(body);
      location.hash = `/q/${question.key}`;
    });
  });
  return form;
}
