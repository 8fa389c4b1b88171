/**
 * Users and teams: admin-only changes, validation with issue paths,
 * deactivation that ends sessions and tokens at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness();

function expectError(r: { status: number; body: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

const paths = (r: { body: any }) =>
  (r.body.error.issues as Array<{ path: string; message: string }>).map((i) => i.path).sort();

function expectIssues(r: { status: number; body: any }, expected: string[]) {
  expectError(r, 400, 'invalid_input');
  for (const issue of r.body.error.issues)
    expect(issue).toEqual({ path: expect.any(String), message: expect.any(String) });
  expect(paths(r)).toEqual([...expected].sort());
}

async function signIn(handle: string, password: string) {
  const res = await h.req('POST', '/api/session', { body: { handle, password } });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

const newUser = (handle: string, extra: Record<string, unknown> = {}) => ({
  handle,
  displayName: `User ${handle}`,
  role: 'analyst',
  password: `${handle}-password`,
  ...extra,
});

let leadToken: string;
let analystToken: string;

beforeAll(async () => {
  leadToken = await h.user('lena', 'lead');
  analystToken = await h.user('andy', 'analyst');
  expect(
    (await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'geo', name: 'Geopolitics' } })).status,
  ).toBe(201);
  expect(
    (await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'econ', name: 'Economics' } })).status,
  ).toBe(201);
});

describe('POST /api/users', () => {
  it('an admin creates a user (201) who can then sign in', async () => {
    const r = await h.call('POST', '/api/users', {
      token: h.adminToken,
      body: newUser('uma', { role: 'lead', teams: ['geo'] }),
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      user: {
        handle: 'uma',
        displayName: 'User uma',
        role: 'lead',
        active: true,
        teams: ['geo'],
        createdAt: h.clock.now().toISOString(),
      },
    });
    expect(r.body.user).not.toHaveProperty('password');
    expect(r.body.user).not.toHaveProperty('passwordHash');
    expect((await signIn('uma', 'uma-password')).status).toBe(200);
  });

  it('a duplicate handle is 409', async () => {
    const r = await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('uma') });
    expectError(r, 409, 'conflict');
  });

  it('a bad handle, role or short password is 400 with each path', async () => {
    expectIssues(await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('Not A Handle') }), [
      'handle',
    ]);
    expectIssues(await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('a'.repeat(65)) }), [
      'handle',
    ]);
    expectIssues(await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('vic', { role: 'boss' }) }), [
      'role',
    ]);
    expectIssues(
      await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('vic', { password: 'short' }) }),
      ['password'],
    );
    expectIssues(
      await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('vic', { displayName: '  ' }) }),
      ['displayName'],
    );
    expectIssues(
      await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('vic', { teams: ['geo', 'Bad Key'] }) }),
      ['teams.1'],
    );
    // Every problem at once.
    expectIssues(
      await h.call('POST', '/api/users', {
        token: h.adminToken,
        body: { handle: 'BAD', role: 'boss', password: 'short' },
      }),
      ['displayName', 'handle', 'password', 'role'],
    );
    // Nothing was created.
    const users = await h.call('GET', '/api/users', { token: h.adminToken });
    expect(users.body.users.map((u: { handle: string }) => u.handle)).not.toContain('vic');
  });

  it('an unknown team is 400 at its index under teams', async () => {
    const r = await h.call('POST', '/api/users', {
      token: h.adminToken,
      body: newUser('wes', { teams: ['geo', 'no-such-team'] }),
    });
    expectIssues(r, ['teams.1']);
    const users = await h.call('GET', '/api/users', { token: h.adminToken });
    expect(users.body.users.map((u: { handle: string }) => u.handle)).not.toContain('wes');
  });

  it('parallel creations of one handle: one 201, the rest 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => h.call('POST', '/api/users', { token: h.adminToken, body: newUser('twin') })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expectError(r, 409, 'conflict');
    const users = await h.call('GET', '/api/users', { token: h.adminToken });
    expect(users.body.users.filter((u: { handle: string }) => u.handle === 'twin')).toHaveLength(1);
  });

  it('is admin-only: 403 for leads and analysts', async () => {
    for (const token of [leadToken, analystToken]) {
      expectError(await h.call('POST', '/api/users', { token, body: newUser('xena') }), 403, 'forbidden');
    }
    const users = await h.call('GET', '/api/users', { token: h.adminToken });
    expect(users.body.users.map((u: { handle: string }) => u.handle)).not.toContain('xena');
  });
});

describe('GET /api/users', () => {
  it('lists every user by handle with their teams, to any signed-in user', async () => {
    const r = await h.call('GET', '/api/users', { token: analystToken });
    expect(r.status).toBe(200);
    const handles = r.body.users.map((u: { handle: string }) => u.handle);
    expect(handles).toEqual([...handles].sort());
    expect(handles).toEqual(expect.arrayContaining(['admin', 'andy', 'lena', 'uma']));
    for (const u of r.body.users) {
      expect(u).toEqual({
        handle: expect.any(String),
        displayName: expect.any(String),
        role: expect.stringMatching(/^(analyst|lead|admin)$/),
        active: expect.any(Boolean),
        teams: expect.any(Array),
        createdAt: expect.any(String),
      });
    }
    expect(r.body.users.find((u: { handle: string }) => u.handle === 'uma').teams).toEqual(['geo']);
    expect(r.body.users.find((u: { handle: string }) => u.handle === 'andy').teams).toEqual([]);
  });
});

describe('PATCH /api/users/{handle}', () => {
  beforeAll(async () => {
    expect((await h.call('POST', '/api/users', { token: h.adminToken, body: newUser('pat') })).status).toBe(201);
  });

  it('changes displayName, role and teams', async () => {
    const r = await h.call('PATCH', '/api/users/pat', {
      token: h.adminToken,
      body: { displayName: 'Pat Q.', role: 'lead', teams: ['econ', 'geo'] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      user: {
        handle: 'pat',
        displayName: 'Pat Q.',
        role: 'lead',
        active: true,
        teams: ['econ', 'geo'],
        createdAt: expect.any(String),
      },
    });
    const listed = (await h.call('GET', '/api/users', { token: h.adminToken })).body.users.find(
      (u: { handle: string }) => u.handle === 'pat',
    );
    expect(listed).toEqual(r.body.user);
    // Teams are replaced, not added to.
    const again = await h.call('PATCH', '/api/users/pat', { token: h.adminToken, body: { teams: ['econ'] } });
    expect(again.body.user.teams).toEqual(['econ']);
    const cleared = await h.call('PATCH', '/api/users/pat', { token: h.adminToken, body: { teams: [] } });
    expect(cleared.body.user.teams).toEqual([]);
    // The new role takes effect.
    const cookie = (await signIn('pat', 'pat-password')).cookie!;
    expect((await h.call('GET', '/api/me', { headers: { cookie } })).body.user.role).toBe('lead');
  });

  it('an empty patch changes nothing', async () => {
    const before = (await h.call('GET', '/api/users', { token: h.adminToken })).body.users.find(
      (u: { handle: string }) => u.handle === 'pat',
    );
    const r = await h.call('PATCH', '/api/users/pat', { token: h.adminToken, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.user).toEqual(before);
  });

  it('changes the password: the old one fails, the new one works', async () => {
    const { cookie } = await signIn('pat', 'pat-password');
    const r = await h.call('PATCH', '/api/users/pat', {
      token: h.adminToken,
      body: { password: 'a-brand-new-password' },
    });
    expect(r.status).toBe(200);
    expect(r.body.user).not.toHaveProperty('password');
    // Sessions made with the old password end.
    expect((await h.call('GET', '/api/me', { headers: { cookie: cookie! } })).status).toBe(401);
    expect((await signIn('pat', 'pat-password')).status).toBe(401);
    expect((await signIn('pat', 'a-brand-new-password')).status).toBe(200);
  });

  it('bad fields are 400 with their paths; unknown teams 400 at teams.N', async () => {
    expectIssues(await h.call('PATCH', '/api/users/pat', { token: h.adminToken, body: { role: 'boss' } }), ['role']);
    expectIssues(await h.call('PATCH', '/api/users/pat', { token: h.adminToken, body: { password: 'short' } }), [
      'password',
    ]);
    expectIssues(await h.call('PATCH', '/api/users/pat', { token: h.adminToken, body: { active: 'no' } }), ['active']);
    expectIssues(
      await h.call('PATCH', '/api/users/pat', { token: h.adminToken, body: { teams: ['geo', 'nope', 'econ'] } }),
      ['teams.1'],
    );
    expectIssues(await h.call('PATCH', '/api/users/Bad%20Handle', { token: h.adminToken, body: {} }), ['handle']);
  });

  it('an unknown user is 404', async () => {
    expectError(
      await h.call('PATCH', '/api/users/no-such-user', { token: h.adminToken, body: { displayName: 'X' } }),
      404,
      'not_found',
    );
  });

  it('is admin-only: 403 for leads and analysts, even on themselves', async () => {
    for (const token of [leadToken, analystToken]) {
      expectError(
        await h.call('PATCH', '/api/users/pat', { token, body: { displayName: 'Hijacked' } }),
        403,
        'forbidden',
      );
    }
    expectError(
      await h.call('PATCH', '/api/users/andy', { token: analystToken, body: { role: 'admin' } }),
      403,
      'forbidden',
    );
    const pat = (await h.call('GET', '/api/users', { token: h.adminToken })).body.users.find(
      (u: { handle: string }) => u.handle === 'pat',
    );
    expect(pat.displayName).toBe('Pat Q.');
  });
});

describe('deactivation', () => {
  it("active: false ends the user's cookie and token at once, and they cannot sign in", async () => {
    const token = await h.user('dora');
    const { cookie } = await signIn('dora', 'dora-password');
    expect((await h.call('GET', '/api/me', { token })).status).toBe(200);
    expect((await h.call('GET', '/api/me', { headers: { cookie: cookie! } })).status).toBe(200);

    const r = await h.call('PATCH', '/api/users/dora', { token: h.adminToken, body: { active: false } });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ handle: 'dora', active: false });

    expectError(await h.call('GET', '/api/me', { token }), 401, 'unauthorized');
    expectError(await h.call('GET', '/api/me', { headers: { cookie: cookie! } }), 401, 'unauthorized');
    expectError(await h.call('POST', '/api/tokens', { token, body: { name: 'sneaky' } }), 401, 'unauthorized');
    const again = await h.req('POST', '/api/session', { body: { handle: 'dora', password: 'dora-password' } });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();

    const listed = (await h.call('GET', '/api/users', { token: h.adminToken })).body.users.find(
      (u: { handle: string }) => u.handle === 'dora',
    );
    expect(listed.active).toBe(false);
  });

  it('reactivating lets them sign in again; the old cookie stays dead', async () => {
    const { cookie } = await signIn('uma', 'uma-password');
    expect((await h.call('PATCH', '/api/users/uma', { token: h.adminToken, body: { active: false } })).status).toBe(
      200,
    );
    const r = await h.call('PATCH', '/api/users/uma', { token: h.adminToken, body: { active: true } });
    expect(r.status).toBe(200);
    expect(r.body.user.active).toBe(true);
    expect((await h.call('GET', '/api/me', { headers: { cookie: cookie! } })).status).toBe(401);
    expect((await signIn('uma', 'uma-password')).status).toBe(200);
  });

  it('an admin cannot deactivate themselves or drop their own admin role (409)', async () => {
    expectError(
      await h.call('PATCH', '/api/users/admin', { token: h.adminToken, body: { active: false } }),
      409,
      'conflict',
    );
    expectError(
      await h.call('PATCH', '/api/users/admin', { token: h.adminToken, body: { role: 'analyst' } }),
      409,
      'conflict',
    );
    const me = await h.call('GET', '/api/me', { token: h.adminToken });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ handle: 'admin', role: 'admin', active: true });
  });

  it('an admin can deactivate another admin', async () => {
    const other = await h.user('root2', 'admin');
    expect((await h.call('PATCH', '/api/users/root2', { token: h.adminToken, body: { active: false } })).status).toBe(
      200,
    );
    expect((await h.call('GET', '/api/me', { token: other })).status).toBe(401);
  });
});

describe('teams', () => {
  it('an admin creates a team (201); a duplicate key is 409', async () => {
    const r = await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'energy', name: 'Energy desk' } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ team: { key: 'energy', name: 'Energy desk', members: [] } });
    expectError(
      await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'energy', name: 'Another' } }),
      409,
      'conflict',
    );
  });

  it('parallel creations of one key: one 201, the rest 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'twins', name: 'Twins' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expectError(r, 409, 'conflict');
  });

  it('a bad key or name is 400 with its path', async () => {
    expectIssues(await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'Bad Key', name: 'X' } }), [
      'key',
    ]);
    expectIssues(await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'ok-key', name: '' } }), [
      'name',
    ]);
    expectIssues(await h.call('POST', '/api/teams', { token: h.adminToken, body: {} }), ['key', 'name']);
  });

  it('PUT members sets the members; GET /api/teams shows them', async () => {
    const r = await h.call('PUT', '/api/teams/energy/members', {
      token: h.adminToken,
      body: { handles: ['lena', 'andy', 'andy'] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ team: { key: 'energy', name: 'Energy desk', members: ['andy', 'lena'] } });

    const teams = await h.call('GET', '/api/teams', { token: analystToken });
    expect(teams.status).toBe(200);
    for (const t of teams.body.teams)
      expect(t).toEqual({ key: expect.any(String), name: expect.any(String), members: expect.any(Array) });
    const keys = teams.body.teams.map((t: { key: string }) => t.key);
    expect(keys).toEqual([...keys].sort());
    expect(teams.body.teams.find((t: { key: string }) => t.key === 'energy').members).toEqual(['andy', 'lena']);
    // And the users list agrees.
    const andy = (await h.call('GET', '/api/users', { token: analystToken })).body.users.find(
      (u: { handle: string }) => u.handle === 'andy',
    );
    expect(andy.teams).toContain('energy');

    // A second PUT replaces the members.
    const replaced = await h.call('PUT', '/api/teams/energy/members', {
      token: h.adminToken,
      body: { handles: ['uma'] },
    });
    expect(replaced.body.team.members).toEqual(['uma']);
    const after = await h.call('GET', '/api/teams', { token: analystToken });
    expect(after.body.teams.find((t: { key: string }) => t.key === 'energy').members).toEqual(['uma']);
    // Other teams are untouched.
    expect(after.body.teams.find((t: { key: string }) => t.key === 'geo').members).toContain('uma');
  });

  it('an unknown handle is 400 at handles.N and changes nothing', async () => {
    const r = await h.call('PUT', '/api/teams/energy/members', {
      token: h.adminToken,
      body: { handles: ['lena', 'nobody', 'andy'] },
    });
    expectIssues(r, ['handles.1']);
    expectIssues(
      await h.call('PUT', '/api/teams/energy/members', {
        token: h.adminToken,
        body: { handles: ['lena', 'Not Valid'] },
      }),
      ['handles.1'],
    );
    const teams = await h.call('GET', '/api/teams', { token: analystToken });
    expect(teams.body.teams.find((t: { key: string }) => t.key === 'energy').members).toEqual(['uma']);
  });

  it('an unknown team is 404', async () => {
    expectError(
      await h.call('PUT', '/api/teams/no-such-team/members', { token: h.adminToken, body: { handles: [] } }),
      404,
      'not_found',
    );
  });

  it('POST teams and PUT members are admin-only (403)', async () => {
    for (const token of [leadToken, analystToken]) {
      expectError(
        await h.call('POST', '/api/teams', { token, body: { key: 'rogue', name: 'Rogue' } }),
        403,
        'forbidden',
      );
      expectError(
        await h.call('PUT', '/api/teams/energy/members', { token, body: { handles: ['andy'] } }),
        403,
        'forbidden',
      );
    }
    const teams = await h.call('GET', '/api/teams', { token: analystToken });
    expect(teams.body.teams.map((t: { key: string }) => t.key)).not.toContain('rogue');
    expect(teams.body.teams.find((t: { key: string }) => t.key === 'energy').members).toEqual(['uma']);
  });

  it('reading users and teams needs a signed-in user', async () => {
    expectError(await h.call('GET', '/api/teams'), 401, 'unauthorized');
    expectError(await h.call('GET', '/api/users'), 401, 'unauthorized');
  });
});
