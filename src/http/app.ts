/**
 * createApp: the whole HTTP application over an injected database and clock.
 * Tests call it with a fresh PGlite; server.ts with the configured database.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { accountsRoutes } from '../features/accounts/accounts.routes';
import { archiveRoutes } from '../features/archive/archive.routes';
import { auditRoutes } from '../features/audit/audit.routes';
import { forecastsRoutes } from '../features/forecasts/forecasts.routes';
import { healthRoutes } from '../features/health/health.routes';
import { notificationSettingsRoutes } from '../features/notifications/settings.routes';
import { webhooksRoutes } from '../features/notifications/webhooks.routes';
import { questionsRoutes } from '../features/questions/questions.routes';
import { resolutionsRoutes } from '../features/resolutions/resolutions.routes';
import { scoresRoutes } from '../features/scores/scores.routes';
import { settingsRoutes } from '../features/settings/settings.routes';
import { inboxRoutes } from '../features/inbox/inbox.routes';
import { suggestionsRoutes } from '../features/suggestions/suggestions.routes';
import { clarificationsRoutes } from '../features/clarifications/clarifications.routes';
import { TokenCache } from '../features/accounts/token-cache';
import { CrowdSnapshots } from '../features/inbox/crowd.service';
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
  // One token cache and one crowd-snapshot writer per app (per process).
  const deps: CreateAppOptions = {
    ...options,
    tokenCache: options.tokenCache ?? new TokenCache(),
    crowdSnapshots: options.crowdSnapshots ?? new CrowdSnapshots(options.db),
  };
  const app = createRouter();

  if (deps.logRequests) {
    app.use(async (c, next) => {
      const start = performance.now();
      await next();
      console.log(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
    });
  }

  const headers = (styleSrc: string[]) =>
    secureHeaders({
      // Not no-referrer: under it, the Fetch spec sends "Origin: null" on same-origin POSTs,
      // which the Origin check for cookie-authenticated writes would refuse.
      referrerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc,
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    });
  // The pages put no <style> element or style attribute in HTML (they set element.style, which
  // the CSP does not govern): no 'unsafe-inline'. Swagger UI at /api/docs still needs it.
  const pageHeaders = headers(["'self'"]);
  const docsHeaders = headers(["'self'", "'unsafe-inline'"]);
  app.use((c, next) =>
    c.req.path === '/api/docs' || c.req.path.startsWith('/api/docs/') ? docsHeaders(c, next) : pageHeaders(c, next),
  );

  const refuseTooLarge = (c: Context, limit: number) =>
    c.json(errorBody('too_large', `Request body is larger than ${limit / 1024 / 1024} MB`), 413);
  const tooLarge = (limit: number) => bodyLimit({ maxSize: limit, onError: (c) => refuseTooLarge(c, limit) });
  const importHeaderLimit = tooLarge(MAX_IMPORT_BODY);
  // bodyLimit reads a body without Content-Length whole into memory before the handler runs: an
  // archive is streamed, so a chunked one is counted as it passes instead (413 past the limit).
  const importLimit: MiddlewareHandler = async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body || (raw.headers.has('content-length') && !raw.headers.has('transfer-encoding'))) {
      return importHeaderLimit(c, next);
    }
    let size = 0;
    const counted = raw.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.length;
          if (size > MAX_IMPORT_BODY) throw new HTTPException(413, { message: 'Request body is too large' });
          controller.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
  };
  const bodyLimitForApi = tooLarge(MAX_BODY);
  // A body with a Content-Length is judged by the header alone: bodyLimit reads `c.req.raw.body`,
  // which makes @hono/node-server build a whole web Request (streams, an AbortSignal) for every
  // call, a fifth of the HTTP stack's time per forecast (docs/performance.md). Chunked bodies
  // still go through bodyLimit, which counts them.
  const apiLimit: MiddlewareHandler = (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && /^\d+$/.test(length)) {
      return Number(length) > MAX_BODY ? Promise.resolve(refuseTooLarge(c, MAX_BODY)) : next();
    }
    return bodyLimitForApi(c, next);
  };
  app.use('/api/*', (c, next) => (c.req.path === '/api/import' ? importLimit(c, next) : apiLimit(c, next)));

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
  app.route('/api', webhooksRoutes(deps));
  app.route('/api', notificationSettingsRoutes(deps));
  app.route('/api', settingsRoutes(deps));
  app.route('/api', inboxRoutes(deps));
  app.route('/api', clarificationsRoutes(deps));
  app.route('/api', suggestionsRoutes(deps));
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
