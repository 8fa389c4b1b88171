/**
 * Importing into a workspace that already holds data (docs/archive.md): existing
 * users, teams and questions are matched by handle and key and must agree on
 * every field the archive holds; what is already there is not added twice;
 * what is new is added and rescored. Any problem: a 400, nothing written.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rescoreAll } from '../../src/features/scores/rescoring.service';
import { useHarness } from '../helpers/app';
import { expectPooledRollupsMatch } from '../helpers/rollups';

const DEMO = JSON.parse(readFileSync(new URL('../../demo/archive.json', import.meta.url), 'utf8'));

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 24 * 3_600_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const h = useHarness(iso(0));
const tok: Record<string, string> = {};
const ZERO = { teams: 0, users: 0, questions: 0, forecasts: 0, resolutions: 0, clarifications: 0, suggestions: 0 };

async function ok(method: string, path: string, token: string, body?: unknown) {
  const r = await h.call(method, path, { token, body });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

async function exported() {
  const r = await h.call('GET', '/api/export', { token: h.adminToken });
  expect(r.status).toBe(200);
  return r.body;
}
const strip = (doc: any) => {
  const { exportedAt, ...rest } = doc;
  return rest;
};
const importing = (body: unknown) => h.call('POST', '/api/import', { token: h.adminToken, body });
const paths = (r: { status: number; body: any }): string[] => {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  return [...new Set<string>(r.body.error.issues.map((i: any) => i.path))];
};
const importAudits = async () =>
  (await ok('GET', '/api/audit?action=archive.import', h.adminToken)).entries.length as number;
const indexOf = (list: any[], field: string, value: string) => {
  const i = list.findIndex((x) => x[field] === value);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};

/** What the API shows of the workspace: question keys and each question's forecasts. */
async function apiCounts() {
  const qs = (await ok('GET', '/api/questions?limit=500', h.adminToken)).questions as any[];
  const out: Record<string, number> = {};
  for (const q of qs)
    out[q.key] = ((await ok('GET', `/api/questions/${q.key}/forecasts`, h.adminToken)).forecasts as any[]).length;
  return out;
}

beforeAll(async () => {
  h.clock.set(T0);
  await ok('POST', '/api/teams', h.adminToken, { key: 'desk', name: 'The desk' });
  tok.mia = await h.user('mia', 'analyst', ['desk']);
  tok.zed = await h.user('zed', 'analyst');
  tok.kai = await h.user('kai', 'lead', ['desk']);
  const q = (body: Record<string, unknown>) =>
    ok('POST', '/api/questions', tok.kai!, {
      description: 'Details.',
      type: 'binary',
      opensAt: iso(0),
      closesAt: iso(20 * DAY),
      ...body,
    });
  await q({ key: 'alpha', title: 'Alpha?', tags: ['one', 'two'] });
  await q({ key: 'beta', title: 'Beta?', type: 'categorical', options: ['a', 'b', 'c'], hideForecasts: true });
  await q({ key: 'gamma', title: 'Gamma?' });
  h.clock.set(T0 + 2 * DAY);
  await ok('POST', '/api/questions/alpha/forecasts', tok.mia!, { probability: 0.7, rationale: 'Likely.' });
  await ok('POST', '/api/questions/alpha/forecasts', tok.zed!, { probability: 0.4 });
  await ok('POST', '/api/questions/gamma/forecasts', tok.mia!, { probability: 0.2 });
  h.clock.set(T0 + 5 * DAY);
  await ok('POST', '/api/questions/beta/forecasts', tok.zed!, { probabilities: [0.2, 0.3, 0.5] });
  await ok('POST', '/api/questions/alpha/forecasts', tok.mia!, { probability: 0.8 });
  h.clock.set(T0 + 8 * DAY);
  await ok('POST', '/api/questions/alpha/resolution', tok.kai!, { outcome: 'yes', occurredAt: iso(7 * DAY) });
});

describe('importing what is already there', () => {
  it("a workspace's own export merges into it with nothing written", async () => {
    const before = await exported();
    const r = await importing(before);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ imported: ZERO });
    expect(strip(await exported())).toEqual(strip(before));
  });
});

