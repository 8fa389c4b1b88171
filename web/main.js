// @ts-check
/**
 * The single-page app: hash routes (#/questions, #/q/<key>, #/leaderboard,
 * #/calibration, #/record, #/admin, #/signin), the header, and the session.
 * Each page is a module with `render(view, ctx)`; navigating away destroys the
 * page's charts and listeners through ctx.onCleanup.
 */
import { ApiError, endpoints, setUnauthorizedHandler } from './api.js';
import { h, replace } from './dom.js';
import * as signin from './pages/signin.js';
import * as questions from './pages/questions.js';
import * as question from './pages/question.js';
import * as leaderboard from './pages/leaderboard.js';
import * as calibration from './pages/calibration.js';
import * as record from './pages/record.js';
import * as admin from './pages/admin.js';

/**
 * @typedef {import('./types').User} User
 * @typedef {object} PageContext
 * @property {User} user the signed-in user
 * @property {Record<string, string>} params path parameters (`key` on #/q/<key>)
 * @property {URLSearchParams} query the hash's query string
 * @property {(fn: () => void) => void} onCleanup runs when the page is left
 * @property {(canvas: HTMLCanvasElement, config: any) => import('chart.js').Chart} chart makes a chart that is destroyed when the page is left
 * @property {(params: Record<string, string | number | null | undefined>) => void} setQuery rewrites the hash's query without reloading the page
 * @property {(title: string) => void} title sets the document title
 * @property {() => boolean} current whether this page is still the one shown (false once the user navigated away)
 * @property {() => void} reload renders the page again with fresh data
 * @typedef {{ render: (view: HTMLElement, ctx: PageContext) => Promise<void> | void }} Page
 */

/** Remembers who signed in, so a first visit shows the sign-in page without asking the API (and logging a 401). */
const HINT = 'reckon.signedIn';

/** @type {User | null} */
let user = null;
/** @type {(() => void)[]} */
let cleanups = [];
let generation = 0;

const root = /** @type {HTMLElement} */ (document.getElementById('app'));

/** @type {[RegExp, Page, string][]} pattern, page, nav section */
const routes = [
  [/^\/questions$/, questions, 'questions'],
  [/^\/q\/(?<key>[a-z0-9-]+)$/, question, 'questions'],
  [/^\/leaderboard$/, leaderboard, 'leaderboard'],
  [/^\/calibration$/, calibration, 'calibration'],
  [/^\/record$/, record, 'record'],
  [/^\/admin$/, admin, 'admin'],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/questions';
  const [path = '/questions', qs = ''] = raw.split('?');
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
  const link = (/** @type {string} */ id, /** @type {string} */ text) =>
    h(
      'a',
      { href: `#/${id}`, class: section === id ? 'active' : null, 'aria-current': section === id ? 'page' : null },
      text,
    );
  return h(
    'header',
    { class: 'topbar' },
    h(
      'div',
      { class: 'topbar-inner' },
      brand(),
      h(
        'nav',
        { class: 'nav', 'aria-label': 'Main' },
        link('questions', 'Questions'),
        link('leaderboard', 'Leaderboard'),
        link('calibration', 'Calibration'),
        link('record', 'My record'),
        u.role === 'admin' ? link('admin', 'Admin') : null,
      ),
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
    { class: 'brand', href: '#/questions' },
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
  go('/signin');
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

  if (!user || path === '/signin') {
    if (user && path === '/signin') return go('/questions');
    const view = h('main', { class: 'page page-narrow' });
    replace(root, view);
    const next = path === '/signin' ? (query.get('next') ?? '/questions') : `${path}${query.size ? `?${query}` : ''}`;
    document.title = 'Sign in · Reckon';
    signin.render(view, {
      next,
      signedIn: (/** @type {User} */ u) => {
        user = u;
        localStorage.setItem(HINT, u.handle);
        go(next.startsWith('/') && next !== '/signin' ? next : '/questions');
      },
    });
    return;
  }

  const match = routes.map(([re, page, section]) => ({ m: re.exec(path), page, section })).find((r) => r.m);
  const view = h('main', { class: 'page' });
  replace(root, header(match?.section ?? ''), view);
  if (!match) {
    replace(
      view,
      h(
        'div',
        { class: 'notice notice-error' },
        'There is no page here. ',
        h('a', { href: '#/questions' }, 'Go to the questions'),
      ),
    );
    return;
  }
  /** @type {PageContext} */
  const ctx = {
    user,
    params: /** @type {Record<string, string>} */ ({ ...match.m?.groups }),
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
    await match.page.render(view, ctx);
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
