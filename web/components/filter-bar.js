// @ts-check
/**
 * The bar of filters above the leaderboard, calibration and record: one form
 * whose named controls are read together and reported on every change, and
 * the fields those pages share (the analyst and team pickers). Errors from
 * loading with the filters show on the bar (forms.js showError). On a phone
 * the fields fold behind a button that names what is chosen.
 */
import { byCodePoints } from '../compare.js';
import { field, h, replace, uid } from '../dom.js';

/**
 * @typedef {import('../types').User} User
 * @typedef {import('../types').Team} Team
 * @typedef {Record<string, string>} FilterValues every named control's trimmed value, by name
 */

/**
 * A filter bar: `fields` in a row, an optional "Clear" button, and `onChange`
 * called with the values whenever one changes (or Enter is pressed in one).
 *
 * @example
 * filterBar({ label: 'Filters', fields: [field('Tag', h('input', { name: 'tag' }))], onChange: (v) => load(v.tag) })
 * @param {object} input
 * @param {string} input.label the form's accessible name
 * @param {import('../dom.js').Child[]} input.fields
 * @param {(values: FilterValues) => void} input.onChange
 * @param {boolean} [input.clear] adds a "Clear" button that empties every control
 * @returns {HTMLFormElement}
 */
export function filterBar({ label, fields, onChange, clear = false }) {
  // On a phone the fields fold behind a button that says what is chosen, so
  // the figures below are on the first screen (styles/layout.css).
  const bodyId = uid('filters');
  const summary = h('span', { class: 'filters-summary' });
  const toggle = h(
    'button',
    { type: 'button', class: 'btn filters-toggle', 'aria-expanded': 'false', 'aria-controls': bodyId },
    h('span', { class: 'filters-toggle-label' }, label),
    summary,
  );
  const form = h(
    'form',
    { class: 'filters-bar', novalidate: true, 'aria-label': label },
    toggle,
    h(
      'div',
      { class: 'filters-fields', id: bodyId },
      fields,
      clear
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => reset() }, 'Clear'),
          )
        : null,
    ),
  );
  toggle.addEventListener('click', () => {
    const open = !form.classList.contains('filters-open');
    form.classList.toggle('filters-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  });
  const controls = () =>
    Array.from(form.elements).filter(
      /** @returns {el is HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */
      (el) =>
        (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) &&
        el.name !== '',
    );
  /** What is chosen, in words: each select's option and each filled box. */
  const summarize = () =>
    replace(
      summary,
      controls()
        .map((el) => (el instanceof HTMLSelectElement ? (el.selectedOptions[0]?.text ?? '') : el.value.trim()))
        .filter(Boolean)
        .join(' · '),
    );
  const changed = () => {
    summarize();
    onChange(Object.fromEntries(controls().map((el) => [el.name, el.value.trim()])));
  };
  const reset = () => {
    form.reset();
    for (const el of controls()) el.value = '';
    changed();
  };
  form.addEventListener('change', changed);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    changed();
  });
  queueMicrotask(summarize);
  return form;
}

/**
 * The "Analyst" picker (name `user`): each user as "Name (@handle)", by
 * display name in code-point order (compare.js); equal names keep the API's
 * order, by handle.
 * @param {readonly User[]} users
 * @param {string} selected the handle of the analyst shown
 */
export function analystField(users, selected) {
  return field(
    'Analyst',
    h(
      'select',
      { name: 'user' },
      byCodePoints(users, (u) => u.displayName).map((u) =>
        h('option', { value: u.handle, selected: u.handle === selected }, `${u.displayName} (@${u.handle})`),
      ),
    ),
  );
}

/**
 * A team picker (name `team`): `everyone` (value "") first, then the teams in
 * the API's order.
 * @param {object} input
 * @param {string} input.label
 * @param {readonly Team[]} input.teams
 * @param {string} input.selected a team key, or "" for everyone
 * @param {string} input.everyone the first option's text
 * @param {(team: Team) => string} [input.text] each team's option text (its name)
 */
export function teamField({ label, teams, selected, everyone, text = (t) => t.name }) {
  return field(
    label,
    h(
      'select',
      { name: 'team' },
      h('option', { value: '' }, everyone),
      teams.map((t) => h('option', { value: t.key, selected: t.key === selected }, text(t))),
    ),
  );
}
