/**
 * The authorization matrix: every route of the OpenAPI document, called as
 * anonymous, an analyst, another analyst, a lead, an admin and a deactivated
 * user, with the status each must get. One table; a route of the document
 * without a row (or a row for no route) fails the test, so a new route must
 * say who may call it.
 *
 * Columns run anonymous, analyst, other analyst, lead, admin, deactivated. The
 * analyst (ana) owns what the rows touch: her question, her token, her figures.
 * Callers go in the order anonymous, deactivated, other, analyst, lead, admin,
 * so a refused caller never changes what the next one finds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

type Who = 'anonymous' | 'analyst' | 'other' | 'lead' | 'admin' | 'deactivated';
const COLUMNS: Who[] = ['anonymous', 'analyst', 'other', 'lead', 'admin', 'deactivated'];
const ORDER: Who[] = ['anonymous', 'deactivated', 'other', 'analyst', 'lead', 'admin'];
type Statuses = [number, number, number, number, number, number];

interface Row {
  /** "METHOD /api/path/{param}" exactly as in the OpenAPI document. */
  route: string;
  expect: Statuses;
  /** The concrete path (default: the route's path; params are filled by `params`). */
  path?: (who: Who) => string;
  body?: (who: Who) => unknown;
}

// Common shapes.
const PUBLIC = (s: number): Statuses => [s, s, s, s, s, s];
const SIGNED_IN = (s: number): Statuses => [401, s, s, s, s, 401];
const OWNER_AND_REVIEWERS = (s: number): Statuses => [401, s, 403, s, s, 401];
const REVIEWERS = (s: number): Statuses => [401, 403, 403, s, s, 401];
const ADMIN = (s: number): Statuses => [401, 403, 403, 403, s, 401];

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
let spareTokenId = 0;
const spareWebhookIds: number[] = [];
const suggestionIds: number[] = [];

