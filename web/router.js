// @ts-check
/**
 * What a page is and how a path finds one. The pages themselves are listed
 * once, in routes.js; main.js builds the router, the header's nav and the
 * access check from that list with the functions here. Nothing here touches
 * the DOM, so tests/web/router.test.ts runs it in Node.
 */

/**
 * @typedef {import('./types').User} User
 * @typedef {import('./types').Role} Role
 */

/**
 * What a page gets from the app.
 * @typedef {object} PageContext
 * @property {User} user the signed-in user
 * @property {Record<string, string>} params path parameters (`key` on #/q/<key>)
 * @property {URLSearchParams} query the hash's query string
 * @property {(fn: () => void) => void} onCleanup runs when the page is left
 * @property {(canvas: HTMLCanvasElement, config: import('chart.js').ChartConfiguration) => import('chart.js').Chart} chart makes a chart that is destroyed when the page is left
 * @property {(params: Record<string, string | number | null | undefined>) => void} setQuery rewrites the hash's query without reloading the page
 * @property {(title: string) => void} title replaces the route's title in the document title (the question page uses the question's)
 * @property {() => boolean} current whether this page is still the one shown (false once the user navigated away)
 * @property {(after?: { focus?: string, status?: string }) => Promise<void>} reload renders the page again with fresh data; then focuses the element `focus` selects (a save keeps focus in its form) and says `status` in that element's form ("Saved 55% at 05:15"), or announces it
 */

/**
 * A page module: renders itself into `view`.
 * @typedef {{ render: (view: HTMLElement, ctx: PageContext) => Promise<void> | void }} Page
 */

/**
 * One row of the route table.
 * @typedef {object} Route
 * @property {string} path the hash path, with `:name` for a parameter: "/q/:key" matches "#/q/my-question" with params.key "my-question"
 * @property {string} title the document title while the page shows ("Leaderboard" -> "Leaderboard · Reckon")
 * @property {string} [nav] its link text in the header; without it the page is not in the nav
 * @property {string} [section] the path of the nav link to highlight on this page, when not its own ("/questions" for a question)
 * @property {readonly Role[]} [roles] who may see the page; every signed-in user when absent
 * @property {Page} page
 */

/** A parameter is one path segment of the characters keys and handles are made of. */
const PARAM = '[a-z0-9-]+';

/** @type {Map<string, RegExp>} */
const compiled = new Map();

/**
 * The regular expression for a route path: "/q/:key" -> /^\/q\/(?<key>[a-z0-9-]+)$/.
 * @param {string} path
 */
function pattern(path) {
  let re = compiled.get(path);
  if (!re) {
    const source = path
      .split('/')
      .map((segment) =>
        segment.startsWith(':') ? `(?<${segment.slice(1)}>${PARAM})` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    re = new RegExp(`^${source}$`);
    compiled.set(path, re);
  }
  return re;
}

/**
 * The first route whose path matches, with its parameters, or null.
 *
 * @example
 * matchRoute(routes, '/q/my-question') // { route: <the question route>, params: { key: 'my-question' } }
 * @param {readonly Route[]} routes
 * @param {string} path the hash without "#" and without its query
 * @returns {{ route: Route, params: Record<string, string> } | null}
 */
export function matchRoute(routes, path) {
  for (const route of routes) {
    const m = pattern(route.path).exec(path);
    if (m) return { route, params: { ...m.groups } };
  }
  return null;
}

/**
 * Whether a role may see a route's page.
 * @param {Route} route
 * @param {Role} role
 */
export function mayView(route, role) {
  return !route.roles || route.roles.includes(role);
}

/**
 * The header's links for a role, in table order: the routes with a nav label
 * that the role may see.
 * @param {readonly Route[]} routes
 * @param {Role} role
 * @returns {{ path: string, label: string }[]}
 */
export function navLinks(routes, role) {
  return routes.flatMap((r) => (r.nav && mayView(r, role) ? [{ path: r.path, label: r.nav }] : []));
}

/**
 * The nav link to highlight while a route shows: its `section`, else its own path.
 * @param {Route} route
 */
export function sectionOf(route) {
  return route.section ?? route.path;
}

/**
 * What a user who may not see a page is told: "Only admins can see this page."
 * @param {Route} route
 */
export function notAllowedMessage(route) {
  const who = (route.roles ?? []).map((r) => `${r}s`);
  const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} and ${who[who.length - 1]}` : (who[0] ?? 'some users');
  return `Only ${list} can see this page.`;
}
