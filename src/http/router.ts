/**
 * Every sub-app is an OpenAPIHono made here, so each one validates with the
 * same hook and every validation failure has the docs/api.md error body.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Actor } from '../domain/access';
import { validationError } from './errors';

export interface AppEnv {
  Variables: {
    /** Set by the auth middleware: the signed-in user, or null. */
    user: Actor | null;
    /** How the user authenticated: a session cookie needs an Origin check on writes. */
    authVia: 'cookie' | 'token' | null;
  };
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}

/** The error body, for the OpenAPI document. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** Standard error responses to spread into a route's `responses`. */
export const errorResponses = {
  400: err('Invalid input'),
  401: err('Not signed in'),
  403: err('Not allowed'),
  404: err('Not found'),
  409: err('Conflicts with the current state'),
  429: err('Too many attempts'),
  503: err('Database unreachable'),
} as const;

/**
 * Some of the standard error responses, to spread into a route's `responses`.
 *
 * @example
 * responses: { 201: jsonResponse(Schema, 'Created'), ...errorsOf(400, 403, 404, 409) }
 */
export function errorsOf<C extends keyof typeof errorResponses>(...codes: C[]): Pick<typeof errorResponses, C> {
  return Object.fromEntries(codes.map((c) => [c, errorResponses[c]])) as Pick<typeof errorResponses, C>;
}

/** A JSON request body that must be present and valid (a body must be marked required: true, or a request without a JSON content type skips validation). */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    body: {
      required: true,
      description,
      content: { 'application/json': { schema } },
    },
  } as const;
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}
