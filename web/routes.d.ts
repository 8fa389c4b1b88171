// Generated from web/routes.js (its JSDoc) so TypeScript tests can import it; regenerate after changing its exports:
//   npx tsc -p web --declaration --emitDeclarationOnly --noEmit false --outDir /tmp/reckon-decl && cp /tmp/reckon-decl/web/routes.d.ts web/
/** @typedef {import('./router.js').Route} Route */
/** Where "#/" and a fresh sign-in lead. */
export const HOME: '/questions';
/** The sign-in page's path. */
export const SIGN_IN: '/signin';
/** @type {readonly Route[]} */
export const routes: readonly Route[];
export type Route = import('./router.js').Route;