const ROWS: Row[] = [
  { route: 'GET /api/health', expect: PUBLIC(200) },
  { route: 'POST /api/session', expect: PUBLIC(200), body: () => ({ handle: 'cy', password: 'cy-password' }) },
  { route: 'DELETE /api/session', expect: PUBLIC(204) },
  { route: 'GET /api/me', expect: SIGNED_IN(200) },
  // A wrong current password: who may try at all (400 is the signed-in answer; no token is lost).
  {
    route: 'PUT /api/me/password',
    expect: SIGNED_IN(400),
    body: () => ({ currentPassword: 'not-it', newPassword: 'long-enough-password' }),
  },
  { route: 'POST /api/tokens', expect: SIGNED_IN(201), body: () => ({ name: 'matrix' }) },
  { route: 'GET /api/tokens', expect: SIGNED_IN(200) },
  // ana's spare token: only ana may revoke it (others: 404, as if it did not exist).
  {
    route: 'DELETE /api/tokens/{id}',
    expect: [401, 204, 404, 404, 404, 401],
    path: () => `/api/tokens/${spareTokenId}`,
  },
  {
    route: 'POST /api/users',
    expect: ADMIN(201),
    body: (who) => ({ handle: `made-by-${who}`, displayName: 'Made', role: 'analyst', password: 'long-enough' }),
  },
  { route: 'GET /api/users', expect: SIGNED_IN(200) },
  {
    route: 'PATCH /api/users/{handle}',
    expect: ADMIN(200),
    path: () => '/api/users/cy',
    body: () => ({ displayName: 'Cy' }),
  },
  { route: 'POST /api/teams', expect: ADMIN(201), body: (who) => ({ key: `team-${who}`, name: 'Team' }) },
  { route: 'GET /api/teams', expect: SIGNED_IN(200) },
  {
    route: 'PUT /api/teams/{key}/members',
    expect: ADMIN(200),
    path: () => '/api/teams/desk/members',
    body: () => ({ handles: ['ana', 'ben', 'cy'] }),
  },
  { route: 'GET /api/audit', expect: ADMIN(200) },
  {
    route: 'POST /api/questions',
    expect: SIGNED_IN(201),
    body: (who) => ({
      key: `asked-by-${who}`,
      title: 'Asked',
      description: '',
      type: 'binary',
      closesAt: iso(T0 + 90 * DAY),
    }),
  },
  { route: 'GET /api/questions', expect: SIGNED_IN(200) },
  { route: 'GET /api/questions/{key}', expect: SIGNED_IN(200), path: () => '/api/questions/ana-open' },
  // ana's question nobody has forecast on: its author, leads and admins may edit it.
  {
    route: 'PATCH /api/questions/{key}',
    expect: OWNER_AND_REVIEWERS(200),
    path: () => '/api/questions/ana-draft',
    body: (who) => ({ title: `Edited by ${who}` }),
  },
  {
    route: 'POST /api/questions/{key}/forecasts',
    expect: SIGNED_IN(201),
    path: () => '/api/questions/ana-open/forecasts',
    body: () => ({ probability: 0.6 }),
  },
  {
    route: 'GET /api/questions/{key}/forecasts',
    expect: SIGNED_IN(200),
    path: () => '/api/questions/ana-open/forecasts',
  },
  {
    route: 'GET /api/users/{handle}/forecasts',
    expect: OWNER_AND_REVIEWERS(200),
    path: () => '/api/users/ana/forecasts',
  },
  {
    route: 'GET /api/users/{handle}/open-forecasts',
    expect: OWNER_AND_REVIEWERS(200),
    path: () => '/api/users/ana/open-forecasts',
  },
  {
    route: 'POST /api/questions/{key}/resolution',
    expect: REVIEWERS(201),
    path: () => '/api/questions/to-resolve/resolution',
    body: () => ({ outcome: 'yes' }),
  },
  { route: 'GET /api/questions/{key}/scores', expect: SIGNED_IN(200), path: () => '/api/questions/done/scores' },
  { route: 'GET /api/questions/{key}/crowd', expect: SIGNED_IN(200), path: () => '/api/questions/done/crowd' },
  { route: 'GET /api/leaderboard', expect: SIGNED_IN(200) },
  // The team's pooled forecasts, backtested: open to every signed-in user, like the leaderboard.
  { route: 'GET /api/aggregates', expect: SIGNED_IN(200) },
  // Pooled over three forecasters: open to every signed-in user.
  { route: 'GET /api/calibration', expect: SIGNED_IN(200) },
  { route: 'GET /api/users/{handle}/scores', expect: OWNER_AND_REVIEWERS(200), path: () => '/api/users/ana/scores' },
  { route: 'GET /api/brier-by-month', expect: SIGNED_IN(200) },
  { route: 'GET /api/export', expect: REVIEWERS(200) },
  {
    route: 'POST /api/import',
    expect: ADMIN(200),
    body: () => ({
      format: 'reckon-archive',
      version: 1,
      teams: [],
      users: [],
      questions: [],
      forecasts: [],
      resolutions: [],
    }),
  },
  // Analysts get their own rows only (tests/features/csv.export.test.ts).
  { route: 'GET /api/export/forecasts.csv', expect: SIGNED_IN(200) },
  { route: 'GET /api/export/scores.csv', expect: SIGNED_IN(200) },
  // Notifications: webhooks are the admin's; each person's email settings their own.
  {
    route: 'POST /api/webhooks',
    expect: ADMIN(201),
    body: () => ({ url: 'https://hooks.example.com/reckon', events: ['question.resolved'], secret: 'matrix-secret' }),
  },
  { route: 'GET /api/webhooks', expect: ADMIN(200) },
  {
    route: 'DELETE /api/webhooks/{id}',
    expect: ADMIN(204),
    path: () => `/api/webhooks/${spareWebhookIds[0]}`,
  },
  {
    route: 'GET /api/webhooks/{id}/deliveries',
    expect: ADMIN(200),
    path: () => `/api/webhooks/${spareWebhookIds[1]}/deliveries`,
  },
  { route: 'GET /api/me/notifications', expect: SIGNED_IN(200) },
  {
    route: 'PUT /api/me/notifications',
    expect: SIGNED_IN(200),
    body: (who) => ({ email: `${who}@example.com`, digest: 'weekly', events: ['question.resolved'] }),
  },
  // The team's loop.
  { route: 'GET /api/settings', expect: SIGNED_IN(200) },
  { route: 'PATCH /api/settings', expect: ADMIN(200), body: () => ({ staleDays: 21 }) },
  { route: 'PUT /api/settings', expect: ADMIN(200), body: () => ({ staleDays: 14 }) },
  { route: 'GET /api/inbox', expect: SIGNED_IN(200) },
  // ana's question: its author, leads and admins clarify it.
  {
    route: 'POST /api/questions/{key}/clarifications',
    expect: OWNER_AND_REVIEWERS(201),
    path: () => '/api/questions/ana-open/clarifications',
    body: (who) => ({ text: `Clarified by ${who}` }),
  },
  // Those who forecast on it (ana, ben and cy, not the lead or the admin) suggest its resolution.
  {
    route: 'POST /api/questions/{key}/suggestions',
    expect: [401, 201, 201, 403, 403, 401],
    path: () => '/api/questions/done/suggestions',
    body: (who) => ({ outcome: 'yes', note: `Suggested by ${who}` }),
  },
  { route: 'GET /api/suggestions', expect: REVIEWERS(200) },
  // Each reviewer decides a suggestion of their own (a decided one answers 409).
  {
    route: 'POST /api/suggestions/{id}/dismiss',
    expect: REVIEWERS(200),
    path: (who) => `/api/suggestions/${suggestionIds[who === 'admin' ? 1 : 0]}/dismiss`,
    body: () => ({ note: 'Not what the statement says' }),
  },
  {
    route: 'POST /api/suggestions/{id}/accept',
    expect: REVIEWERS(201),
    path: (who) => `/api/suggestions/${suggestionIds[who === 'admin' ? 3 : 2]}/accept`,
  },
];

