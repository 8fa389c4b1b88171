/**
 * createApp: the whole HTTP application over an injected database and clock.
 * Tests call it with a fresh PGlite; server.ts with the configured database.
 */
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { accountsRoutes } from '../features/accounts/accounts.routes';
import { archiveRoutes } from '../features/archive/archive.routes';
import { auditRoutes } from '../features/audit/audit.routes';
import { forecastsRoutes } from '../features/forecasts/forecasts.routes';
import { healthRoutes } from '../features/health/health.routes';
import { questionsRoutes } from '../features/questions/questions.routes';
import { resolutionsRoutes } from '../features/resolutions/resolutions.routes';
import { scoresRoutes } from '../features/scores/scores.routes';
import { TokenCache } from '../features/accounts/token-cache';
import { authMiddleware } from './auth';
import { docsRoutes } from './docs';
import type { AppContext } from '../context';
import { errorBody, toErrorResponse } from './errors';
import { createRouter } from './router';
import { webRoutes } from './web';

export const MAX_BODY = 1024 * 1024;
export const MAX_IMPORT_BODY = 256 * 1024 * 1024;

export interface CreateAppOptions extends AppContext {
  /** Log one line per request (off in tests). */
  logRequests?: boolean;
}

export function createApp(options: CreateAppOptions) {
  // One token cache per app (per process), shared by the auth check and the services that revoke.
  const deps: CreateAppOptions = { ...options, tokenCache: options.tokenCache ?? new TokenCache() };
  const app = createRouter();

  if (deps.logRequests) {
    app.use(async (c, next) => {
      const start = performance.now();
      await next();
      console.log(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
    });
  }

  app.use(
    secureHeaders({
      // Not no-referrer: under it, the Fetch spec sends "Origin: null" on same-origin POSTs,
      // which the Origin check for cookie-authenticated writes would refuse.
      referrerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  const tooLarge = (limit: number) =>
    bodyLimit({
      maxSize: limit,
      onError: (c) => c.json(errorBody('too_large', `Request body is larger than ${limit / 1024 / 1024} MB`), 413),
    });
  const importLimit = tooLarge(MAX_IMPORT_BODY);
  const bodyLimitForApi = tooLarge(MAX_BODY);
  app.use('/api/*', (c, next) => (c.req.path === '/api/import' ? importLimit(c, next) : bodyLimitForApi(c, next)));

  // Health answers before authentication: it is public, and must not touch the sessions table.
  app.route('/api', healthRoutes(deps));

  app.use('/api/*', authMiddleware(deps));

  app.route('/api', accountsRoutes(deps));
  app.route('/api', auditRoutes(deps));
  app.route('/api', questionsRoutes(deps));
  app.route('/api', forecastsRoutes(deps));
  app.route('/api', resolutionsRoutes(deps));
  app.route('/api', scoresRoutes(deps));
  app.route('/api', archiveRoutes(deps));
  app.route('/api', docsRoutes());
  app.route('/', webRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'reckon_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Reckon API',
      version: '1',
      description:
        'Forecast tracking and calibration. Scores follow docs/scoring.md; errors are {error: {code, message, issues?}}.',
    },
    security: [{ session: [] }, { bearer: [] }],
  });

  app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => toErrorResponse(err, c));
  return app;
}

export type App = ReturnType<typeof createApp>;
