/**
 * GET /api/export/forecasts.csv and /api/export/scores.csv (docs/api.md): one row
 * per forecast and per (question, analyst) score, after a header row; RFC 4180
 * quoting; cells that a spreadsheet would run as formulas are defused with a
 * leading `'`, numbers are left as numbers; an analyst gets only their rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 24 * 3_600_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const h = useHarness(iso(0));
const tok: Record<string, string> = {};

/** A small RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let any = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      any = true;
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      any = false;
      i += 2;
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      any = false;
      i++;
    } else {
      field += c;
      any = true;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (any || field !== '') {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface Table {
  header: string[];
  rows: Array<Record<string, string>>;
  text: string;
}

async function csv(path: string, token: string | undefined): Promise<Table> {
  const res = await h.req('GET', path, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type') ?? '').toMatch(/^text\/csv/);
  const text = await res.text();
  const [header, ...rows] = parseCsv(text);
  expect(header).toBeDefined();
  for (const r of rows) expect(r.length, JSON.stringify(r)).toBe(header!.length);
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((k, i) => [k, r[i]!]))), text };
}

const TRICKY = 'Commas, "quotes", and\na newline; also ünïcode — fine.';
const CRLF = 'Windows line\r\nbreak';
const FORMULAS = ['=SUM(A1:A9)', '+44 20 7946 0000', '-1 is not a formula here', '@mention me'];
let forecastsBy: Record<string, number> = {};

async function post(path: string, token: string, body: unknown) {
  const r = await h.call('POST', path, { token, body });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(201);
  return r.body;
}
async function forecast(key: string, who: string, body: Record<string, unknown>) {
  await post(`/api/questions/${key}/forecasts`, tok[who]!, body);
  forecastsBy[who] = (forecastsBy[who] ?? 0) + 1;
}

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.ben = await h.user('ben');
  tok.lee = await h.user('lee', 'lead');
  forecastsBy = {};
  h.clock.set(T0);
  const q = (body: Record<string, unknown>) =>
    post('/api/questions', tok.lee!, {
      description: '',
      type: 'binary',
      opensAt: iso(0),
      closesAt: iso(20 * DAY),
      ...body,
    });
  await q({ key: 'csv-bin', title: 'Will it rain, "really", in Paris?', tags: ['weather', 'europe'] });
  await q({ key: 'csv-cat', title: '-10% or worse: which quarter?', type: 'categorical', options: ['Q1', 'Q2', 'Q3'] });
  await q({ key: 'csv-open', title: 'Still open' });
  h.clock.set(T0 + DAY);
  await forecast('csv-bin', 'ana', { probability: 0.9, rationale: TRICKY });
  await forecast('csv-bin', 'ben', { probability: 0.2, rationale: FORMULAS[0] });
  await forecast('csv-cat', 'ana', { probabilities: [0.1, 0.8, 0.1], rationale: FORMULAS[1] });
  await forecast('csv-cat', 'ben', { probabilities: [0.6, 0.2, 0.2], rationale: FORMULAS[2] });
  h.clock.set(T0 + 2 * DAY);
  await forecast('csv-bin', 'ana', { probability: 0.95, rationale: FORMULAS[3] });
  await forecast('csv-open', 'ben', { probability: 0.5, rationale: CRLF });
  await forecast('csv-open', 'ana', { probability: 0.125 });
  h.clock.set(T0 + 5 * DAY);
  await post('/api/questions/csv-bin/resolution', tok.lee!, { outcome: 'yes' });
  await post('/api/questions/csv-cat/resolution', tok.lee!, { outcome: 1 });
});

describe('GET /api/export/forecasts.csv', () => {
  it('a lead gets a header row and one row per forecast, in order', async () => {
    const t = await csv('/api/export/forecasts.csv', tok.lee);
    for (const col of ['question', 'user', 'createdAt', 'probability', 'probabilities', 'rationale'])
      expect(t.header).toContain(col);
    expect(t.rows).toHaveLength(forecastsBy.ana! + forecastsBy.ben!);
    expect(t.rows.map((r) => `${r.question}/${r.user}`)).toEqual([
      'csv-bin/ana',
      'csv-bin/ben',
      'csv-cat/ana',
      'csv-cat/ben',
      'csv-bin/ana',
      'csv-open/ben',
      'csv-open/ana',
    ]);
    expect(t.text.endsWith('\r\n')).toBe(true);
  });

  it('an admin gets every row too', async () => {
    expect((await csv('/api/export/forecasts.csv', h.adminToken)).rows).toHaveLength(
      forecastsBy.ana! + forecastsBy.ben!,
    );
  });

  it('a rationale with commas, quotes and line breaks comes back exactly', async () => {
    const t = await csv('/api/export/forecasts.csv', tok.lee);
    expect(t.rows[0]!.rationale).toBe(TRICKY);
    expect(t.rows.find((r) => r.question === 'csv-open' && r.user === 'ben')!.rationale).toBe(CRLF);
    expect(t.rows.find((r) => r.question === 'csv-open' && r.user === 'ana')!.rationale).toBe('');
    expect(t.header).toContain('title');
    expect(t.rows[0]!.title).toBe('Will it rain, "really", in Paris?');
  });

  it("cells starting with = + - @ are prefixed with '", async () => {
    const t = await csv('/api/export/forecasts.csv', tok.lee);
    const rationales = t.rows.map((r) => r.rationale);
    for (const f of FORMULAS) {
      expect(rationales).toContain(`'${f}`);
      expect(rationales).not.toContain(f);
    }
    expect(t.header).toContain('title');
    expect(t.rows.find((r) => r.question === 'csv-cat')!.title).toBe("'-10% or worse: which quarter?");
  });

  it('probabilities are plain numbers at full precision', async () => {
    const t = await csv('/api/export/forecasts.csv', tok.lee);
    const bin = t.rows[0]!;
    expect(bin.probability).toBe('0.9');
    expect(t.rows.find((r) => r.question === 'csv-open' && r.user === 'ana')!.probability).toBe('0.125');
    const cat = t.rows.find((r) => r.question === 'csv-cat' && r.user === 'ana')!;
    expect(cat.probabilities!.split(/[;|]/).map(Number)).toEqual([0.1, 0.8, 0.1]);
    expect(cat.probabilities!.startsWith("'")).toBe(false);
    expect(new Date(bin.createdAt!).toISOString()).toBe(iso(DAY));
  });

  it('an analyst gets only their own rows', async () => {
    for (const who of ['ana', 'ben']) {
      const t = await csv('/api/export/forecasts.csv', tok[who]);
      expect(t.rows).toHaveLength(forecastsBy[who]!);
      expect(new Set(t.rows.map((r) => r.user))).toEqual(new Set([who]));
    }
  });

  it('answers 401 when not signed in', async () => {
    const r = await h.call('GET', '/api/export/forecasts.csv');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });
});

describe('GET /api/export/scores.csv', () => {
  const scoresOf = async (key: string) => {
    const r = await h.call('GET', `/api/questions/${key}/scores`, { token: tok.lee });
    expect(r.status).toBe(200);
    return r.body.analysts as Array<Record<string, any>>;
  };

  it('a lead gets one row per (question, analyst) score, matching the scores route', async () => {
    const t = await csv('/api/export/scores.csv', tok.lee);
    for (const col of ['question', 'user', 'finalBrier', 'timeWeightedBrier', 'relativeBrier', 'finalLogLoss'])
      expect(t.header).toContain(col);
    const expected: Array<Record<string, any>> = [];
    for (const key of ['csv-bin', 'csv-cat'])
      for (const a of await scoresOf(key)) expected.push({ question: key, ...a });
    expect(t.rows).toHaveLength(expected.length);
    expect(t.rows.length).toBe(4);
    for (const e of expected) {
      const row = t.rows.find((r) => r.question === e.question && r.user === e.handle)!;
      expect(row, `${e.question}/${e.handle}`).toBeDefined();
      for (const k of ['finalBrier', 'timeWeightedBrier', 'relativeBrier', 'finalLogLoss']) {
        expect(row[k]!.startsWith("'"), `${k} ${row[k]}`).toBe(false);
        expect(row[k] === '' ? null : Number(row[k]), `${e.question}/${e.handle} ${k}`).toBe(e[k]);
      }
    }
  });

  it('a negative relative Brier stays a plain number', async () => {
    const ana = (await scoresOf('csv-bin')).find((a) => a.handle === 'ana')!;
    expect(ana.relativeBrier).toBeLessThan(0);
    const t = await csv('/api/export/scores.csv', tok.lee);
    const cell = t.rows.find((r) => r.question === 'csv-bin' && r.user === 'ana')!.relativeBrier!;
    expect(cell).toMatch(/^-\d/);
    expect(Number(cell)).toBe(ana.relativeBrier);
    expect(t.text).not.toContain(`'${cell}`);
  });

  it('tags and titles with commas and quotes survive', async () => {
    const t = await csv('/api/export/scores.csv', tok.lee);
    const row = t.rows.find((r) => r.question === 'csv-bin')!;
    expect(t.header).toEqual(expect.arrayContaining(['title', 'tags']));
    expect(row.title).toBe('Will it rain, "really", in Paris?');
    expect(row.tags!.split(';')).toEqual(['weather', 'europe']);
  });

  it('an analyst gets only their own rows; an admin gets all', async () => {
    for (const who of ['ana', 'ben']) {
      const t = await csv('/api/export/scores.csv', tok[who]);
      expect(t.rows).toHaveLength(2);
      expect(new Set(t.rows.map((r) => r.user))).toEqual(new Set([who]));
    }
    expect((await csv('/api/export/scores.csv', h.adminToken)).rows).toHaveLength(4);
  });

  it('an analyst with no scores gets the header row alone', async () => {
    const cy = await h.user('cy');
    const t = await csv('/api/export/scores.csv', cy);
    expect(t.header.length).toBeGreaterThan(0);
    expect(t.rows).toEqual([]);
    expect((await csv('/api/export/forecasts.csv', cy)).rows).toEqual([]);
  });

  it('answers 401 when not signed in', async () => {
    expect((await h.call('GET', '/api/export/scores.csv')).status).toBe(401);
  });
});
