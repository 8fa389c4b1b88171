// @ts-check
/**
 * The card leads and admins resolve a question with (or re-resolve it: the new
 * resolution replaces the standing one for every score).
 */
import { endpoints } from '../api.js';
import { field, h } from '../dom.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { submitting, val } from '../forms.js';

/**
 * The resolve card for leads and admins: outcome, when it became known, source
 * and note; posting again re-resolves.
 * @param {import('../types').Question} q
 * @param {() => Promise<void>} onResolved called after the resolution was saved
 */
export function resolveCard(q, onResolved) {
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
      await onResolved();
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