describe('an existing user, team or question that disagrees with the archive', () => {
  let base: any;
  let snapshot: any;
  let audits: number;
  beforeAll(async () => {
    base = await exported();
    snapshot = strip(base);
    audits = await importAudits();
  });
  const variant = (mutate: (d: any) => void) => {
    const d = structuredClone(base);
    mutate(d);
    return d;
  };
  const unchanged = async () => {
    expect(strip(await exported())).toEqual(snapshot);
    expect(await importAudits()).toBe(audits);
  };

  const cases: Array<[string, (d: any) => string]> = [
    [
      'displayName',
      (d) => {
        const i = indexOf(d.users, 'handle', 'mia');
        d.users[i].displayName = 'Mia K.';
        return `users[${i}].displayName`;
      },
    ],
    [
      'role',
      (d) => {
        const i = indexOf(d.users, 'handle', 'zed');
        d.users[i].role = 'lead';
        return `users[${i}].role`;
      },
    ],
    [
      'active',
      (d) => {
        const i = indexOf(d.users, 'handle', 'zed');
        d.users[i].active = false;
        return `users[${i}].active`;
      },
    ],
    [
      'user teams',
      (d) => {
        const i = indexOf(d.users, 'handle', 'zed');
        d.users[i].teams = ['desk'];
        return `users[${i}].teams`;
      },
    ],
    [
      'team name',
      (d) => {
        const i = indexOf(d.teams, 'key', 'desk');
        d.teams[i].name = 'Desk';
        return `teams[${i}].name`;
      },
    ],
    [
      'question title',
      (d) => {
        const i = indexOf(d.questions, 'key', 'alpha');
        d.questions[i].title = 'Alpha, really?';
        return `questions[${i}].title`;
      },
    ],
    [
      'question tags',
      (d) => {
        const i = indexOf(d.questions, 'key', 'alpha');
        d.questions[i].tags = ['one'];
        return `questions[${i}].tags`;
      },
    ],
    [
      'question description',
      (d) => {
        const i = indexOf(d.questions, 'key', 'gamma');
        d.questions[i].description = 'Other details.';
        return `questions[${i}].description`;
      },
    ],
    [
      'question options',
      (d) => {
        const i = indexOf(d.questions, 'key', 'beta');
        d.questions[i].options = ['a', 'c', 'b'];
        return `questions[${i}].options`;
      },
    ],
    [
      'question closesAt',
      (d) => {
        const i = indexOf(d.questions, 'key', 'gamma');
        d.questions[i].closesAt = iso(21 * DAY);
        return `questions[${i}].closesAt`;
      },
    ],
    [
      'question hideForecasts',
      (d) => {
        const i = indexOf(d.questions, 'key', 'beta');
        d.questions[i].hideForecasts = false;
        return `questions[${i}].hideForecasts`;
      },
    ],
    [
      'question createdBy',
      (d) => {
        const i = indexOf(d.questions, 'key', 'gamma');
        d.questions[i].createdBy = 'mia';
        return `questions[${i}].createdBy`;
      },
    ],
  ];
  for (const [name, mutate] of cases) {
    it(`${name}: 400 naming the place, nothing written`, async () => {
      let place = '';
      const doc = variant((d) => (place = mutate(d)));
      expect(paths(await importing(doc))).toEqual([place]);
      await unchanged();
    });
  }

  it('several disagreements, and new items alongside them: all listed, nothing written', async () => {
    const doc = variant((d) => {
      d.users[indexOf(d.users, 'handle', 'mia')].displayName = 'Mia K.';
      d.questions[indexOf(d.questions, 'key', 'alpha')].title = 'Alpha, really?';
      d.questions[indexOf(d.questions, 'key', 'alpha')].tags = ['two', 'one'];
      d.teams.push({ key: 'new-desk', name: 'New desk' });
      d.users.push({ handle: 'newbie', displayName: 'New', role: 'analyst', active: true, teams: ['new-desk'] });
      d.forecasts.push({
        question: 'gamma',
        user: 'newbie',
        createdAt: iso(3 * DAY),
        probability: 0.5,
        rationale: null,
      });
    });
    const i = indexOf(doc.users, 'handle', 'mia');
    const q = indexOf(doc.questions, 'key', 'alpha');
    expect(paths(await importing(doc)).sort()).toEqual(
      [`questions[${q}].tags`, `questions[${q}].title`, `users[${i}].displayName`].sort(),
    );
    await unchanged();
  });
});

