// @ts-check
/**
 * The questions list: status tabs (open, closing soon, closed, resolved, all),
 * a tag filter and a search box, and the form to pose a new question.
 */
import { endpoints } from '../api.js';
import { compareCodePoints } from '../compare.js';
import { newQuestionForm } from '../components/new-question-form.js';
import { empty, h, loading, replace, statusBadge } from '../dom.js';
import { closingSoon, date, dateTime, leadingOption, outcomeLabel, pct, relative, typeLabel } from '../format.js';

/** @typedef {import('../types').Question} Question */

const TABS = /** @type {const} */ ([
  ['open', 'Open'],
  ['soon', 'Closing soon'],
  ['closed', 'Closed'],
  ['resolved', 'Resolved'],
  ['all', 'All'],
]);

/** @type {Record<string, string>} */
const EMPTY = {
  open: 'No open questions',
  soon: 'Nothing closes in the next 7 days',
  closed: 'No questions are waiting for a resolution',
  resolved: 'No resolved questions yet',
  all: 'No questions yet',
};

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  const state = {
    tab: TABS.some(([id]) => id === ctx.query.get('status')) ? /** @type {string} */ (ctx.query.get('status')) : 'open',
    tag: ctx.query.get('tag') ?? '',
    q: ctx.query.get('q') ?? '',
  };
  /** @type {Set<string>} */
  const knownTags = new Set();

  const list = h('div', { class: 'qlist' });
  const more = h('div', { class: 'more' });
  const tagList = h('datalist', { id: 'known-tags' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const tagInput = h('input', {
    type: 'search',
    name: 'tag',
    placeholder: 'Filter by tag',
    value: state.tag,
    list: 'known-tags',
    'aria-label': 'Tag',
  });
  const search = h('input', {
    type: 'search',
    name: 'q',
    placeholder: 'Search titles and descriptions',
    value: state.q,
    'aria-label': 'Search',
  });
  const newPanel = h('div', { class: 'new-question', hidden: true });
  const newButton = h('button', { type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false' }, 'New question');

  newButton.addEventListener('click', () => {
    const open = newPanel.hidden;
    newPanel.hidden = !open;
    newButton.setAttribute('aria-expanded', String(open));
    if (open) {
      if (!newPanel.firstChild) newPanel.append(newQuestionForm(() => toggleOff()));
      /** @type {HTMLInputElement | null} */ (newPanel.querySelector('input[name="title"]'))?.focus();
    }
  });
  const toggleOff = () => {
    newPanel.hidden = true;
    newButton.setAttribute('aria-expanded', 'false');
  };

  function drawTabs() {
    replace(
      tabs,
      TABS.map(([id, text]) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: `tab${state.tab === id ? ' active' : ''}`,
            'aria-selected': String(state.tab === id),
            onclick: () => {
              state.tab = id;
              drawTabs();
              load();
            },
          },
          text,
        ),
      ),
    );
  }

  let token = 0;
  /** Loads the first page for the current filters (and later pages on "Load more"). */
  async function load(/** @type {string | null} */ cursor = null) {
    const my = ++token;
    ctx.setQuery({ status: state.tab === 'open' ? null : state.tab, tag: state.tag, q: state.q });
    if (!cursor) replace(list, loading());
    replace(more);
    const soon = state.tab === 'soon';
    const status = soon ? 'open' : state.tab === 'all' ? null : state.tab;
    const closesBefore = soon ? new Date(Date.now() + 7 * 86_400_000).toISOString() : null;
    const res = await endpoints.questions({
      status,
      tag: state.tag,
      q: state.q,
      closesBefore,
      limit: soon ? 500 : 50,
      cursor,
    });
    if (my !== token || !ctx.current()) return;
    let qs = res.questions;
    if (soon) qs = qs.filter((q) => closingSoon(q)).sort((a, b) => Date.parse(a.closesAt) - Date.parse(b.closesAt));
    for (const q of qs) for (const t of q.tags) knownTags.add(t);
    replace(
      tagList,
      [...knownTags].sort(compareCodePoints).map((t) => h('option', { value: t })),
    );
    if (!cursor) replace(list);
    if (!cursor && qs.length === 0) {
      const filtered = state.tag || state.q;
      list.append(
        empty(
          EMPTY[state.tab] ?? 'No questions',
          filtered
            ? 'Try clearing the tag filter or the search.'
            : state.tab === 'open' || state.tab === 'all'
              ? 'Pose one with “New question”.'
              : null,
        ),
      );
    }
    list.append(...qs.map(row));
    if (res.nextCursor && !soon) {
      const next = res.nextCursor;
      more.append(h('button', { type: 'button', class: 'btn', onclick: () => load(next) }, 'Load more'));
    }
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let debounce;
  const onFilter = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      state.tag = tagInput.value.trim().toLowerCase();
      state.q = search.value.trim();
      load();
    }, 250);
  };
  tagInput.addEventListener('input', onFilter);
  search.addEventListener('input', onFilter);
  ctx.onCleanup(() => clearTimeout(debounce));

  drawTabs();
  replace(
    view,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('h1', null, 'Questions'),
        h('p', { class: 'muted' }, 'Forecast on open questions; each one is scored once it resolves.'),
      ),
      newButton,
    ),
    newPanel,
    h('div', { class: 'toolbar' }, tabs, h('div', { class: 'filters' }, tagInput, search, tagList)),
    list,
    more,
  );
  await load();
}

