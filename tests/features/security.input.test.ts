/**
 * Issue 8, findings 6-8: names refuse bidirectional controls (400 naming the
 * field); an archive is held to the API's field rules (one rule, one place);
 * a hostile archive (deep nesting, one huge item) is refused while it streams.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness('2026-11-28T06:00:00.000Z');
let ana: string;

beforeAll(async () => {
  ana = await h.user('ana');
});

/** A 400 invalid_input whose issues name exactly `paths`. */
function refusedAt(r: { status: number; body: any }, paths: string[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  expect([...new Set(r.body.error.issues.map((i: { path: string }) => i.path))]).toEqual(paths);
}

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const question = (over: Record<string, unknown>) => ({
  title: 'Will it rain?',
  description: '',
  type: 'categorical',
  options: ['rain', 'sun'],
  closesAt: '2027-01-01T00:00:00Z',
  ...over,
});

describe('bidirectional control characters', () => {
  it.each(BIDI.map((c) => [c.codePointAt(0)!.toString(16), c]))('U+%s is refused in names', async (_, c) => {
    refusedAt(await h.call('POST', '/api/questions', { token: ana, body: question({ title: `Pay ${c}evil` }) }), [
      'title',
    ]);
    refusedAt(
      await h.call('POST', '/api/questions', { token: ana, body: question({ options: ['rain', `s${c}un`] }) }),
      ['options.1'],
    );
    refusedAt(await h.call('POST', '/api/questions', { token: ana, body: question({ tags: [`t${c}`] }) }), ['tags.0']);
    const user = { handle: 'newbie', displayName: 'New', role: 'analyst', password: 'long-enough' };
    refusedAt(await h.call('POST', '/api/users', { token: h.adminToken, body: { ...user, displayName: `Ne${c}w` } }), [
      'displayName',
    ]);
    refusedAt(await h.call('POST', '/api/users', { token: h.adminToken, body: { ...user, handle: `new${c}bie` } }), [
      'handle',
    ]);
    refusedAt(await h.call('PATCH', '/api/users/ana', { token: h.adminToken, body: { displayName: `A${c}` } }), [
      'displayName',
    ]);
    refusedAt(await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: 'desk', name: `D${c}` } }), [
      'name',
    ]);
  });

  it('the message says what is wrong; other scripts and descriptions stay allowed', async () => {
    const r = await h.call('POST', '/api/questions', { token: ana, body: question({ title: 'x\u202ey' }) });
    expect(r.body.error.message).toMatch(/bidirectional control/);
    const ok = await h.call('POST', '/api/questions', {
      token: ana,
      body: question({ title: 'مطر أم شمس؟ Rain or sun?', description: 'quoted \u2067text\u2069 is fine here' }),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});

/** A small valid archive, to be spoiled one field at a time. */
function archive(): any {
  return {
    format: 'reckon-archive',
    version: 1,
    teams: [{ key: 'desk', name: 'Desk' }],
    users: [{ handle: 'lee', displayName: 'Lee', role: 'lead', teams: ['desk'] }],
    questions: [
      {
        key: 'imported',
        title: 'Imported',
        description: '',
        type: 'binary',
        createdBy: 'lee',
        opensAt: '2023-09-01T00:00:00Z',
        closesAt: '2023-10-01T00:00:00Z',
      },
    ],
    forecasts: [{ question: 'imported', user: 'lee', createdAt: '2023-09-02T00:00:00Z', probability: 0.7 }],
    resolutions: [
      {
        question: 'imported',
        outcome: 'yes',
        resolvedAt: '2023-09-20T00:00:00Z',
        resolvedBy: 'lee',
        sourceUrl: 'https://example.org/rain',
      },
    ],
  };
}

const importing = (body: unknown) => h.call('POST', '/api/import', { token: h.adminToken, body });
const questionCount = async () => (await h.call('GET', '/api/questions', { token: ana })).body.questions.length;

describe('an imported field follows the API rule for that field', () => {
  const cases: Array<[string, (d: any) => void, string]> = [
    ['a javascript: source', (d) => (d.resolutions[0].sourceUrl = 'javascript:alert(1)'), 'resolutions[0].sourceUrl'],
    ['a file: source', (d) => (d.resolutions[0].sourceUrl = 'file:///etc/passwd'), 'resolutions[0].sourceUrl'],
    ['a blank title', (d) => (d.questions[0].title = '   '), 'questions[0].title'],
    ['a bidi control in a title', (d) => (d.questions[0].title = 'a\u202eb'), 'questions[0].title'],
    ['a bidi control in a display name', (d) => (d.users[0].displayName = '\u2066Lee'), 'users[0].displayName'],
    ['a blank team name', (d) => (d.teams[0].name = ' '), 'teams[0].name'],
    [
      'a blank option',
      (d) => Object.assign(d.questions[0], { type: 'categorical', options: ['a', ' '] }),
      'questions[0].options[1]',
    ],
  ];
  it.each(cases)('%s: 400 at its place, nothing imported', async (_, spoil, place) => {
    const before = await questionCount();
    const d = archive();
    spoil(d);
    const r = await importing(d);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(place);
    expect(await questionCount()).toBe(before);
  });

  it('the same archive unspoiled imports', async () => {
    const r = await importing(archive());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });
});

/** POSTs `total` bytes made by `chunk` to /api/import as a stream; returns the answer and how much was read. */
async function streamImport(head: string, fill: string, total: number, tail = '') {
  const enc = new TextEncoder();
  const piece = enc.encode(fill.repeat(64 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(enc.encode(head));
        sent += head.length;
      } else if (sent < total) {
        controller.enqueue(piece);
        sent += piece.length;
      } else {
        controller.enqueue(enc.encode(tail));
        controller.close();
      }
    },
  });
  const rssBefore = process.memoryUsage().rss;
  const res = await h.app.request(
    new Request('http://localhost/api/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit),
  );
  return { status: res.status, body: await res.json(), read: sent, grew: process.memoryUsage().rss - rssBefore };
}

describe('a hostile archive is refused while it streams', () => {
  const MB = 1024 * 1024;

  it('10 MB of "[" inside teams: 400 at teams[0] after reading little of it', async () => {
    const r = await streamImport('{"format":"reckon-archive","version":1,"teams":[', '[', 10 * MB);
    refusedAt(r, ['teams[0]']);
    expect(r.body.error.message).toMatch(/nests deeper than 16 levels/);
    expect(r.read).toBeLessThan(MB);
    expect(r.grew).toBeLessThan(200 * MB);
  });

  it('objects nested in a top-level value are refused the same way', async () => {
    const r = await streamImport('{"format":', '{"a":', 2 * MB);
    refusedAt(r, ['format']);
  });

  it('one 5 MB string in an item: 400 at that item, after reading about 1 MB', async () => {
    const r = await streamImport(
      '{"format":"reckon-archive","version":1,"teams":[{"key":"desk","name":"',
      'x',
      5 * MB,
      '"}]}',
    );
    refusedAt(r, ['teams[0]']);
    expect(r.body.error.message).toMatch(/larger than 1000000 characters/);
    expect(r.read).toBeLessThan(2 * MB);
  });

  it('a 5 MB number or key is refused too', async () => {
    refusedAt(await streamImport('{"format":"reckon-archive","version":', '1', 5 * MB, '}'), ['version']);
    refusedAt(await streamImport('{"teams":[{"', 'k', 5 * MB, '":1}]}'), ['teams[0]']);
  });
});