describe('merging new forecasts and resolutions into existing questions', () => {
  it('adds forecasts to a resolved question and rescores it', async () => {
    const scoresBefore = await ok('GET', '/api/questions/alpha/scores', h.adminToken);
    expect(scoresBefore.analysts.map((a: any) => a.handle)).toEqual(['mia', 'zed']);
    const lbBefore = await ok('GET', '/api/leaderboard', h.adminToken);
    const doc = await exported();
    doc.users.push({ handle: 'nia', displayName: 'Nia', role: 'analyst', active: true, teams: ['desk'] });
    doc.forecasts.push({
      question: 'alpha',
      user: 'nia',
      createdAt: iso(1 * DAY),
      probability: 0.99,
      rationale: 'Certain.',
    });
    doc.forecasts.push({ question: 'alpha', user: 'zed', createdAt: iso(6 * DAY), probability: 0.95, rationale: null });
    const r = await importing(doc);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ imported: { ...ZERO, users: 1, forecasts: 2 } });

    const scoresAfter = await ok('GET', '/api/questions/alpha/scores', h.adminToken);
    expect(scoresAfter.analysts.map((a: any) => a.handle)).toEqual(['mia', 'nia', 'zed']);
    expect(scoresAfter).not.toEqual(scoresBefore);
    const zed = scoresAfter.analysts.find((a: any) => a.handle === 'zed');
    expect(zed.finalBrier).toBeCloseTo(0.05 ** 2 * 2, 12); // zed's latest is now 0.95 on a yes
    const lbAfter = await ok('GET', '/api/leaderboard', h.adminToken);
    expect(lbAfter.analysts.map((a: any) => a.handle)).toContain('nia');
    expect(lbAfter).not.toEqual(lbBefore);
    await expectPooledRollupsMatch(h.database.db, 'after the import');

    // The stored scores are the ones a full rescore computes.
    await rescoreAll(h.database.db);
    expect(await ok('GET', '/api/questions/alpha/scores', h.adminToken)).toEqual(scoresAfter);
    await expectPooledRollupsMatch(h.database.db, 'after rescoreAll');

    // And importing the same document again adds nothing.
    expect((await importing(doc)).body).toEqual({ imported: ZERO });
  });

  it('adds a resolution to an open question: resolved and scored', async () => {
    const doc = await exported();
    doc.resolutions.push({
      question: 'gamma',
      outcome: 'no',
      occurredAt: iso(8 * DAY),
      resolvedAt: iso(9 * DAY),
      resolvedBy: 'kai',
      sourceUrl: null,
      note: 'Imported.',
    });
    const r = await importing(doc);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ imported: { ...ZERO, resolutions: 1 } });
    const q = await ok('GET', '/api/questions/gamma', h.adminToken);
    expect(q.question.status).toBe('resolved');
    const s = await ok('GET', '/api/questions/gamma/scores', h.adminToken);
    expect(s.analysts.map((a: any) => a.handle)).toEqual(['mia']);
    expect(s.analysts[0].finalBrier).toBeCloseTo(2 * 0.2 ** 2, 12);
    await expectPooledRollupsMatch(h.database.db, 'after importing a resolution');
  });

  it('refuses a resolution earlier than forecasts the workspace already holds on that question', async () => {
    // zed forecast on beta at day 5; a resolution at day 3 would leave that forecast made while a resolution stood.
    const before = strip(await exported());
    const resolution = {
      question: 'beta',
      outcome: 1,
      occurredAt: null,
      resolvedAt: iso(3 * DAY),
      resolvedBy: 'kai',
      sourceUrl: null,
      note: null,
    };
    // With the forecast in the archive too: refused (at the forecast).
    const full = await exported();
    full.resolutions.push(resolution);
    const f = indexOf(full.forecasts, 'question', 'beta');
    expect(paths(await importing(full))).toContain(`forecasts[${f}].createdAt`);
    // Without it (an archive that does not list the workspace's forecast): refused all the same, at the resolution.
    const partial = await exported();
    partial.forecasts = partial.forecasts.filter((x: any) => x.question !== 'beta');
    partial.resolutions.push(resolution);
    const i = partial.resolutions.length - 1;
    const got = paths(await importing(partial));
    expect(got.length, JSON.stringify(got)).toBeGreaterThan(0);
    expect(
      got.every((p) => p.startsWith(`resolutions[${i}]`)),
      JSON.stringify(got),
    ).toBe(true);
    expect(strip(await exported())).toEqual(before);
    const beta = await ok('GET', '/api/questions/beta', h.adminToken);
    expect(beta.question.status).toBe('open');
  });

  it("refuses a new resolution older than the workspace's latest one", async () => {
    const doc = await exported();
    doc.resolutions.push({
      question: 'alpha',
      outcome: 'no',
      occurredAt: null,
      resolvedAt: iso(7.5 * DAY),
      resolvedBy: 'kai',
      sourceUrl: null,
      note: null,
    });
    expect(paths(await importing(doc))).toEqual([`resolutions[${doc.resolutions.length - 1}].resolvedAt`]);
  });

  it('refuses a new forecast on an existing question at or after its first resolution', async () => {
    const doc = await exported();
    doc.forecasts.push({ question: 'alpha', user: 'mia', createdAt: iso(8 * DAY), probability: 0.5, rationale: null });
    expect(paths(await importing(doc))).toEqual([`forecasts[${doc.forecasts.length - 1}].createdAt`]);
  });
});