/** One question in the list. */
function row(/** @type {Question} */ q) {
  const soon = closingSoon(q);
  const statusText = soon ? 'closing soon' : q.status;
  /** @type {(Node | string)[]} */
  const meta = [];
  if (q.status === 'upcoming') meta.push(`Opens ${relative(q.opensAt)} (${date(q.opensAt)})`);
  else if (q.status === 'open') meta.push(h('span', { title: dateTime(q.closesAt) }, `Closes ${relative(q.closesAt)}`));
  else meta.push(h('span', { title: dateTime(q.closesAt) }, `Closed ${date(q.closesAt)}`));
  meta.push(`${q.forecasters} forecaster${q.forecasters === 1 ? '' : 's'}`);
  meta.push(typeLabel(q));
  return h(
    'a',
    { class: 'qrow', href: `#/q/${q.key}` },
    h(
      'div',
      { class: 'qrow-main' },
      h('div', { class: 'qrow-title' }, q.title),
      h(
        'div',
        { class: 'qrow-meta' },
        meta.map((m, i) => [i ? h('span', { class: 'dot', 'aria-hidden': 'true' }, '·') : null, m]),
        q.tags.length
          ? h(
              'span',
              { class: 'tags' },
              q.tags.map((t) => h('span', { class: 'tag' }, t)),
            )
          : null,
      ),
    ),
    h(
      'div',
      { class: 'qrow-side' },
      figures(q),
      q.resolution && q.status === 'resolved'
        ? h('span', { class: 'outcome' }, outcomeLabel(q.resolution.outcome, q.options))
        : null,
      statusBadge(statusText),
    ),
  );
}

/**
 * The numbers a row shows beside its status: "Crowd 50%  You 55%" (for a
 * categorical or ordinal question, on the crowd's favourite option: "Crowd
 * Hold 60%  You 65%"), or that the crowd is hidden until you forecast.
 * @param {Question} q
 */
function figures(q) {
  if (q.crowdHidden) {
    return h(
      'span',
      { class: 'qrow-figures' },
      h('span', { class: 'hidden-note' }, 'Crowd hidden until you forecast'),
      q.myForecast ? you(q) : null,
    );
  }
  if (!q.crowd && !q.myForecast) return null;
  return h(
    'span',
    { class: 'qrow-figures' },
    q.crowd
      ? h(
          'span',
          null,
          h('span', { class: 'label' }, 'Crowd '),
          q.type === 'binary'
            ? pct(q.crowd.probability)
            : `${q.options?.[option(q)] ?? ''} ${pct(q.crowd.probabilities?.[option(q)])}`,
        )
      : null,
    q.myForecast ? you(q) : null,
  );
}

/** The option a categorical or ordinal row quotes: the crowd's favourite, else the viewer's. */
function option(/** @type {Question} */ q) {
  return leadingOption(q.crowd ?? q.myForecast);
}

/** "You 55%" (on the quoted option, for a categorical or ordinal question: "You Hold 65%" without a crowd). */
function you(/** @type {Question} */ q) {
  const f = q.myForecast;
  if (!f) return null;
  const value =
    q.type === 'binary'
      ? pct(f.probability)
      : `${q.crowd ? '' : `${q.options?.[option(q)] ?? ''} `}${pct(f.probabilities?.[option(q)])}`;
  return h('span', null, h('span', { class: 'label' }, 'You '), value);
}
