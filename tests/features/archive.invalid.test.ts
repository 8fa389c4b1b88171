/**
 * POST /api/import with bad archives: every problem is reported in one 400
 * (`invalid_input`, issues with places like `forecasts[12].probability`),
 * nothing is written, and no input gets a 500.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness('2026-11-28T06:00:00.000Z');

const OPENS = '2023-09-01T00:00:00.000Z';
const CLOSES = '2023-10-01T00:00:00.000Z';
const OPEN_Q_CLOSES = '2023-12-01T00:00:00.000Z';
const BIN_RESOLVED = '2023-09-21T12:00:00.000Z';
const FLIP_FIRST = '2023-09-15T00:00:00.000Z';
const FLIP_SECOND = '2023-09-18T00:00:00.000Z';
const before = (t: string, ms = 1) => new Date(Date.parse(t) - ms).toISOString();
const hour = (n: number) => new Date(Date.parse('2023-09-02T00:00:00.000Z') + n * 3_600_000).toISOString();

/** A small valid archive; forecasts[12] is a binary forecast on `bin` with probability 0.123456. */
function base(): any {
  const kinds = ['bin', 'cat', 'ord', 'flip'] as const;
  const forecasts: any[] = [];
  for (let i = 0; i < 20; i++) {
    const q = kinds[i % 4]!;
    const f: any = { question: q, user: i % 3 === 0 ? 'ben' : 'ana', createdAt: hour(i) };
    if (q === 'bin' || q === 'flip') f.probability = i === 12 ? 0.123456 : 0.05 * (1 + (i % 10));
    else if (q === 'cat') f.probabilities = [0.2, 0.5, 0.3];
    else f.probabilities = [0.1, 0.2, 0.3, 0.4];
    f.rationale = i % 5 === 0 ? null : `Reason ${i}, "quoted".`;
    forecasts.push(f);
  }
  // Edges that are fine: at opensAt, just before closesAt, just before the first resolution.
  forecasts.push({ question: 'open-q', user: 'ana', createdAt: OPENS, probability: 0 });
  forecasts.push({ question: 'open-q', user: 'ben', createdAt: before(OPEN_Q_CLOSES), probability: 1 });
  forecasts.push({ question: 'bin', user: 'ben', createdAt: before(BIN_RESOLVED), probability: 0.9 });
  forecasts.push({ question: 'flip', user: 'ben', createdAt: before(FLIP_FIRST), probability: 0.4 });
  const q = (key: string, over: Record<string, unknown> = {}) => ({
    key,
    title: `Question ${key}`,
    description: `About ${key}.`,
    type: 'binary',
    options: null,
    tags: ['test'],
    createdBy: 'lee',
    opensAt: OPENS,
    closesAt: CLOSES,
    hideForecasts: false,
    ...over,
  });
  return {
    format: 'reckon-archive',
    version: 1,
    exportedAt: '2026-11-01T00:00:00.000Z',
    teams: [
      { key: 'desk', name: 'Desk' },
      { key: 'other-desk', name: 'Other desk' },
    ],
    users: [
      { handle: 'ana', displayName: 'Ana', role: 'analyst', active: true, teams: ['desk'] },
      { handle: 'ben', displayName: 'Ben', role: 'analyst', teams: ['desk', 'other-desk'] },
      { handle: 'lee', displayName: 'Lee', role: 'lead', active: true, teams: [] },
    ],
    questions: [
      q('bin'),
      q('cat', { type: 'categorical', options: ['red', 'green', 'blue'] }),
      q('ord', { type: 'ordinal', options: ['low', 'mid', 'high', 'top'], tags: [] }),
      q('flip'),
      q('open-q', { closesAt: OPEN_Q_CLOSES }),
    ],
    forecasts,
    resolutions: [
      {
        question: 'bin',
        outcome: 'yes',
        occurredAt: OPENS,
        resolvedAt: BIN_RESOLVED,
        resolvedBy: 'lee',
        sourceUrl: null,
        note: null,
      },
      {
        question: 'cat',
        outcome: 1,
        occurredAt: null,
        resolvedAt: '2023-09-22T00:00:00.000Z',
        resolvedBy: 'lee',
        sourceUrl: 'https://example.org',
        note: 'Green.',
      },
      {
        question: 'ord',
        outcome: 3,
        occurredAt: '2023-09-22T00:00:00.000Z',
        resolvedAt: '2023-09-22T00:00:00.000Z',
        resolvedBy: 'lee',
      },
      { question: 'flip', outcome: 'yes', resolvedAt: FLIP_FIRST, resolvedBy: 'lee' },
      { question: 'flip', outcome: 'no', resolvedAt: FLIP_SECOND, resolvedBy: 'lee', note: 'Corrected.' },
    ],
  };
}

