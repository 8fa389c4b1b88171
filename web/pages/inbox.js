// @ts-check
/**
 * The inbox, the first page after sign-in: what needs you now, grouped by
 * kind in the API's order (questions awaiting resolution and open suggestions
 * for leads and admins; then closing soon, stale forecasts, not yet forecast).
 */
import { endpoints } from '../api.js';
import { empty, h, replace } from '../dom.js';
import { dateTime, relative } from '../format.js';

/** @typedef {import('../types').InboxItem} InboxItem */

/** Each kind's heading and what its line says about `at`. */
const KINDS = /** @type {const} */ ({
  awaitingResolution: {
    title: 'Awaiting resolution',
    hint: 'Closed and not resolved yet, the longest waiting first.',
    at: (/** @type {string} */ at) => `closed ${relative(at)}: waiting since ${dateTime(at)}`,
  },
  suggestion: {
    title: 'Suggested resolutions',
    hint: 'Forecasters say the outcome is known, or dispute a resolution: accept or dismiss on the question.',
    at: (/** @type {string} */ at) => `suggested ${relative(at)}`,
  },
  closingSoon: {
    title: 'Closing within 72 hours',
    hint: 'Last chance to forecast or update.',
    at: (/** @type {string} */ at) => `closes ${relative(at)} (${dateTime(at)})`,
  },
  stale: {
    title: 'Your stale forecasts',
    hint: 'Older than the workspace’s limit, or the crowd has moved 15 points or more since you forecast.',
    at: (/** @type {string} */ at) => `your forecast is from ${dateTime(at)}`,
  },
  unforecast: {
    title: 'Not forecast yet',
    hint: 'Open questions you have not forecast.',
    at: (/** @type {string} */ at) => `open since ${dateTime(at)}`,
  },
});

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  const { items } = await endpoints.inbox();
  if (!ctx.current()) return;
  /** @type {Map<string, InboxItem[]>} */
  const byKind = new Map();
  for (const it of items) {
    const list = byKind.get(it.kind) ?? [];
    list.push(it);
    byKind.set(it.kind, list);
  }
  const sections = Object.entries(KINDS).flatMap(([kind, k]) => {
    const list = byKind.get(kind);
    if (!list) return [];
    return [
      h(
        'section',
        { class: 'card inbox-group', 'data-kind': kind },
        h('h2', null, `${k.title} (${list.length})`),
        h('p', { class: 'muted' }, k.hint),
        h(
          'ul',
          { class: 'inbox-list' },
          list.map((it) =>
            h(
              'li',
              null,
              h('a', { href: `#/q/${encodeURIComponent(it.question.key)}` }, it.question.title),
              h('span', { class: 'muted' }, ` — ${k.at(it.at)}`),
            ),
          ),
        ),
      ),
    ];
  });
  replace(
    view,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('h1', null, 'Inbox'),
        h('p', { class: 'muted' }, items.length ? `${items.length} things need you.` : 'Nothing needs you right now.'),
      ),
    ),
    sections.length ? sections : empty('All caught up', h('a', { href: '#/questions' }, 'Browse the questions')),
  );
}
