// @ts-check
/**
 * The clarifications of a question's criteria: append-only, dated and signed,
 * shown above the forecasts, with a form for the author, leads and admins.
 */
import { endpoints } from '../api.js';
import { field, h } from '../dom.js';
import { showProblems, submitting, val } from '../forms.js';
import { dateTime } from '../format.js';
import { isReviewer } from '../roles.js';

/**
 * @typedef {import('../types').Question} Question
 * @typedef {import('../router.js').PageContext} PageContext
 */

/**
 * The clarifications of the criteria, oldest first, dated and signed, with a
 * form for the author, leads and admins (append-only: no edit, no delete).
 * @param {Question} q
 * @param {PageContext} ctx
 */
export function clarificationsCard(q, ctx) {
  const list = q.clarifications ?? [];
  const mayClarify = q.createdBy === ctx.user.handle || isReviewer(ctx.user.role);
  if (!list.length && !mayClarify) return null;
  const card = h(
    'section',
    { class: 'card', 'aria-label': 'Clarifications' },
    h('h2', null, 'Clarifications'),
    list.length
      ? h(
          'ol',
          { class: 'clarifications' },
          list.map((c) =>
            h(
              'li',
              null,
              h('div', { class: 'prose' }, c.text),
              h('div', { class: 'muted' }, `${c.by}, ${dateTime(c.at)}`),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No clarifications yet.'),
  );
  if (!mayClarify) return card;
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Add a clarification' },
    field(
      'Add a clarification',
      h('textarea', { name: 'text', rows: '3', maxlength: '5000' }),
      'Added for good, with your name and the time; up to 5,000 characters.',
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Add clarification')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = val(form, 'text');
    if (!text.trim()) return showProblems(form, [{ name: 'text', message: 'Write the clarification first.' }]);
    if (text.length > 5000)
      return showProblems(form, [{ name: 'text', message: `At most 5,000 characters (this has ${text.length}).` }]);
    submitting(form, async () => {
      await endpoints.clarify(q.key, text);
      await ctx.reload({ focus: 'form[aria-label="Add a clarification"] textarea', status: 'Clarification added.' });
    });
  });
  card.append(form);
  return card;
}