describe('atomicity: one bad item among many valid ones', () => {
  it('a 400 listing the bad forecasts, and the workspace exactly as it was', async () => {
    const counts = await apiCounts();
    const before = strip(await exported());
    const audits = await importAudits();
    const doc = structuredClone(DEMO);
    expect(typeof doc.forecasts[12].probability).toBe('number');
    doc.forecasts[12].probability = 1.25;
    doc.forecasts[500].probability = -0.5;
    const r = await importing(doc);
    expect(paths(r).sort()).toEqual(['forecasts[12].probability', 'forecasts[500].probability']);
    expect(await apiCounts()).toEqual(counts);
    expect(strip(await exported())).toEqual(before);
    expect(await importAudits()).toBe(audits);
    // The same archive without the fault merges in whole.
    const fine = await importing(DEMO);
    expect(fine.status, JSON.stringify(fine.body).slice(0, 1000)).toBe(200);
    expect(fine.body.imported).toEqual({
      teams: DEMO.teams.length,
      users: DEMO.users.length,
      questions: DEMO.questions.length,
      forecasts: DEMO.forecasts.length,
      resolutions: DEMO.resolutions.length,
      clarifications: DEMO.clarifications.length,
      suggestions: DEMO.suggestions.length,
    });
    const after = await apiCounts();
    expect(Object.keys(after).length).toBe(Object.keys(counts).length + DEMO.questions.length);
    expect(await importAudits()).toBe(audits + 1);
  });

  it('one bad resolution at the end of the document also stops every forecast before it', async () => {
    const before = strip(await exported());
    const doc = structuredClone(DEMO);
    for (const q of doc.questions) q.key = `x-${q.key}`;
    for (const f of doc.forecasts) f.question = `x-${f.question}`;
    for (const r of doc.resolutions) r.question = `x-${r.question}`;
    const last = doc.resolutions.length - 1;
    doc.resolutions[last].resolvedBy = 'nobody-here';
    expect(paths(await importing(doc))).toEqual([`resolutions[${last}].resolvedBy`]);
    expect(strip(await exported())).toEqual(before);
  });
});
