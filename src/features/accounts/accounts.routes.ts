import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { requireRole, requireUser, roles, SESSION_COOKIE } from '../../http/auth';
import type { AppContext } from '../../context';
import type { Context } from 'hono';
import { clientAddress } from '../../http/client';
import { createRouter, errorResponses, errorsOf, jsonBody, jsonResponse, type AppEnv } from '../../http/router';
import * as s from './accounts.schemas';
import * as service from './accounts.service';
import * as sessions from './sessions.service';

const tags = ['Accounts'];
const UserEnvelope = z.object({ user: s.UserSchema });

/** The hash of the session cookie a request was authenticated by: the session a password change keeps. */
function keptSession(c: Context<AppEnv>): string | undefined {
  const cookie = c.get('authVia') === 'cookie' ? getCookie(c, SESSION_COOKIE) : undefined;
  return cookie === undefined ? undefined : sessions.sha256(cookie);
}

export function accountsRoutes(deps: AppContext) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/session',
      tags,
      summary: 'Sign in; sets an HttpOnly session cookie',
      request: jsonBody(s.SignInBody),
      responses: {
        200: jsonResponse(UserEnvelope, 'Signed in'),
        ...errorsOf(400, 401),
        429: { description: 'Too many failed sign-ins' },
      },
    }),
    async (c) => {
      const { handle, password } = c.req.valid('json');
      const address = clientAddress(c, deps.trustProxy ?? false);
      const r = await sessions.signIn(deps, handle, password, getCookie(c, SESSION_COOKIE), address);
      setCookie(c, SESSION_COOKIE, r.sessionId, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.secureCookies,
        path: '/',
        expires: r.expiresAt,
      });
      return c.json({ user: r.user }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/session',
      tags,
      summary: 'Sign out',
      responses: { 204: { description: 'Signed out' } },
    }),
    async (c) => {
      await sessions.signOut(deps, getCookie(c, SESSION_COOKIE), c.get('user'));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags,
      summary: 'The signed-in user',
      responses: { 200: jsonResponse(UserEnvelope, 'You'), 401: errorResponses[401] },
    }),
    async (c) => c.json({ user: await service.me(deps, requireUser(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/me/password',
      tags,
      summary: 'Change your password (with the current one); ends your other sessions and revokes your tokens',
      request: jsonBody(s.ChangePasswordBody),
      responses: { 204: { description: 'Changed' }, 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      await service.changeOwnPassword(deps, requireUser(c), c.req.valid('json'), keptSession(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tokens',
      tags,
      summary: 'Create an API token (shown once)',
      request: jsonBody(s.CreateTokenBody),
      responses: {
        201: jsonResponse(s.CreatedTokenSchema, 'The token; store it now'),
        ...errorsOf(400, 401),
      },
    }),
    async (c) => c.json(await sessions.createToken(deps, requireUser(c), c.req.valid('json').name), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tokens',
      tags,
      summary: 'Your API tokens',
      responses: { 200: jsonResponse(z.object({ tokens: z.array(s.TokenSchema) }), 'Tokens') },
    }),
    async (c) => c.json({ tokens: await sessions.listTokens(deps, requireUser(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/tokens/{id}',
      tags,
      summary: 'Revoke one of your tokens',
      request: { params: s.TokenIdParam },
      responses: { 204: { description: 'Revoked' }, 404: errorResponses[404] },
    }),
    async (c) => {
      await sessions.revokeToken(deps, requireUser(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags,
      middleware: [roles('admin')] as const,
      summary: 'Create a user (admin)',
      request: jsonBody(s.CreateUserBody),
      responses: {
        201: jsonResponse(UserEnvelope, 'Created'),
        ...errorsOf(400, 403, 409),
      },
    }),
    async (c) => c.json({ user: await service.createUser(deps, requireRole(c, 'admin'), c.req.valid('json')) }, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags,
      summary: 'Every user, by handle (hasForecasts=true: only those who have forecast)',
      request: { query: s.ListUsersQuery },
      responses: {
        200: jsonResponse(z.object({ users: z.array(s.UserSchema) }), 'Users'),
        ...errorsOf(400),
      },
    }),
    async (c) => {
      requireUser(c);
      return c.json({ users: await service.listUsers(deps, c.req.valid('query')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{handle}',
      tags,
      middleware: [roles('admin')] as const,
      summary: 'Change a user (admin); active: false ends their sessions and tokens at once',
      request: { params: s.HandleParam, ...jsonBody(s.UpdateUserBody) },
      responses: {
        200: jsonResponse(UserEnvelope, 'Updated'),
        ...errorsOf(400, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        {
          user: await service.updateUser(
            deps,
            requireRole(c, 'admin'),
            c.req.valid('param').handle,
            c.req.valid('json'),
            { keepSessionHash: keptSession(c) },
          ),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams',
      tags,
      middleware: [roles('admin')] as const,
      summary: 'Create a team (admin)',
      request: jsonBody(s.CreateTeamBody),
      responses: {
        201: jsonResponse(z.object({ team: s.TeamSchema }), 'Created'),
        ...errorsOf(400, 403, 409),
      },
    }),
    async (c) => c.json({ team: await service.createTeam(deps, requireRole(c, 'admin'), c.req.valid('json')) }, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams',
      tags,
      summary: 'Every team with its members',
      responses: { 200: jsonResponse(z.object({ teams: z.array(s.TeamSchema) }), 'Teams') },
    }),
    async (c) => {
      requireUser(c);
      return c.json({ teams: await service.listTeams(deps) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/teams/{key}/members',
      tags,
      middleware: [roles('admin')] as const,
      summary: "Set a team's members (admin)",
      request: { params: s.TeamKeyParam, ...jsonBody(s.TeamMembersBody) },
      responses: {
        200: jsonResponse(z.object({ team: s.TeamSchema }), 'Members set'),
        ...errorsOf(400, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        {
          team: await service.setTeamMembers(
            deps,
            requireRole(c, 'admin'),
            c.req.valid('param').key,
            c.req.valid('json').handles,
          ),
        },
        200,
      ),
  );

  return app;
}
