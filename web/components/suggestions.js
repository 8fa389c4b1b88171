// @ts-check
/**
 * Resolution suggestions on a question: whoever forecast may suggest one (on a
 * resolved question it disputes the standing resolution); leads and admins
 * accept or dismiss the open ones.
 */
import { endpoints } from '../api.js';
import { field, h, statusBadge } from '../dom.js';
import { showError, showProblems, submitting, val } from '../forms.js';
import { dateTime, outcomeLabel } from '../format.js';
import { isReviewer } from '../roles.js';

/**
 * @typedef {import('../types').Question} Question
 * @typedef {import('../router.js').PageContext} PageContext
 */

/**
 * Resolution suggestions: each with its outcome, source and note; leads and
 * admins accept or dismiss the open ones; whoever forecast may suggest one.
 * @param {Question} q
 * @param {PageContext} ctx
 * @param {boolean} forecast whether the viewer has forecast on it
 */
export function suggestionsCard(q, ctx, forecast) {
  const list = q.suggestions ?? [];
  if (!list.length && !forecast) return null;
  const reviewer = isReviewer(ctx.user.role);
  const card = h(
    'section',
    { class: 'card', 'aria-label': 'Suggested resolutions' },
    h('h2', null, 'Suggested resolutions'),
  );
  if (list.length) {
    card.append(
      h(
        'ul',
        { class: 'suggestions' },
        list.map((s) => {
          const msg = h('span', { class: 'inline-error', role: 'alert' });
          const decide = async (/** @type {() => Promise<unknown>} */ f, /** @type {string} */ done) => {
            try {
              await f();
              await ctx.reload({ status: done });
            } catch (err) {
              msg.textContent = err instanceof Error ? err.message : String(err);
            }
          };
          const note = h('input', { name: 'note', 'aria-label': `Why dismiss suggestion ${s.id}` });
          return h(
            'li',
            { 'data-suggestion': String(s.id) },
            h('strong', null, outcomeLabel(s.outcome, q.options)),
            ` — ${s.by}, ${dateTime(s.at)} · `,
            statusBadge(s.status === 'open' ? 'open' : s.status === 'accepted' ? 'resolved' : 'annulled', s.status),
            s.occurredAt ? h('div', { class: 'muted' }, `Known since ${dateTime(s.occurredAt)}`) : null,
            s.sourceUrl && /^https?:\/\//i.test(s.sourceUrl)
              ? h('div', null, h('a', { href: s.sourceUrl, rel: 'noopener noreferrer', target: '_blank' }, 'source'))
              : null,
            s.note ? h('p', null, s.note) : null,
            s.status !== 'open'
              ? h(
                  'div',
                  { class: 'muted' },
                  `${s.status} by ${s.decidedBy}${s.decisionNote ? `: ${s.decisionNote}` : ''}`,
                )
              : null,
            reviewer && s.status === 'open'
              ? h(
                  'div',
                  { class: 'actions' },
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-sm btn-primary',
                      onclick: () =>
                        decide(() => endpoints.acceptSuggestion(s.id), 'Accepted: the question is resolved.'),
                    },
                    'Accept',
                  ),
                  note,
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-sm',
                      onclick: () =>
                        note.value.trim()
                          ? decide(() => endpoints.dismissSuggestion(s.id, note.value), 'Dismissed.')
                          : (msg.textContent = 'Say why you dismiss it.'),
                    },
                    'Dismiss',
                  ),
                  msg,
                )
              : null,
          );
        }),
      ),
    );
  }
  if (!forecast) return card;
  const outcomes =
    q.type === 'binary'
      ? [
          ['yes', 'Yes'],
          ['no', 'No'],
        ]
      : (q.options ?? []).map((o, i) => [String(i), o]);
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Suggest a resolution' },
    h('h3', null, q.resolution ? 'Dispute the resolution' : 'Suggest a resolution'),
    field(
      'Outcome',
      h(
        'select',
        { name: 'outcome' },
        [...outcomes, ['annulled', 'Annul']].map(([v, label]) => h('option', { value: v }, label)),
      ),
    ),
    field('Source (optional)', h('input', { name: 'sourceUrl', type: 'url', placeholder: 'https://…' })),
    field('Note (optional)', h('textarea', { name: 'note', rows: '2' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Suggest')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = val(form, 'outcome');
    const outcome = /^\d+$/.test(raw) ? Number(raw) : raw;
    const sourceUrl = val(form, 'sourceUrl');
    if (sourceUrl && !/^https?:\/\/\S+$/i.test(sourceUrl))
      return showProblems(form, [{ name: 'sourceUrl', message: 'Give a web address starting with https://.' }]);
    const note = val(form, 'note');
    submitting(form, async () => {
      await endpoints.suggest(q.key, { outcome, ...(sourceUrl ? { sourceUrl } : {}), ...(note ? { note } : {}) });
      await ctx.reload({
        focus: 'form[aria-label="Suggest a resolution"] select',
        status: 'Suggestion sent to the leads.',
      });
    }).catch((err) => showError(form, err));
  });
  card.append(form);
  return card;
}
