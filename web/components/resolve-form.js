// @ts-check
/**
 * The card leads and admins resolve a question with, or re-resolve it: the new
 * resolution replaces the standing one for every score. Re-resolving starts
 * from the standing resolution (outcome, time, source, note), asks for a note
 * saying why, and confirms with what it changes ("This rescores 9 analysts").
 * Times are checked in the browser and worded in the viewer's time zone; a
 * source without a scheme gets https://.
 */
import { endpoints } from '../api.js';
import { timeProblem, withScheme } from '../checks.js';
import { field, h } from '../dom.js';
import { fromLocalInput, outcomeLabel, toLocalInput, when } from '../format.js';
import { clearErrors, showProblems, submitting, val } from '../forms.js';
import { confirmInForm } from './confirm.js';

/**
 * @typedef {import('../types').Question} Question
 * @typedef {import('../forms.js').Problem} Problem
 */

/**
 * The resolve card: outcome, when it became known, source and note; posting
 * again re-resolves.
 * @param {Question} q
 * @param {(after: { focus: string, status: string }) => Promise<void>} onResolved called after the resolution was saved
 */
export function resolveCard(q, onResolved) {
  const standing = q.resolution;
  const outcomes =
    q.type === 'binary'
      ? [h('option', { value: 'yes' }, 'Yes'), h('option', { value: 'no' }, 'No')]
      : (q.options ?? []).map((o, i) => h('option', { value: String(i) }, o));
  const outcome = h(
    'select',
    { name: 'outcome' },
    standing ? null : h('option', { value: '' }, 'Choose…'),
    outcomes,
    h('option', { value: 'annulled' }, 'Annulled (not scored)'),
  );
  if (standing) outcome.value = String(standing.outcome);
  const occurred = h('input', {
    type: 'datetime-local',
    name: 'occurredAt',
    min: toLocalInput(q.opensAt),
    max: toLocalInput(Date.now()),
    value: standing?.occurredAt ? toLocalInput(standing.occurredAt) : null,
  });
  const source = h('input', {
    type: 'text',
    inputmode: 'url',
    name: 'sourceUrl',
    placeholder: 'https://…',
    autocomplete: 'off',
    value: standing?.sourceUrl ?? null,
  });
  const note = h('textarea', { name: 'note', rows: 2, value: standing?.note ?? null });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': standing ? 'Re-resolve' : 'Resolve' },
    field('Outcome', outcome),
    field(
      'Known since',
      occurred,
      'When the outcome became public (your local time). Forecasts from then on are not scored.',
    ),
    field('Source', source, 'A web address; https:// is added when you leave it out.'),
    field(
      standing ? 'Note: why re-resolve?' : 'Note',
      note,
      standing ? 'Required: shown with the new resolution in the history.' : null,
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, standing ? 'Re-resolve' : 'Resolve'),
    ),
  );
  if (standing) note.required = true;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const now = Date.now();
    /** @type {Problem[]} */
    const problems = [];
    const raw = val(form, 'outcome');
    if (!raw) problems.push({ name: 'outcome', message: 'Choose an outcome.' });
    const occurredText = val(form, 'occurredAt');
    // The box shows minutes: left as it was, the standing time is kept to the millisecond.
    const occurredAt =
      standing?.occurredAt && occurredText === toLocalInput(standing.occurredAt)
        ? standing.occurredAt
        : occurredText
          ? fromLocalInput(occurredText)
          : null;
    if (occurredText && !occurredAt) problems.push({ name: 'occurredAt', message: 'Enter a date and a time.' });
    if (occurredAt) {
      const problem = timeProblem(Date.parse(occurredAt), {
        label: 'Known since',
        earliest: { at: Date.parse(q.opensAt), words: 'before the question opened' },
        latest: { at: now, words: 'in the future' },
        now,
      });
      if (problem) problems.push({ name: 'occurredAt', message: problem });
    }
    const url = withScheme(val(form, 'sourceUrl'));
    if (!url.ok) problems.push({ name: 'sourceUrl', message: url.problem });
    else source.value = url.url ?? '';
    const noteText = val(form, 'note');
    if (noteText.length > 10_000) {
      problems.push({
        name: 'note',
        message: `The note can be at most 10,000 characters (this one has ${noteText.length.toLocaleString('en-GB')}).`,
      });
    }
    if (standing && !noteText) problems.push({ name: 'note', message: 'Say in the note why you re-resolve.' });
    else if (standing && standing.note && noteText === standing.note.trim()) {
      problems.push({
        name: 'note',
        message: 'Change the note to say why you re-resolve: it still has the standing one.',
      });
    }
    if (problems.length) return showProblems(form, problems);
    clearErrors(form);

    const next = /^\d+$/.test(raw) ? Number(raw) : /** @type {'yes' | 'no' | 'annulled'} */ (raw);
    if (standing) {
      const go = await confirmInForm(form, {
        title:
          next === 'annulled' && standing.outcome !== 'annulled'
            ? 'Annul the question?'
            : next === standing.outcome
              ? `Re-resolve, keeping ${outcomeLabel(next, q.options)}?`
              : `Re-resolve from ${outcomeLabel(standing.outcome, q.options)} to ${outcomeLabel(next, q.options)}?`,
        message: h(
          'div',
          null,
          h(
            'ul',
            null,
            changes(q, next, occurredAt, url.ok ? url.url : null).map((c) => h('li', null, c)),
          ),
          h('p', null, effect(q.forecasters, next === 'annulled')),
        ),
        confirm: next === 'annulled' ? 'Annul' : 'Re-resolve',
        cancel: 'Go back',
        back: outcome,
      });
      if (!go) return;
    }
    /** @type {Record<string, unknown>} */
    const body = { outcome: next };
    if (occurredAt) body.occurredAt = occurredAt;
    if (url.ok && url.url) body.sourceUrl = url.url;
    if (noteText) body.note = noteText;
    await submitting(form, async () => {
      await endpoints.resolve(q.key, body);
      const label = outcomeLabel(next, q.options);
      const n = analysts(q.forecasters);
      await onResolved({
        focus: '.banner',
        status: standing
          ? `Re-resolved: ${outcomeLabel(standing.outcome, q.options)} → ${label}. ${next === 'annulled' ? `Scores of ${n} removed.` : `${n} rescored.`}`
          : next === 'annulled'
            ? 'Annulled: not scored.'
            : `Resolved: ${label}. ${n} scored.`,
      });
    });
  });
  return h(
    'section',
    { class: 'card resolve-card', 'aria-labelledby': 'resolve-card-title' },
    h('h2', { id: 'resolve-card-title' }, standing ? 'Re-resolve' : 'Resolve'),
    h(
      'p',
      { class: 'muted small' },
      standing
        ? 'Starts from the standing resolution. A new one replaces it for every score; both stay in the history.'
        : 'Resolving scores every forecast made before the outcome was known.',
    ),
    form,
  );
}

