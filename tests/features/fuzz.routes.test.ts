/**
 * Property-based fuzzing of every route of the OpenAPI document: generated
 * bodies, query strings and path parameters (valid-looking values, wrong
 * types, NUL and bidirectional characters, lone surrogates, huge numbers).
 * Never a 500; every refusal has the error body of docs/api.md
 * ({error: {code, message, issues?}}); and after every refusal the database
 * is exactly as before (but the sign-in failure counters). FUZZ_RUNS sets the
 * runs per route (default 15).
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { useHarness } from '../helpers/app';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const h = useHarness('2023-09-01T00:00:00.000Z');

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  bodyProps: string[] | null;
}
let operations: Operation[] = [];
let token = '';
let ownTokenId = 0;
let tables: string[] = [];

/** A digest of every table but the sign-in failure counters, in one query. */
async function digest(): Promise<string> {
  const parts = tables.map((t) =>
    sql.raw(`(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t}" x)`),
  );
  const [row] = await queryRows<{ d: string }>(h.database.db, sql`select concat(${sql.join(parts, sql`, `)}) as d`);
  return row!.d;
}

beforeAll(async () => {
  await h.user('ana');
  await h.user('lee', 'lead');
  const q = await h.call('POST', '/api/questions', {
    token: h.adminToken,
    body: { key: 'rain', title: 'Rain?', description: '', type: 'binary', closesAt: '2024-01-01T00:00:00Z' },
  });
  expect(q.status).toBe(201);
  // The fuzzing admin's own token, made last: generated ids never name it (revoking it would end the run).
  const t = await h.call('POST', '/api/tokens', { token: h.adminToken, body: { name: 'fuzz' } });
  token = t.body.token;
  ownTokenId = t.body.id;
  tables = (
    await queryRows<{ table_name: string }>(
      h.database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'signin_failures' and table_name not like '%migrations%'`,
    )
  ).map((r) => r.table_name);
  const doc = (await h.call('GET', '/api/openapi.json')).body;
  const resolve = (s: any): any => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const params: any[] = op.parameters ?? [];
      const body = resolve(op.requestBody?.content?.['application/json']?.schema);
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProps: op.requestBody ? Object.keys(body?.properties ?? {}) : null,
      });
    }
  }
  operations = operations.filter((o) => o.path !== '/api/session' || o.method !== 'DELETE');
}, 60_000);

// ---- Values ----

const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\u2066',
  '%00',
  '%ZZ',
  '../..',
  'a'.repeat(300),
  '1e400',
  '-1',
  '0',
  'NaN',
  'null',
  'true',
  '2023-02-30',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  'javascript:alert(1)',
  'https://example.org',
  'rain',
  'ana',
  'lee',
  'desk',
);
const text = fc.oneof(
  nasty,
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme' }),
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, 1, -1, 0.5, 2 ** 31, 2 ** 53, -(2 ** 31), 1e308, Number.MAX_SAFE_INTEGER),
);
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(text, scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
const pathValue = fc
  .oneof(text, fc.integer({ min: -5, max: 100_000 }).map(String))
  .filter((v) => v !== String(ownTokenId) && v !== 'admin');

function bodyOf(props: string[]): fc.Arbitrary<unknown> {
  const known = fc.record(Object.fromEntries(props.map((p) => [p, value])), { requiredKeys: [] });
  const extra = fc.dictionary(text, value, { maxKeys: 2 });
  return fc.oneof(
    { weight: 5, arbitrary: known },
    { weight: 1, arbitrary: fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a })) },
    { weight: 1, arbitrary: value },
  );
}

function requestOf(op: Operation) {
  return fc.record({
    params: fc.tuple(...op.pathParams.map(() => pathValue)),
    query: fc.dictionary(fc.oneof(fc.constantFrom(...(op.query.length ? op.query : ['x'])), text), text, {
      maxKeys: 4,
    }),
    body: op.bodyProps ? bodyOf(op.bodyProps) : fc.constant(undefined),
  });
}

/** A path segment as a client would send it: a lone surrogate goes as its raw (invalid UTF-8) bytes. */
function segment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v
      .split(/([\ud800-\udfff])/)
      .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
}

function urlOf(op: Operation, params: string[], query: Record<string, string>): string {
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => segment(params[i++] ?? ''));
  const qs = new URLSearchParams(query).toString();
  return qs ? `${path}?${qs}` : path;
}

function expectErrorBody(body: any, where: string) {
  expect(body, where).toEqual(expect.objectContaining({ error: expect.any(Object) }));
  expect(typeof body.error.code, where).toBe('string');
  expect(typeof body.error.message, where).toBe('string');
  if (body.error.issues !== undefined) {
    expect(Array.isArray(body.error.issues), where).toBe(true);
    for (const i of body.error.issues) {
      expect(typeof i.path, where).toBe('string');
      expect(typeof i.message, where).toBe('string');
    }
  }
}

describe('fuzzing every route', () => {
  it('found the routes of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it('never a 500; every refusal has the error body and leaves the database unchanged', async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(requestOf(op), async ({ params, query, body }) => {
          const before = await digest();
          const url = urlOf(op, params, query);
          const r = await h.call(op.method, url, { token, body });
          const where = `${op.method} ${url} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
          expect(r.status, where).toBeLessThan(500);
          if (r.status >= 400) {
            expectErrorBody(r.body, where);
            expect(await digest(), `database changed by a refusal: ${where}`).toBe(before);
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 8) },
      );
    }
    // The fuzzing admin was never locked out: the run meant something to the end.
    expect((await h.call('GET', '/api/me', { token })).status).toBe(200);
  }, 600_000);
});