const with_ = (mutate: (d: any) => void) => {
  const d = base();
  mutate(d);
  return d;
};

let initial: any;
const snapshot = async () => {
  const r = await h.call('GET', '/api/export', { token: h.adminToken });
  expect(r.status).toBe(200);
  const { exportedAt, ...rest } = r.body;
  return rest;
};

beforeAll(async () => {
  initial = await snapshot();
});

const importing = (body: unknown) => h.call('POST', '/api/import', { token: h.adminToken, body });

/** A 400 in the docs/api.md error shape; returns the places of its issues. */
function rejected(r: { status: number; body: any }): string[] {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  expect(typeof r.body.error.message).toBe('string');
  expect(Array.isArray(r.body.error.issues)).toBe(true);
  expect(r.body.error.issues.length).toBeGreaterThan(0);
  for (const i of r.body.error.issues) {
    expect(typeof i.path).toBe('string');
    expect(typeof i.message).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
  }
  // One place may carry several messages: the places, each once, in the order given.
  return [...new Set<string>(r.body.error.issues.map((i: any) => i.path))];
}

async function expectNothingWritten() {
  expect(await snapshot()).toEqual(initial);
}

describe('documents that are not archives', () => {
  const doc = JSON.stringify(base());
  const cases: Array<[string, string]> = [
    ['malformed JSON', '{"format": "reckon-archive", "version": 1,, "teams": []}'],
    ['a bare word', 'reckon'],
    ['NaN as a number', doc.replace('"probability":0.123456', '"probability":NaN')],
    ['the document cut in half', doc.slice(0, Math.floor(doc.length / 2))],
    ['the document without its closing brace', doc.slice(0, -1)],
    ['a JSON array instead of an object', JSON.stringify([base()])],
    ['an empty array', '[]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"reckon-archive"'],
    ['an empty body', ''],
    ['trailing garbage after the object', `${doc} {"more": true}`],
  ];
  for (const [name, text] of cases) {
    it(`${name}: 400, nothing written`, async () => {
      rejected(await importing(text));
      await expectNothingWritten();
    });
  }
});

describe('the top level', () => {
  const cases: Array<[string, (d: any) => void, string[]]> = [
    ['wrong format', (d) => (d.format = 'reckon'), ['format']],
    ['missing format', (d) => delete d.format, ['format']],
    ['wrong version', (d) => (d.version = 3), ['version']],
    ['version as a string', (d) => (d.version = '1'), ['version']],
    ['missing section', (d) => delete d.resolutions, ['resolutions']],
    ['unknown top-level field', (d) => (d.comments = ['hello']), ['comments']],
  ];
  it('a resolution before its question opens: 400 at its resolvedAt, as through the API', async () => {
    const places = rejected(
      await importing(
        with_((d) => {
          d.resolutions[0].resolvedAt = before(OPENS);
          d.resolutions[0].occurredAt = null;
        }),
      ),
    );
    expect(places).toContain('resolutions[0].resolvedAt');
    await expectNothingWritten();
  });

  for (const [name, mutate, paths] of cases) {
    it(`${name}: 400 at ${paths.join(', ')}`, async () => {
      expect(rejected(await importing(with_(mutate)))).toEqual(paths);
      await expectNothingWritten();
    });
  }

  it('a missing section and a wrong version are reported together', async () => {
    const r = await importing(
      with_((d) => {
        delete d.resolutions;
        d.version = 3;
      }),
    );
    expect(rejected(r).sort()).toEqual(['resolutions', 'version']);
  });

  // Without its teams, the users' team references are unknown too: reported as well.
  it('a section that is not an array: 400 at teams (and the references into it)', async () => {
    const paths = rejected(await importing(with_((d) => (d.teams = {}))));
    expect(paths[0]).toBe('teams');
    expect(paths.sort()).toEqual(['teams', 'users[0].teams[0]', 'users[1].teams[0]', 'users[1].teams[1]']);
    await expectNothingWritten();
  });

  it('a top-level key given twice', async () => {
    const text = JSON.stringify(base()).replace('"version":1,', '"version":1,"version":1,');
    expect(rejected(await importing(text))).toEqual(['version']);
  });
});

