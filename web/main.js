// @ts-check
/**
 * The single-page app: the session, the header and the hash router. Which
 * pages exist, their titles, nav links and who may see them all come from the
 * route table (routes.js). Each page is a module with `render(view, ctx)`;
 * navigating away destroys the page's charts and listeners through ctx.onCleanup.
 */
import { announce } from './announce.js';
import { ApiError, endpoints, setUnauthorizedHandler } from './api.js';
import { siteHeader } from './components/site-header.js';
import { h, replace, srOnly } from './dom.js';
import { formStatus } from './forms.js';
import * as signin from './pages/signin.js';
import { matchRoute, mayView, navLinks, notAllowedMessage, sectionOf } from './router.js';
import { HOME, routes, SIGN_IN } from './routes.js';

/**
 * @typedef {import('./types').User} User
 * @typedef {import('./router.js').PageContext} PageContext
 */

/** Remembers who signed in, so a first visit shows the sign-in page without asking the API (and logging a 401). */
const HINT = 'reckon.signedIn';

/** @type {User | null} */
let user = null;
/** @type {(() => void)[]} */
let cleanups = [];
let generation = 0;

const root = /** @type {HTMLElement} */ (document.getElementById('app'));

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || HOME;
  const [path = HOME, qs = ''] = raw.split('?');
  return { path, query: new URLSearchParams(qs) };
}

/** Navigates to a hash route, e.g. go('/q/my-question'). */
export function go(/** @type {string} */ to) {
  if (location.hash === `#${to}`) render();
  else location.hash = to;
}

/** The header for the signed-in user (or the brand alone), with the nav links their role may see. */
function header(/** @type {string} */ section) {
  return siteHeader({
    user,
    links: user ? navLinks(routes, user.role) : [],
    section,
    home: HOME,
    onSignOut: signOut,
  });
}

/**
 * The "Skip to content" link, first on every page: it moves focus to the
 * page's main region (a hash link would change the route).
 */
function skipLink() {
  return h(
    'a',
    {
      class: 'skip-link',
      href: '#main-content',
      onclick: (/** @type {Event} */ e) => {
        e.preventDefault();
        document.getElementById('main-content')?.focus();
      },
    },
    'Skip to content',
  );
}

/** The page's main region: focusable (not by Tab), so the skip link and a new page can move focus to it. */
function mainRegion(/** @type {string} */ cls) {
  return h('main', { class: cls, id: 'main-content', tabindex: '-1' });
}

/**
 * After a navigation, focus moves to the new page's heading (else its main
 * region), so keyboard and screen-reader users start at the top of the page
 * they asked for.
 */
function focusPage(/** @type {HTMLElement} */ view) {
  const heading = /** @type {HTMLElement | null} */ (view.querySelector('h1'));
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  } else view.focus({ preventScroll: true });
}

/**
 * The inbox's count in the header's Inbox link, fetched after the header is
 * drawn (a failure leaves the link as it is).
 * @param {HTMLElement} header
 * @param {() => void} fit
 */
function inboxCount(header, fit) {
  endpoints.inbox().then(
    ({ items }) => {
      const link = header.querySelector('nav a[href="#/inbox"]');
      if (!link || !items.length) return;
      // Read as "Inbox 4 items": the visible text stays part of the link's name.
      link.append(' ', h('span', { class: 'count-badge' }, String(items.length)), srOnly(' items'));
      fit();
    },
    () => undefined,
  );
}

async function signOut() {
  try {
    await endpoints.signOut();
  } catch {
    /* signed out either way */
  }
  user = null;
  localStorage.removeItem(HINT);
  go(SIGN_IN);
}

function cleanup() {
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch {
      /* a cleanup failing must not block the next page */
    }
  }
}

/** Whether the next render follows a navigation (focus moves to the new page) rather than the first load or a reload. */
let navigated = false;

/**
 * What a reload does once the page is drawn again: focus the control
 * `focus` names and say `status` in its form (formStatus), e.g. after a save.
 * @typedef {{ focus?: string, status?: string }} AfterReload
 */

async function render(/** @type {AfterReload} */ after = {}) {
  const moved = navigated;
  navigated = false;
  cleanup();
  const gen = ++generation;
  const { path, query } = parseHash();

  if (!user || path === SIGN_IN) {
    if (user && path === SIGN_IN) return go(HOME);
    const view = mainRegion('page page-narrow');
    replace(root, skipLink(), view);
    const next = path === SIGN_IN ? (query.get('next') ?? HOME) : `${path}${query.size ? `?${query}` : ''}`;
    document.title = 'Sign in · Reckon';
    signin.render(view, {
      next,
      signedIn: (/** @type {User} */ u) => {
        user = u;
        localStorage.setItem(HINT, u.handle);
        go(next.startsWith('/') && next !== SIGN_IN ? next : HOME);
      },
    });
    return;
  }

  const match = matchRoute(routes, path);
  const view = mainRegion('page');
  const top = header(match ? sectionOf(match.route) : '');
  replace(root, skipLink(), top.element, view);
  top.fit();
  inboxCount(top.element, top.fit);
  if (!match) {
    replace(
      view,
      h(
        'div',
        { class: 'notice notice-error' },
        'There is no page here. ',
        h('a', { href: `#${HOME}` }, 'Go to the questions'),
      ),
    );
    if (moved) focusPage(view);
    return;
  }
  const { route, params } = match;
  document.title = `${route.title} · Reckon`;
  if (!mayView(route, user.role)) {
    replace(
      view,
      h(
        'div',
        { class: 'notice notice-error' },
        notAllowedMessage(route),
        ' ',
        h('a', { href: `#${HOME}` }, 'Go to the questions'),
      ),
    );
    if (moved) focusPage(view);
    return;
  }
  /** @type {PageContext} */
  const ctx = {
    user,
    params,
    query,
    onCleanup: (fn) => cleanups.push(fn),
    chart: (canvas, config) => {
      const c = new Chart(canvas, config);
      cleanups.push(() => c.destroy());
      return c;
    },
    setQuery: (params) => {
      const sp = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
      const s = sp.toString();
      history.replaceState(null, '', `#${path}${s ? `?${s}` : ''}`);
    },
    title: (t) => {
      document.title = `${t} · Reckon`;
    },
    current: () => gen === generation,
    reload: async (after = {}) => {
      const y = window.scrollY;
      await render(after);
      window.scrollTo(0, y);
    },
  };
  try {
    await route.page.render(view, ctx);
    if (gen !== generation) return;
    const target = after.focus ? /** @type {HTMLElement | null} */ (view.querySelector(after.focus)) : null;
    if (target) {
      target.focus({ preventScroll: true });
      const form = target.closest('form');
      if (after.status && form) formStatus(form, after.status);
      else if (after.status) announce(after.status);
    } else if (after.status) announce(after.status);
    else if (moved) focusPage(view);
  } catch (e) {
    if (gen !== generation) return;
    if (e instanceof ApiError && e.status === 401) return;
    replace(
      view,
      h('div', { class: 'notice notice-error', role: 'alert' }, e instanceof Error ? e.message : String(e)),
    );
  }
}

async function boot() {
  setUnauthorizedHandler(() => {
    if (!user) return;
    user = null;
    localStorage.removeItem(HINT);
    render();
  });
  if (localStorage.getItem(HINT)) {
    try {
      user = (await endpoints.me()).user;
    } catch {
      localStorage.removeItem(HINT);
    }
  }
  window.addEventListener('hashchange', () => {
    navigated = true;
    render();
  });
  render();
}

boot();
