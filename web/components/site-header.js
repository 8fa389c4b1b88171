// @ts-check
/**
 * The header on every page: the brand, the nav links of the route table, who
 * is signed in (a link to their notification settings) and "Sign out". When they do not fit on one line (a phone, a
 * narrow window, or more pages than room) the links and the account fold
 * behind a "Menu" button: a disclosure (aria-expanded, Escape closes it and
 * returns focus to the button). Whether to fold is measured, not guessed from
 * a width, so pages added to the route table fold the menu when they must.
 */
import { h } from '../dom.js';

/**
 * @param {object} input
 * @param {import('../types').User | null} input.user who is signed in (null: the brand alone)
 * @param {{ path: string, label: string }[]} input.links the nav links, in order
 * @param {string} input.section the path of the link to mark as the current section
 * @param {string} input.home where the brand leads
 * @param {() => void} input.onSignOut
 * @returns {{ element: HTMLElement, fit: () => void }} the header, and `fit` to call once it is in the
 *   page (the window's resizes call it again)
 */
export function siteHeader({ user, links, section, home, onSignOut }) {
  const brand = h(
    'a',
    { class: 'brand', href: `#${home}` },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
    'Reckon',
  );
  if (!user) {
    const element = h('header', { class: 'topbar' }, h('div', { class: 'topbar-inner' }, brand));
    return { element, fit: () => undefined };
  }
  const menuId = 'site-menu';
  const toggle = h(
    'button',
    { type: 'button', class: 'btn btn-ghost menu-toggle', 'aria-expanded': 'false', 'aria-controls': menuId },
    h('span', { class: 'menu-icon', 'aria-hidden': 'true' }),
    'Menu',
  );
  const menu = h(
    'div',
    { class: 'topbar-menu', id: menuId },
    h(
      'nav',
      { class: 'nav', 'aria-label': 'Main' },
      links.map((l) =>
        h(
          'a',
          {
            href: `#${l.path}`,
            class: section === l.path ? 'active' : null,
            'aria-current': section === l.path ? 'page' : null,
          },
          l.label,
        ),
      ),
    ),
    h(
      'div',
      { class: 'who' },
      h(
        'a',
        {
          class: 'who-name',
          href: '#/notifications',
          title: 'Your notifications: email digest and events',
          'aria-label': `${user.displayName}: your notifications`,
        },
        user.displayName,
      ),
      h('span', { class: `role role-${user.role}` }, user.role),
      h('button', { type: 'button', class: 'btn btn-ghost btn-sm', onclick: onSignOut }, 'Sign out'),
    ),
  );
  const inner = h('div', { class: 'topbar-inner' }, brand, toggle, menu);
  const element = h('header', { class: 'topbar' }, inner);

  const setOpen = (/** @type {boolean} */ open) => {
    element.classList.toggle('menu-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => setOpen(!element.classList.contains('menu-open')));
  element.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && element.classList.contains('menu-open')) {
      setOpen(false);
      toggle.focus();
    }
  });
  // A link followed from the open menu closes it (the page below changes).
  menu.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('a')) setOpen(false);
  });

  /** Folds the menu when the header's parts do not fit on one line, unfolds it when they do. */
  const fit = () => {
    const open = element.classList.contains('menu-open');
    element.classList.remove('folded', 'menu-open');
    const overflows = inner.scrollWidth > inner.clientWidth + 1;
    element.classList.toggle('folded', overflows);
    if (overflows && open) setOpen(true);
    if (!overflows) toggle.setAttribute('aria-expanded', 'false');
  };
  current = fit;
  return { element, fit };
}

/** The header on the page now: the one window resize listener re-fits it. */
let current = () => {};
window.addEventListener('resize', () => current());