describe('items', () => {
  const cases: Array<[string, (d: any) => void, string[]]> = [
    // Unknown references
    [
      'forecast of an unknown question',
      (d) => (d.forecasts[3].question = 'no-such-question'),
      ['forecasts[3].question'],
    ],
    ['forecast by an unknown user', (d) => (d.forecasts[4].user = 'zed'), ['forecasts[4].user']],
    ['user in an unknown team', (d) => d.users[0].teams.push('ghost-desk'), ['users[0].teams[1]']],
    ['question by an unknown user', (d) => (d.questions[1].createdBy = 'zed'), ['questions[1].createdBy']],
    [
      'resolution of an unknown question',
      (d) => (d.resolutions[1].question = 'no-such-question'),
      ['resolutions[1].question'],
    ],
    ['resolution by an unknown user', (d) => (d.resolutions[0].resolvedBy = 'zed'), ['resolutions[0].resolvedBy']],
    // Duplicates
    ['duplicate team key', (d) => d.teams.push({ key: 'desk', name: 'Another desk' }), ['teams[2].key']],
    [
      'duplicate handle',
      (d) => d.users.push({ handle: 'ana', displayName: 'Ana again', role: 'analyst' }),
      ['users[3].handle'],
    ],
    ['duplicate question key', (d) => d.questions.push({ ...d.questions[0], title: 'Twin' }), ['questions[5].key']],
    // Item shapes
    ['a time that is not ISO 8601', (d) => (d.forecasts[5].createdAt = 'yesterday'), ['forecasts[5].createdAt']],
    ['a forecast that is not an object', (d) => (d.forecasts[1] = 42), ['forecasts[1]']],
    ['an unknown field in a forecast', (d) => (d.forecasts[1].weight = 2), ['forecasts[1].weight']],
    ['binary question with options', (d) => (d.questions[4].options = ['yes', 'no']), ['questions[4].options']],
    ['duplicate option labels', (d) => (d.questions[1].options = ['red', 'red', 'blue']), ['questions[1].options[1]']],
    // Probabilities
    ['probability above 1', (d) => (d.forecasts[12].probability = 1.5), ['forecasts[12].probability']],
    ['probability below 0', (d) => (d.forecasts[12].probability = -0.01), ['forecasts[12].probability']],
    ['probability as a string', (d) => (d.forecasts[12].probability = '0.5'), ['forecasts[12].probability']],
    [
      'vector not summing to 1',
      (d) => (d.forecasts[1].probabilities = [0.2, 0.5, 0.2]),
      ['forecasts[1].probabilities'],
    ],
    ['vector of the wrong length', (d) => (d.forecasts[1].probabilities = [0.5, 0.5]), ['forecasts[1].probabilities']],
    [
      'vector too long',
      (d) => (d.forecasts[2].probabilities = [0.1, 0.2, 0.3, 0.2, 0.2]),
      ['forecasts[2].probabilities'],
    ],
    [
      'vector with a number out of range',
      (d) => (d.forecasts[1].probabilities = [1.2, -0.1, -0.1]),
      ['forecasts[1].probabilities[0]', 'forecasts[1].probabilities[1]', 'forecasts[1].probabilities[2]'],
    ],
    // Forecast times
    ['forecast before opensAt', (d) => (d.forecasts[0].createdAt = before(OPENS)), ['forecasts[0].createdAt']],
    ['forecast at closesAt', (d) => (d.forecasts[20].createdAt = OPEN_Q_CLOSES), ['forecasts[20].createdAt']],
    [
      'forecast after closesAt',
      (d) => (d.forecasts[21].createdAt = '2024-01-01T00:00:00.000Z'),
      ['forecasts[21].createdAt'],
    ],
    ['forecast at the resolution', (d) => (d.forecasts[22].createdAt = BIN_RESOLVED), ['forecasts[22].createdAt']],
    [
      'forecast after the resolution',
      (d) => (d.forecasts[22].createdAt = '2023-09-25T00:00:00.000Z'),
      ['forecasts[22].createdAt'],
    ],
    [
      'forecast between a resolution and its correction',
      (d) => (d.forecasts[23].createdAt = '2023-09-16T00:00:00.000Z'),
      ['forecasts[23].createdAt'],
    ],
    [
      'forecast at the first of two resolutions',
      (d) => (d.forecasts[23].createdAt = FLIP_FIRST),
      ['forecasts[23].createdAt'],
    ],
    // Resolutions
    ['occurredAt before opensAt', (d) => (d.resolutions[0].occurredAt = before(OPENS)), ['resolutions[0].occurredAt']],
    [
      'occurredAt after resolvedAt',
      (d) => (d.resolutions[1].occurredAt = '2023-09-22T00:00:00.001Z'),
      ['resolutions[1].occurredAt'],
    ],
    [
      'resolutions out of time order',
      (d) => {
        d.resolutions[3].resolvedAt = FLIP_SECOND;
        d.resolutions[4].resolvedAt = FLIP_FIRST;
      },
      ['resolutions[4].resolvedAt'],
    ],
    ['binary resolved with an option index', (d) => (d.resolutions[0].outcome = 2), ['resolutions[0].outcome']],
    ['binary resolved with 1', (d) => (d.resolutions[0].outcome = 1), ['resolutions[0].outcome']],
    ['categorical resolved "yes"', (d) => (d.resolutions[1].outcome = 'yes'), ['resolutions[1].outcome']],
    ['categorical resolved past its last option', (d) => (d.resolutions[1].outcome = 3), ['resolutions[1].outcome']],
    ['ordinal resolved -1', (d) => (d.resolutions[2].outcome = -1), ['resolutions[2].outcome']],
    ['outcome 1.5', (d) => (d.resolutions[2].outcome = 1.5), ['resolutions[2].outcome']],
    ['outcome "maybe"', (d) => (d.resolutions[0].outcome = 'maybe'), ['resolutions[0].outcome']],
  ];
  for (const [name, mutate, paths] of cases) {
    it(`${name}: 400 at ${paths.join(', ')}`, async () => {
      expect(rejected(await importing(with_(mutate))).sort()).toEqual([...paths].sort());
      await expectNothingWritten();
    });
  }

  // An item refused for its own fault also makes what refers to it fail (reported too): the fault's place must be listed.
  const cascading: Array<[string, (d: any) => void, string[]]> = [
    ['a key that is not a slug', (d) => (d.teams[1].key = 'Other Desk'), ['teams[1].key']],
    ['an unknown role', (d) => (d.users[2].role = 'boss'), ['users[2].role']],
    ['a question without a title', (d) => delete d.questions[2].title, ['questions[2].title']],
    ['an unknown question type', (d) => (d.questions[4].type = 'numeric'), ['questions[4].type']],
    ['categorical question with one option', (d) => (d.questions[1].options = ['red']), ['questions[1].options']],
    ['ordinal question with two options', (d) => (d.questions[2].options = ['low', 'high']), ['questions[2].options']],
    // Text and times PostgreSQL cannot store or give back as they went in: a 400 naming them, not a 500.
    [
      'a NUL character in a rationale',
      (d) => (d.forecasts[6].rationale = 'before\u0000after'),
      ['forecasts[6].rationale'],
    ],
    ['an unpaired surrogate in a title', (d) => (d.questions[0].title = 'Broken \ud800 title'), ['questions[0].title']],
    ['a NUL character in a team name', (d) => (d.teams[0].name = 'Desk\u0000'), ['teams[0].name']],
    [
      'an opensAt in the year 99',
      (d) => (d.questions[4].opensAt = '0099-01-01T00:00:00.000Z'),
      ['questions[4].opensAt'],
    ],
  ];
  for (const [name, mutate, paths] of cascading) {
    it(`${name}: 400 listing ${paths.join(', ')}`, async () => {
      const got = rejected(await importing(with_(mutate)));
      for (const p of paths) expect(got).toContain(p);
      await expectNothingWritten();
    });
  }

  it('a binary forecast with probabilities (and a categorical one with probability) is refused at its place', async () => {
    const r = await importing(
      with_((d) => {
        delete d.forecasts[0].probability;
        d.forecasts[0].probabilities = [0.4, 0.6];
        delete d.forecasts[1].probabilities;
        d.forecasts[1].probability = 0.5;
      }),
    );
    const paths = rejected(r);
    expect(paths.some((p) => /^forecasts\[0\]\.probabilit/.test(p))).toBe(true);
    expect(paths.some((p) => /^forecasts\[1\]\.probabilit/.test(p))).toBe(true);
    expect(paths.every((p) => /^forecasts\[[01]\]\.probabilit/.test(p))).toBe(true);
    await expectNothingWritten();
  });

  it('closesAt not after opensAt is refused at questions[i].closesAt', async () => {
    const paths = rejected(await importing(with_((d) => (d.questions[3].closesAt = OPENS))));
    expect(paths).toContain('questions[3].closesAt');
    await expectNothingWritten();
  });
});

