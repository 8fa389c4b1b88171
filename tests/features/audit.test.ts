/**
 * GET /api/audit: admin only, newest first, filtered by actor/action/since,
 * paged with an opaque cursor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness('2024-03-01T09:00:00.000Z');
const MINUTE = 60_000;

interface Entry {
  at: string;
  actor: string | null;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

function expectError(r: { status: number; body: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

interface AuditBody {
  entries: Entry[];
  nextCursor: string | null;
  /** Only on an error response. */
  error?: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
}

const audit = (query = '', token = h.adminToken) => h.call<AuditBody>('GET', `/api/audit${query}`, { token });

/** Every entry matching `query`, following the cursor page by page. */
async function allPages(query: string, limit: number) {
  const pages: Entry[][] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '?';
    const r = await audit(`${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status).toBe(200);
    expect(r.body.entries.length).toBeLessThanOrEqual(limit);
    pages.push(r.body.entries);
    cursor = r.body.nextCursor;
    if (pages.length > 100) throw new Error('the cursor never ends');
  } while (cursor);
  return pages;
}

const key = (e: Entry) => JSON.stringify(e);

let leadToken: string;
let analystToken: string;
/** An analyst whose password no test changes (a password change revokes arno's token). */
let otherAnalystToken: string;
let markTeams: string;

beforeAll(async () => {
  h.clock.advance(MINUTE);
  leadToken = await h.user('lina', 'lead');
  h.clock.advance(MINUTE);
  analystToken = await h.user('arno');
  otherAnalystToken = await h.user('ulla');
  h.clock.advance(MINUTE);
  markTeams = h.clock.now().toISOString();
  for (const k of ['alpha', 'beta', 'gamma']) {
    expect(
      (await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: k, name: k.toUpperCase() } })).status,
    ).toBe(201);
    h.clock.advance(1000);
  }
  expect(
    (await h.call('PUT', '/api/teams/alpha/members', { token: h.adminToken, body: { handles: ['arno', 'lina'] } }))
      .status,
  ).toBe(200);
  h.clock.advance(MINUTE);
  // A token made by the analyst, so there are entries by more than one actor after markTeams.
  expect((await h.call('POST', '/api/tokens', { token: analystToken, body: { name: 'audit me' } })).status).toBe(201);
  h.clock.advance(MINUTE);
  expect(
    (
      await h.call('PATCH', '/api/users/arno', {
        token: h.adminToken,
        body: { displayName: 'Arno B.', password: 'another-password' },
      })
    ).status,
  ).toBe(200);
});

describe('GET /api/audit', () => {
  it('is admin-only: 403 for leads and analysts, 401 without credentials', async () => {
    expectError(await audit('', leadToken), 403, 'forbidden');
    expectError(await audit('', otherAnalystToken), 403, 'forbidden');
    // arno's token ended with the password change the admin made for him.
    expectError(await audit('', analystToken), 401, 'unauthorized');
    expectError(await h.call('GET', '/api/audit'), 401, 'unauthorized');
  });

  it('lists entries newest first with at, actor, action, subject and details', async () => {
    const r = await audit();
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ entries: expect.any(Array), nextCursor: null });
    for (const e of r.body.entries) {
      expect(e).toEqual({
        at: expect.any(String),
        actor: expect.toSatisfy((a: unknown) => a === null || typeof a === 'string'),
        action: expect.any(String),
        subject: expect.any(String),
        details: expect.any(Object),
      });
      expect(new Date(e.at).toISOString()).toBe(e.at);
    }
    const times = r.body.entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // The latest change comes first.
    expect(r.body.entries[0]).toMatchObject({
      actor: 'admin',
      action: 'user.update',
      subject: 'user:arno',
      at: h.clock.now().toISOString(),
    });
    expect(r.body.entries[0]!.details).toMatchObject({ displayName: 'Arno B.', passwordChanged: true });
    // Passwords never reach the log.
    expect(JSON.stringify(r.body)).not.toContain('another-password');
    expect(JSON.stringify(r.body)).not.toContain('arno-password');

    const actions = r.body.entries.map((e) => `${e.actor} ${e.action} ${e.subject}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'null user.bootstrap user:admin',
        'admin user.create user:lina',
        'admin user.create user:arno',
        'admin team.create team:alpha',
        'admin team.members team:alpha',
        'arno session.create user:arno',
        'arno token.create ' + r.body.entries.find((e) => e.actor === 'arno' && e.action === 'token.create')!.subject,
      ]),
    );
    // Entries at one instant keep the order they were made in: the later one first.
    const createLina = actions.indexOf('admin user.create user:lina');
    const signInLina = actions.indexOf('lina session.create user:lina');
    expect(signInLina).toBeLessThan(createLina);
  });

  it('filters by actor', async () => {
    const r = await audit('?actor=arno');
    expect(r.status).toBe(200);
    expect(r.body.entries.length).toBeGreaterThanOrEqual(2);
    for (const e of r.body.entries) expect(e.actor).toBe('arno');
    expect(r.body.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['session.create', 'token.create']));
    // An unknown actor matches nothing rather than failing.
    expect((await audit('?actor=nobody-at-all')).body).toEqual({ entries: [], nextCursor: null });
  });

  it('filters by action', async () => {
    const r = await audit('?action=team.create');
    expect(r.status).toBe(200);
    expect(r.body.entries.map((e) => e.subject)).toEqual(['team:gamma', 'team:beta', 'team:alpha']);
    for (const e of r.body.entries) expect(e).toMatchObject({ actor: 'admin', action: 'team.create' });
    expect(r.body.entries[0]!.details).toEqual({ name: 'GAMMA' });
  });

  it('filters by since (inclusive) and combines filters', async () => {
    const r = await audit(`?since=${encodeURIComponent(markTeams)}`);
    expect(r.status).toBe(200);
    for (const e of r.body.entries) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Date.parse(markTeams));
    expect(r.body.entries.map((e) => e.action)).not.toContain('user.bootstrap');
    expect(r.body.entries.at(-1)).toMatchObject({ action: 'team.create', subject: 'team:alpha', at: markTeams });

    const both = await audit(`?since=${encodeURIComponent(markTeams)}&actor=admin&action=team.create`);
    expect(both.body.entries.map((e) => e.subject)).toEqual(['team:gamma', 'team:beta', 'team:alpha']);
    // An offset is accepted.
    const offset = await audit(`?since=${encodeURIComponent('2024-03-01T10:03:00+01:00')}`);
    expect(offset.status).toBe(200);
    expect(offset.body.entries).toEqual(r.body.entries);
  });

  it('pages with limit and cursor: no overlap, nothing lost, nextCursor null at the end', async () => {
    const full = (await audit()).body.entries;
    expect(full.length).toBeGreaterThan(6);
    for (const limit of [1, 2, 5]) {
      const pages = await allPages('', limit);
      for (const p of pages.slice(0, -1)) expect(p).toHaveLength(limit);
      const flat = pages.flat();
      expect(new Set(flat.map(key)).size).toBe(flat.length);
      expect(flat).toEqual(full);
    }
  });

  it('pages a filtered list too', async () => {
    const full = (await audit('?actor=admin')).body.entries;
    const flat = (await allPages('?actor=admin', 3)).flat();
    expect(flat).toEqual(full);
  });

  it('the last full page has nextCursor null when nothing follows', async () => {
    const r = await audit('?action=team.create&limit=3');
    expect(r.body.entries).toHaveLength(3);
    expect(r.body.nextCursor).toBeNull();
    const first = await audit('?action=team.create&limit=2');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await audit(`?action=team.create&limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(second.body).toEqual({ entries: [expect.objectContaining({ subject: 'team:alpha' })], nextCursor: null });
  });

  it('a bad cursor, since or limit is 400 with its path', async () => {
    for (const [query, path] of [
      ['?cursor=not-a-cursor', 'cursor'],
      [`?cursor=${Buffer.from('yesterday|1').toString('base64url')}`, 'cursor'],
      [`?cursor=${'x'.repeat(300)}`, 'cursor'],
      ['?since=last-tuesday', 'since'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=ten', 'limit'],
      ['?actor=Not%20A%20Handle', 'actor'],
    ] as const) {
      const r = await audit(query);
      expect({ query, status: r.status }).toEqual({ query, status: 400 });
      expect(r.body.error?.code).toBe('invalid_input');
      expect(r.body.error?.issues?.map((i) => i.path)).toEqual([path]);
    }
  });

  it('a cursor that decodes to nonsense is 400, never 500', async () => {
    for (const raw of [
      '-271821-04-20T00:00:00.000Z|1',
      '+275760-09-13T00:00:00.000Z|1',
      '2024-01-01|1',
      '2024-01-01T00:00:00.000Z|1e400',
      '2024-01-01T00:00:00.000Z|-5',
      '2024-01-01T00:00:00.000Z|x',
      '2024-01-01T00:00:00.000Z|1|2',
      '|',
    ]) {
      const r = await audit(`?cursor=${Buffer.from(raw).toString('base64url')}`);
      expect({ raw, status: r.status }).toEqual({ raw, status: 400 });
      expect(r.body.error?.code).toBe('invalid_input');
    }
    // A valid ISO date the database cannot hold (there is no year 0) is bad input too.
    const r = await audit('?since=0000-01-01T00:00:00Z');
    expectError(r, 400, 'invalid_input');
  });
});