/** "9 analysts", "1 analyst". */
function analysts(/** @type {number} */ n) {
  return `${n} analyst${n === 1 ? '' : 's'}`;
}

/**
 * What a re-resolution does to the scores, in one sentence.
 * @param {number} forecasters
 * @param {boolean} annul
 */
function effect(forecasters, annul) {
  if (forecasters === 0) return 'Nobody has forecast on it, so no score changes.';
  return annul
    ? `This removes the scores of ${analysts(forecasters)}, who forecast on it. The standing resolution stays in the history.`
    : `This rescores ${analysts(forecasters)}, everyone who forecast on it. The standing resolution stays in the history.`;
}

/**
 * The differences between the standing resolution and the new one, in words:
 * "Outcome: Yes → No", "Known since: 12 Sept, 09:00 → not given", "Source: changed".
 * @param {Question} q
 * @param {'yes' | 'no' | 'annulled' | number} next
 * @param {string | null} occurredAt
 * @param {string | null} sourceUrl
 */
function changes(q, next, occurredAt, sourceUrl) {
  const r = q.resolution;
  if (!r) return [];
  const time = (/** @type {string | null} */ t) => (t ? when(t) : 'not given');
  /** @type {string[]} */
  const out = [];
  out.push(
    next === r.outcome
      ? `Outcome stays ${outcomeLabel(next, q.options)}`
      : `Outcome: ${outcomeLabel(r.outcome, q.options)} → ${outcomeLabel(next, q.options)}`,
  );
  const before = r.occurredAt ? Date.parse(r.occurredAt) : null;
  const after = occurredAt ? Date.parse(occurredAt) : null;
  if (before !== after) out.push(`Known since: ${time(r.occurredAt)} → ${time(occurredAt)}`);
  if ((r.sourceUrl ?? null) !== sourceUrl)
    out.push(sourceUrl ? (r.sourceUrl ? 'Source: changed' : 'Source: added') : 'Source: removed');
  return out;
}