describe('numbers JSON.parse would make Infinity', () => {
  const doc = JSON.stringify(base());
  it('1e400 as a probability: 400 at forecasts[12].probability, not 500', async () => {
    const text = doc.replace('"probability":0.123456', '"probability":1e400');
    expect(text).not.toBe(doc);
    expect(rejected(await importing(text))).toEqual(['forecasts[12].probability']);
    await expectNothingWritten();
  });

  it('-1e400 inside a vector: 400 at its element', async () => {
    const text = doc.replace('"probabilities":[0.2,0.5,0.3]', '"probabilities":[-1e400,0.5,0.3]');
    expect(text).not.toBe(doc);
    const paths = rejected(await importing(text));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => /^forecasts\[\d+\]\.probabilities\[0\]$/.test(p))).toBe(true);
    await expectNothingWritten();
  });

  it('1e400 as a version or an outcome: 400, not 500', async () => {
    rejected(await importing(doc.replace('"version":1', '"version":1e400')));
    rejected(await importing(doc.replace('"outcome":1,', '"outcome":1e400,')));
    await expectNothingWritten();
  });
});

describe('every problem in one answer', () => {
  it('lists problems from every section, each with its place', async () => {
    const r = await importing(
      with_((d) => {
        d.version = 3;
        d.extra = true;
        d.teams.push({ key: 'desk', name: 'Dup' });
        d.users[1].teams = ['nowhere'];
        d.questions[0].createdBy = 'nobody';
        d.forecasts[3].question = 'missing';
        d.forecasts[7].user = 'stranger';
        d.forecasts[12].probability = 2;
        d.forecasts[13].probabilities = [0.5, 0.6, 0.1];
        d.forecasts[0].createdAt = before(OPENS);
        d.resolutions[2].outcome = 'yes';
        d.resolutions[0].occurredAt = '2023-09-30T00:00:00.000Z';
      }),
    );
    const paths = rejected(r);
    for (const p of [
      'version',
      'extra',
      'teams[2].key',
      'users[1].teams[0]',
      'questions[0].createdBy',
      'forecasts[3].question',
      'forecasts[7].user',
      'forecasts[12].probability',
      'forecasts[13].probabilities',
      'forecasts[0].createdAt',
      'resolutions[2].outcome',
      'resolutions[0].occurredAt',
    ]) {
      expect(paths, p).toContain(p);
    }
    await expectNothingWritten();
  });

  it('thousands of bad forecasts: a 400 listing many of them, not a 500', async () => {
    const d = base();
    for (let i = 0; i < 3000; i++)
      d.forecasts.push({ question: 'bin', user: 'ana', createdAt: hour(1), probability: 7 });
    const paths = rejected(await importing(d));
    expect(paths.length).toBeGreaterThanOrEqual(100);
    expect(paths.length).toBeLessThanOrEqual(3000);
    expect(paths[0]).toBe('forecasts[24].probability');
    await expectNothingWritten();
  });
});

describe('the same archive without its faults', () => {
  it('imports (so every refusal above was for the fault alone)', async () => {
    const r = await importing(base());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      imported: { teams: 2, users: 3, questions: 5, forecasts: 24, resolutions: 5, clarifications: 0, suggestions: 0 },
    });
    const after = await snapshot();
    expect(after.forecasts).toHaveLength(24);
    const flip = await h.call('GET', '/api/questions/flip', { token: h.adminToken });
    expect(flip.body.question.status).toBe('resolved');
  });
});