const h = useHarness(iso(T0));
const tokens: Partial<Record<Who, string>> = {};
let documented: string[] = [];

async function question(token: string, key: string, closesInDays = 30) {
  const r = await h.call('POST', '/api/questions', {
    token,
    body: {
      key,
      title: key,
      description: '',
      type: 'binary',
      closesAt: iso(h.clock.now().getTime() + closesInDays * DAY),
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

beforeAll(async () => {
  tokens.analyst = await h.user('ana');
  tokens.other = await h.user('ben');
  const cy = await h.user('cy');
  tokens.lead = await h.user('lee', 'lead');
  tokens.admin = h.adminToken;
  tokens.deactivated = await h.user('dee');
  expect((await h.call('PATCH', '/api/users/dee', { token: h.adminToken, body: { active: false } })).status).toBe(200);
  expect(
    (await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'desk', name: 'Desk' } })).status,
  ).toBe(201);

  // A resolved question three analysts forecast on (so pooled figures are open to analysts).
  await question(tokens.lead, 'done');
  h.clock.advance(DAY);
  for (const t of [tokens.analyst, tokens.other, cy]) {
    expect(
      (await h.call('POST', '/api/questions/done/forecasts', { token: t, body: { probability: 0.7 } })).status,
    ).toBe(201);
  }
  h.clock.advance(DAY);
  expect(
    (await h.call('POST', '/api/questions/done/resolution', { token: tokens.lead, body: { outcome: 'yes' } })).status,
  ).toBe(201);
  await question(tokens.analyst, 'ana-open');
  await question(tokens.analyst, 'ana-draft');
  await question(tokens.lead, 'to-resolve');
  const spare = await h.call('POST', '/api/tokens', { token: tokens.analyst, body: { name: 'spare' } });
  spareTokenId = spare.body.id;
  // Four suggestions by ana on the resolved question: two to dismiss, two to accept (no, then yes again).
  for (const outcome of ['no', 'no', 'no', 'yes']) {
    const sug = await h.call('POST', '/api/questions/done/suggestions', {
      token: tokens.analyst,
      body: { outcome, note: 'The statement says otherwise' },
    });
    expect(sug.status, JSON.stringify(sug.body)).toBe(201);
    suggestionIds.push(sug.body.suggestion.id);
  }
  for (const name of ['to-delete', 'to-list']) {
    const hook = await h.call('POST', '/api/webhooks', {
      token: tokens.admin,
      body: { url: `https://hooks.example.com/${name}`, events: ['question.created'], secret: 'spare-secret' },
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    spareWebhookIds.push(hook.body.webhook.id);
  }

  const doc = (await h.call('GET', '/api/openapi.json')).body;
  documented = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
  );
}, 120_000);

describe('the authorization matrix', () => {
  it('has exactly one row for every route of the OpenAPI document', () => {
    const rows = ROWS.map((r) => r.route);
    expect(documented.length).toBeGreaterThan(30);
    expect(
      documented.filter((r) => !rows.includes(r)),
      'routes without a row',
    ).toEqual([]);
    expect(
      rows.filter((r) => !documented.includes(r)),
      'rows for no route',
    ).toEqual([]);
    expect(new Set(rows).size).toBe(rows.length);
  });

  it.each(ROWS.map((r) => [r.route, r] as const))('%s', async (route, row) => {
    const [method, template] = route.split(' ') as [string, string];
    const got: Partial<Record<Who, number>> = {};
    for (const who of ORDER) {
      const path = row.path ? row.path(who) : template;
      const r = await h.call(method, path, { token: tokens[who], body: row.body?.(who) });
      got[who] = r.status;
      if (r.status >= 400) {
        expect(r.body?.error?.code, `${who}: ${JSON.stringify(r.body)}`).toEqual(expect.any(String));
      }
    }
    const want = Object.fromEntries(COLUMNS.map((c, i) => [c, row.expect[i]]));
    expect(got).toEqual(want);
  });
});
