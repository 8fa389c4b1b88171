import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const tok: Record<string, string> = {};
beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.ben = await h.user('ben');
  tok.lee = await h.user('lee', 'lead');
});

/** A valid binary question body, with overrides. */
const binary = (over: Record<string, unknown> = {}) => ({
  title: 'Will it rain?',
  description: 'In Zurich, on the day.',
  type: 'binary',
  closesAt: iso(10 * DAY),
  ...over,
});

const post = (body: unknown, token = tok.ana) => h.call('POST', '/api/questions', { token, body });
const paths = (body: any): string[] => (body?.error?.issues ?? []).map((i: any) => i.path);

function expectInvalid(r: { status: number; body: any }, path?: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  expect(Array.isArray(r.body.error.issues)).toBe(true);
  expect(r.body.error.issues.length).toBeGreaterThan(0);
  if (path !== undefined) expect(paths(r.body)).toContain(path);
}

describe('POST /api/questions', () => {
  beforeAll(() => h.clock.set(T0));

  it('creates a binary question: 201, open, createdBy, defaults', async () => {
    const r = await post(binary({ key: 'rain-zurich', tags: ['weather', 'weather'] }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const q = r.body.question;
    expect(q).toMatchObject({
      key: 'rain-zurich',
      title: 'Will it rain?',
      description: 'In Zurich, on the day.',
      type: 'binary',
      options: null,
      tags: ['weather'],
      opensAt: iso(0),
      closesAt: iso(10 * DAY),
      hideForecasts: false,
      createdBy: 'ana',
      createdAt: iso(0),
      status: 'open',
      resolution: null,
      resolutions: [],
      forecasts: 0,
      forecasters: 0,
    });
  });

  it('creates categorical and ordinal questions with their options', async () => {
    const cat = await post(
      binary({ key: 'winner', type: 'categorical', options: ['Red', 'Blue'], title: 'Who wins?' }),
      tok.ben,
    );
    expect(cat.status, JSON.stringify(cat.body)).toBe(201);
    expect(cat.body.question).toMatchObject({
      type: 'categorical',
      options: ['Red', 'Blue'],
      createdBy: 'ben',
      status: 'open',
    });
    const ord = await post(
      binary({
        key: 'when',
        type: 'ordinal',
        options: ['before Sep 10', 'Sep 10-13', 'after Sep 13'],
        opensAt: iso(DAY),
      }),
      tok.lee,
    );
    expect(ord.status, JSON.stringify(ord.body)).toBe(201);
    expect(ord.body.question).toMatchObject({
      type: 'ordinal',
      options: ['before Sep 10', 'Sep 10-13', 'after Sep 13'],
      createdBy: 'lee',
      status: 'upcoming',
      opensAt: iso(DAY),
    });
  });

  it('makes the key from the title when absent, and unique with -2, -3', async () => {
    const a = await post(binary({ title: 'Will the Élysée Treaty be revised by 2030?' }));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.question.key).toBe('will-the-elysee-treaty-be-revised-by-2030');
    const b = await post(binary({ title: 'Will the Élysée treaty be revised by 2030??' }));
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.question.key).toBe('will-the-elysee-treaty-be-revised-by-2030-2');
    const c = await post(binary({ title: 'will the elysee treaty be revised by 2030' }));
    expect(c.body.question.key).toBe('will-the-elysee-treaty-be-revised-by-2030-3');
    const g = await h.call('GET', `/api/questions/${b.body.question.key}`, { token: tok.ben });
    expect(g.status).toBe(200);
    expect(g.body.question.title).toBe('Will the Élysée treaty be revised by 2030??');
  });

  it('answers 409 for a key that is taken', async () => {
    const first = await post(binary({ key: 'dup-key' }));
    expect(first.status).toBe(201);
    const again = await post(binary({ key: 'dup-key', title: 'Something else' }), tok.ben);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('refuses options on a binary question', async () => {
    expectInvalid(await post(binary({ options: ['no', 'yes'] })), 'options');
  });

  it('needs at least 2 options for categorical and 3 for ordinal', async () => {
    expectInvalid(await post(binary({ type: 'categorical' })), 'options');
    expectInvalid(await post(binary({ type: 'categorical', options: ['Only'] })), 'options');
    expectInvalid(await post(binary({ type: 'ordinal', options: ['low', 'high'] })), 'options');
    expectInvalid(await post(binary({ type: 'ordinal' })), 'options');
  });

  it('refuses duplicate and empty option labels', async () => {
    const r = await post(binary({ type: 'categorical', options: ['Red', 'Blue', 'Red'] }));
    expectInvalid(r, 'options.2');
    // Labels are trimmed, so these are the same label.
    expectInvalid(await post(binary({ type: 'ordinal', options: ['a', 'b', ' a '] })), 'options.2');
    expectInvalid(await post(binary({ type: 'categorical', options: ['Red', '  '] })), 'options.1');
  });

  it('refuses closesAt at or before opensAt, and closesAt in the past', async () => {
    expectInvalid(await post(binary({ opensAt: iso(5 * DAY), closesAt: iso(5 * DAY) })), 'closesAt');
    expectInvalid(await post(binary({ opensAt: iso(5 * DAY), closesAt: iso(4 * DAY) })), 'closesAt');
    expectInvalid(await post(binary({ closesAt: iso(-1) })), 'closesAt');
    expectInvalid(await post(binary({ closesAt: iso(0) })), 'closesAt');
    // opensAt in the past is fine: the question is open at once.
    const r = await post(binary({ opensAt: iso(-DAY), closesAt: iso(1) }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.question.status).toBe('open');
  });

  it('refuses dates that are not ISO 8601 instants', async () => {
    for (const bad of [
      'tomorrow',
      '2023-09-10',
      '2023-02-30T00:00:00Z',
      '2023-09-10T25:00:00Z',
      '2023-09-10T12:00:00',
      1694304000000,
      null,
    ]) {
      expectInvalid(await post(binary({ closesAt: bad })), 'closesAt');
    }
    expectInvalid(await post(binary({ opensAt: 'soon' })), 'opensAt');
    // Years 0001-0099 would be read back from the database as 19xx/20xx.
    expectInvalid(await post(binary({ opensAt: '0001-01-01T00:00:00Z' })), 'opensAt');
    expectInvalid(await post(binary({ opensAt: '0049-06-01T00:00:00Z' })), 'opensAt');
    // An offset other than Z is an instant too.
    const r = await post(binary({ closesAt: '2023-09-10T12:00:00+02:00' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.question.closesAt).toBe('2023-09-10T10:00:00.000Z');
  });

  it('refuses unknown fields, bad types, keys and tags, missing fields', async () => {
    expectInvalid(await post(binary({ colour: 'red' })), 'colour');
    expectInvalid(await post(binary({ createdBy: 'ben' })), 'createdBy');
    expectInvalid(await post(binary({ type: 'numeric' })), 'type');
    expectInvalid(await post(binary({ key: 'Not A Key' })), 'key');
    expectInvalid(await post(binary({ tags: ['Bad Tag'] })), 'tags.0');
    expectInvalid(await post(binary({ title: '   ' })), 'title');
    expectInvalid(await post(binary({ hideForecasts: 'yes' })), 'hideForecasts');
    const { closesAt: _, ...noClose } = binary();
    expectInvalid(await post(noClose), 'closesAt');
    expectInvalid(await post('{"title": '));
    expectInvalid(await post([1, 2]));
  });

  it('refuses text the database cannot store (NUL, unpaired surrogates) with a 400, not a 500', async () => {
    expectInvalid(await post(binary({ title: 'Rain\u0000?' })), 'title');
    expectInvalid(await post(binary({ description: 'a\u0000b' })), 'description');
    expectInvalid(await post(binary({ type: 'categorical', options: ['a\u0000', 'b'] })), 'options.0');
    expectInvalid(await post(binary({ title: 'Rain \ud800?' })), 'title');
    expectInvalid(await post(binary({ type: 'categorical', options: ['a', '\udc00'] })), 'options.1');
    expectInvalid(await h.call('GET', '/api/questions?q=%00', { token: tok.ana }), 'q');
    const ok = await post(binary({ title: 'Rain 🌧?', type: 'categorical', options: ['🌧', '☀'] }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.question).toMatchObject({ title: 'Rain 🌧?', options: ['🌧', '☀'], key: 'rain' });
  });

  it('needs a signed-in user', async () => {
    const r = await h.call('POST', '/api/questions', { body: binary() });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });
});

describe('GET /api/questions/{key}', () => {
  it('answers 404 for an unknown key and 400 for a malformed one', async () => {
    const r = await h.call('GET', '/api/questions/no-such-question', { token: tok.ana });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    const bad = await h.call('GET', '/api/questions/NOT_A_KEY', { token: tok.ana });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
  });
});

describe('GET /api/questions: status filter', () => {
  // Five questions under one tag, each driven to one status.
  const tag = 'lifecycle';
  beforeAll(async () => {
    h.clock.set(T0);
    const mk = async (key: string, opensAt: number, closesAt: number) => {
      const r = await post(binary({ key, tags: [tag], opensAt: iso(opensAt), closesAt: iso(closesAt) }), tok.lee);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    await mk('lc-upcoming', 50 * DAY, 60 * DAY);
    await mk('lc-open', 0, 60 * DAY);
    await mk('lc-closed', 0, DAY);
    await mk('lc-resolved', 0, 60 * DAY);
    await mk('lc-annulled', 0, 60 * DAY);
    h.clock.set(T0 + 2 * DAY);
    const res = await h.call('POST', '/api/questions/lc-resolved/resolution', {
      token: tok.lee,
      body: { outcome: 'yes' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ann = await h.call('POST', '/api/questions/lc-annulled/resolution', {
      token: tok.lee,
      body: { outcome: 'annulled' },
    });
    expect(ann.status, JSON.stringify(ann.body)).toBe(201);
  });

  const list = async (query: string) => {
    const r = await h.call('GET', `/api/questions?tag=${tag}&${query}`, { token: tok.ana });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { questions: Array<{ key: string; status: string }>; nextCursor: string | null };
  };

  it('selects each status, agreeing with the status each question shows', async () => {
    h.clock.set(T0 + 2 * DAY);
    for (const status of ['upcoming', 'open', 'closed', 'resolved', 'annulled']) {
      const b = await list(`status=${status}`);
      expect(b.questions.map((q) => q.key)).toEqual([`lc-${status}`]);
      expect(b.questions[0]!.status).toBe(status);
    }
    const all = await list('');
    expect(all.questions.map((q) => q.key).sort()).toEqual([
      'lc-annulled',
      'lc-closed',
      'lc-open',
      'lc-resolved',
      'lc-upcoming',
    ]);
    expect(all.nextCursor).toBeNull();
  });

  it('moves questions between statuses as the clock moves', async () => {
    // At opensAt exactly the question is open; at closesAt exactly it is closed.
    h.clock.set(T0 + 50 * DAY);
    expect((await list('status=upcoming')).questions).toEqual([]);
    expect((await list('status=open')).questions.map((q) => q.key).sort()).toEqual(['lc-open', 'lc-upcoming']);
    h.clock.set(T0 + 50 * DAY - 1);
    expect((await list('status=upcoming')).questions.map((q) => q.key)).toEqual(['lc-upcoming']);
    h.clock.set(T0 + 60 * DAY);
    expect((await list('status=closed')).questions.map((q) => q.key).sort()).toEqual([
      'lc-closed',
      'lc-open',
      'lc-upcoming',
    ]);
    expect((await list('status=open')).questions).toEqual([]);
    // Resolved and annulled stay so, whatever the clock says.
    expect((await list('status=resolved')).questions.map((q) => q.key)).toEqual(['lc-resolved']);
    expect((await list('status=annulled')).questions.map((q) => q.key)).toEqual(['lc-annulled']);
    const one = await h.call('GET', '/api/questions/lc-upcoming', { token: tok.ana });
    expect(one.body.question.status).toBe('closed');
    h.clock.set(T0);
  });

  it('refuses an unknown status', async () => {
    const r = await h.call('GET', '/api/questions?status=pending', { token: tok.ana });
    expectInvalid(r, 'status');
  });
});

describe('GET /api/questions: tag and text search', () => {
  beforeAll(async () => {
    h.clock.set(T0);
    const mk = async (key: string, title: string, description: string, tags: string[]) => {
      const r = await post(binary({ key, title, description, tags }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    await mk('ts-volcano', 'Will Etna erupt in October?', 'Any eruption counts.', ['geo', 'europe']);
    await mk('ts-quake', 'A magnitude 6 earthquake in Chile?', 'USGS data; 100% literal.', ['geo']);
    await mk('ts-election', 'Who wins the Chilean runoff?', 'Official count.', ['politics']);
  });

  const keys = async (query: string) => {
    const r = await h.call('GET', `/api/questions?${query}`, { token: tok.ben });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.questions as Array<{ key: string }>).map((q) => q.key);
  };

  it('filters by tag', async () => {
    expect((await keys('tag=geo')).sort()).toEqual(['ts-quake', 'ts-volcano']);
    expect(await keys('tag=europe')).toEqual(['ts-volcano']);
    expect(await keys('tag=nothing-tagged-so')).toEqual([]);
    expectInvalid(await h.call('GET', '/api/questions?tag=Not%20A%20Tag', { token: tok.ben }), 'tag');
  });

  it('searches title, description and key, case-insensitively, with % and _ taken literally', async () => {
    expect((await keys('q=chile')).sort()).toEqual(['ts-election', 'ts-quake']);
    expect(await keys('q=ETNA')).toEqual(['ts-volcano']);
    expect(await keys('q=any%20eruption')).toEqual(['ts-volcano']);
    expect(await keys('q=ts-elec')).toEqual(['ts-election']);
    expect(await keys('q=100%25')).toEqual(['ts-quake']);
    expect(await keys('q=%25%25%25')).toEqual([]);
    expect(await keys('q=_')).toEqual([]);
    expect(await keys('q=chile&tag=politics')).toEqual(['ts-election']);
  });
});

describe('GET /api/questions: paging', () => {
  const tag = 'paging';
  beforeAll(async () => {
    h.clock.set(T0);
    for (let i = 0; i < 7; i++) {
      const r = await post(binary({ key: `page-${i}`, tags: [tag] }), i % 2 ? tok.ana : tok.ben);
      expect(r.status).toBe(201);
    }
  });

  it('walks every question once with limit and cursor, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `/api/questions?tag=${tag}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await h.call('GET', qs, { token: tok.ana });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.questions.length).toBeLessThanOrEqual(3);
      seen.push(...r.body.questions.map((q: any) => q.key));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['page-6', 'page-5', 'page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
  });

  it('has no next cursor when the page is exactly the rest', async () => {
    const r = await h.call('GET', `/api/questions?tag=${tag}&limit=7`, { token: tok.ana });
    expect(r.body.questions).toHaveLength(7);
    expect(r.body.nextCursor).toBeNull();
  });

  it('defaults to 50 and allows 500', async () => {
    const all = await h.call('GET', '/api/questions', { token: tok.ana });
    expect(all.status).toBe(200);
    expect(all.body.questions.length).toBeGreaterThan(7);
    expect(all.body.questions.length).toBeLessThanOrEqual(50);
    expect((await h.call('GET', '/api/questions?limit=500', { token: tok.ana })).status).toBe(200);
  });

  it('refuses bad limits and cursors with 400', async () => {
    for (const limit of ['501', '0', '-1', 'abc', '2.5']) {
      expectInvalid(await h.call('GET', `/api/questions?limit=${limit}`, { token: tok.ana }), 'limit');
    }
    for (const cursor of ['abc', '0', '-3', '1.5', '']) {
      const r = await h.call('GET', `/api/questions?cursor=${cursor}`, { token: tok.ana });
      expectInvalid(r, 'cursor');
    }
    // Beyond any question id (int4): not a cursor, and no database error either.
    expectInvalid(await h.call('GET', '/api/questions?cursor=99999999999999', { token: tok.ana }), 'cursor');
  });
});

describe('PATCH /api/questions/{key}', () => {
  beforeAll(async () => {
    h.clock.set(T0);
    for (const key of ['edit-me', 'edit-later']) {
      const r = await post(binary({ key }));
      expect(r.status).toBe(201);
    }
    const cat = await post(binary({ key: 'edit-cat', type: 'categorical', options: ['a', 'b'] }));
    expect(cat.status).toBe(201);
  });

  const patch = (key: string, body: unknown, token: string | undefined) =>
    h.call('PATCH', `/api/questions/${key}`, { token, body });

  it('lets the author edit before any forecast', async () => {
    const r = await patch(
      'edit-me',
      { title: 'Will it rain on Sunday?', tags: ['weather'], hideForecasts: true },
      tok.ana,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.question).toMatchObject({
      key: 'edit-me',
      title: 'Will it rain on Sunday?',
      tags: ['weather'],
      hideForecasts: true,
      createdBy: 'ana',
    });
    const g = await h.call('GET', '/api/questions/edit-me', { token: tok.ben });
    expect(g.body.question.title).toBe('Will it rain on Sunday?');
  });

  it('refuses another analyst (403) but lets a lead edit', async () => {
    const r = await patch('edit-me', { title: 'Hijacked' }, tok.ben);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    const l = await patch('edit-me', { closesAt: iso(20 * DAY) }, tok.lee);
    expect(l.status, JSON.stringify(l.body)).toBe(200);
    expect(l.body.question.closesAt).toBe(iso(20 * DAY));
    expect(l.body.question.title).toBe('Will it rain on Sunday?');
  });

  it('checks the edited shape like a new question', async () => {
    expectInvalid(await patch('edit-me', { opensAt: iso(30 * DAY) }, tok.ana), 'closesAt');
    expectInvalid(await patch('edit-me', { closesAt: iso(-DAY) }, tok.ana), 'closesAt');
    expectInvalid(await patch('edit-me', { options: ['x', 'y'] }, tok.ana), 'options');
    expectInvalid(await patch('edit-cat', { options: ['x'] }, tok.ana), 'options');
    expectInvalid(await patch('edit-cat', { options: ['x', 'x'] }, tok.ana), 'options.1');
    expectInvalid(await patch('edit-me', { type: 'categorical' }, tok.ana), 'type');
    expectInvalid(await patch('edit-me', { key: 'new-key' }, tok.ana), 'key');
    const ok = await patch('edit-cat', { options: ['x', 'y', 'z'] }, tok.ana);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.question.options).toEqual(['x', 'y', 'z']);
  });

  it('answers 404 for an unknown question', async () => {
    const r = await patch('never-posed', { title: 'x' }, tok.lee);
    expect(r.status).toBe(404);
  });

  it('refuses any edit once someone has forecast (409), even by a lead', async () => {
    const f = await h.call('POST', '/api/questions/edit-later/forecasts', {
      token: tok.ben,
      body: { probability: 0.3 },
    });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    for (const token of [tok.ana, tok.lee]) {
      const r = await patch('edit-later', { title: 'Changed after the fact' }, token);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('conflict');
    }
    const g = await h.call('GET', '/api/questions/edit-later', { token: tok.ana });
    expect(g.body.question.title).toBe('Will it rain?');
    expect(g.body.question).toMatchObject({ forecasts: 1, forecasters: 1 });
  });
});

describe('GET /api/questions?closesBefore= (closing soon)', () => {
  it('keeps only the questions closing before the instant, and validates it', async () => {
    h.clock.set(T0);
    await post(binary({ key: 'soon-a', tags: ['closing-test'], closesAt: iso(2 * DAY) }));
    await post(binary({ key: 'soon-b', tags: ['closing-test'], closesAt: iso(6 * DAY) }));
    await post(binary({ key: 'later-c', tags: ['closing-test'], closesAt: iso(30 * DAY) }));
    const r = await h.call(
      'GET',
      `/api/questions?tag=closing-test&status=open&closesBefore=${encodeURIComponent(iso(7 * DAY))}`,
      { token: tok.ben },
    );
    expect(r.status).toBe(200);
    expect(r.body.questions.map((q: any) => q.key).sort()).toEqual(['soon-a', 'soon-b']);
    expectInvalid(await h.call('GET', '/api/questions?closesBefore=next-week', { token: tok.ben }), 'closesBefore');
  });
});
