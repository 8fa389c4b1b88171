// Generated from web/router.js (its JSDoc) so TypeScript tests can import it; regenerate after changing its exports:
//   npx tsc -p web --declaration --emitDeclarationOnly --noEmit false --outDir /tmp/reckon-decl && cp /tmp/reckon-decl/web/router.d.ts web/
/**
 * The first route whose path matches, with its parameters, or null.
 *
 * @example
 * matchRoute(routes, '/q/my-question') // { route: <the question route>, params: { key: 'my-question' } }
 * @param {readonly Route[]} routes
 * @param {string} path the hash without "#" and without its query
 * @returns {{ route: Route, params: Record<string, string> } | null}
 */
export function matchRoute(
  routes: readonly Route[],
  path: string,
): {
  route: Route;
  params: Record<string, string>;
} | null;
/**
 * Whether a role may see a route's page.
 * @param {Route} route
 * @param {Role} role
 */
export function mayView(route: Route, role: Role): boolean;
/**
 * The header's links for a role, in table order: the routes with a nav label
 * that the role may see.
 * @param {readonly Route[]} routes
 * @param {Role} role
 * @returns {{ path: string, label: string }[]}
 */
export function navLinks(
  routes: readonly Route[],
  role: Role,
): {
  path: string;
  label: string;
}[];
/**
 * The nav link to highlight while a route shows: its `section`, else its own path.
 * @param {Route} route
 */
export function sectionOf(route: Route): string;
/**
 * What a user who may not see a page is told: "Only admins can see this page."
 * @param {Route} route
 */
export function notAllowedMessage(route: Route): string;
export type User = import('./types').User;
export type Role = import('./types').Role;
/**
 * What a page gets from the app.
 */
export type PageContext = {
  /**
   * the signed-in user
   */
  user: User;
  /**
   * path parameters (`key` on #/q/<key>)
   */
  params: Record<string, string>;
  /**
   * the hash's query string
   */
  query: URLSearchParams;
  /**
   * runs when the page is left
   */
  onCleanup: (fn: () => void) => void;
  /**
   * makes a chart that is destroyed when the page is left
   */
  chart: (canvas: HTMLCanvasElement, config: import('chart.js').ChartConfiguration) => import('chart.js').Chart;
  /**
   * rewrites the hash's query without reloading the page
   */
  setQuery: (params: Record<string, string | number | null | undefined>) => void;
  /**
   * replaces the route's title in the document title (the question page uses the question's)
   */
  title: (title: string) => void;
  /**
   * whether this page is still the one shown (false once the user navigated away)
   */
  current: () => boolean;
  /**
   * renders the page again with fresh data; then focuses the element `focus` selects (a save keeps focus in its form) and says `status` in that element's form ("Saved 55% at 05:15"), or announces it
   */
  reload: (after?: { focus?: string; status?: string }) => Promise<void>;
};
/**
 * A page module: renders itself into `view`.
 */
export type Page = {
  render: (view: HTMLElement, ctx: PageContext) => Promise<void> | void;
};
/**
 * One row of the route table.
 */
export type Route = {
  /**
   * the hash path, with `:name` for a parameter: "/q/:key" matches "#/q/my-question" with params.key "my-question"
   */
  path: string;
  /**
   * the document title while the page shows ("Leaderboard" -> "Leaderboard · Reckon")
   */
  title: string;
  /**
   * its link text in the header; without it the page is not in the nav
   */
  nav?: string | undefined;
  /**
   * the path of the nav link to highlight on this page, when not its own ("/questions" for a question)
   */
  section?: string | undefined;
  /**
   * who may see the page; every signed-in user when absent
   */
  roles?: readonly ('analyst' | 'lead' | 'admin')[] | undefined;
  page: Page;
};
