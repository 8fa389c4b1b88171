// @ts-check
/**
 * The single-page app: the session, the header and the hash router. Which
 * pages exist, their titles, nav links and who may see them all come from the
 * route table (routes.js). Each page is a module with `render(view, ctx)`;
 * navigating away destroys the page's charts and listeners through ctx.onCleanup.
 */
import { ApiError, endpoints, setUnauthorizedHandler } from './api.js';
import { h, replace } from './dom.js';
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

function header(/** @type {string} */ section) {
  if (!user) return h('header', { class: 'topbar' }, h('div', { class: 'topbar-inner' }, brand()));
  const u = user;
  const link = (/** @type {{ path: string, label: string }} */ l) =>
    h(
      'a',
      {
        href: `#${l.path}`,
        class: section === l.path ? 'active' : null,
        'aria-current': section === l.path ? 'page' : null,
      },
      l.label,
    );
  return h(
    'header',
    { class: 'topbar' },
    h(
      'div',
      { class: 'topbar-inner' },
      brand(),
      h('nav', { class: 'nav', 'aria-label': 'Main' }, navLinks(routes, u.role).map(link)),
      h(
        'div',
        { class: 'who' },
        h('span', { class: 'who-name' }, u.displayName),
        h('span', { class: `role role-${u.role}` }, u.role),
        h('button', { type: 'button', class: 'btn btn-ghost btn-sm', onclick: signOut }, 'Sign out'),
      ),
    ),
  );
}

function brand() {
  return h(
    'a',
    { class: 'brand', href: `#${HOME}` },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
    'Reckon',
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

async function render() {
  cleanup();
  const gen = ++generation;
  const { path, query } = parseHash();

  if (!user || path === SIGN_IN) {
    if (user && path === SIGN_IN) return go(HOME);
    const view = h('main', { class: 'page page-narrow' });
    replace(root, view);
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
  const view = h('main', { class: 'page' });
  replace(root, header(match ? sectionOf(match.route) : ''), view);
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
    reload: async () => {
      const y = window.scrollY;
      await render();
      window.scrollTo(0, y);
    },
  };
  try {
    await route.page.render(view, ctx);
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
  window.addEventListener('hashchange', render);
  render();
}

boot();
