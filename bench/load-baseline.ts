/**
 * The thin baseline of `npm run bench:load`: what the stack costs without
 * Reckon. Hono on @hono/node-server, the same zod body as
 * POST /api/questions/{key}/forecasts, a bearer token looked up in a Map made
 * at start, and one INSERT into the same forecasts table with postgres.js.
 *
 * Run by bench/load.ts as `node --import tsx bench/load-baseline.ts` with
 * DATABASE_URL and PORT; it prints "listening" when ready.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import { z } from 'zod';

const probability = z.number().min(0).max(1);
const Body = z
  .object({
    probability: probability.optional(),
    probabilities: z.array(probability).min(1).max(50).optional(),
    rationale: z.string().max(10_000).nullable().optional(),
  })
  .strict();

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 3100);
const sql = postgres(url, { max: Number(process.env.BASELINE_DB_POOL ?? 10), onnotice: () => {} });

async function main() {
  const tokens = new Map<string, number>();
  for (const r of await sql<Array<{ token: string; id: number }>>`select handle as token, id from users`) {
    tokens.set(`rk_load_${r.token}`, r.id);
  }
  const questions = new Map<string, number>();
  for (const r of await sql<Array<{ key: string; id: number }>>`select key, id from questions`) {
    questions.set(r.key, r.id);
  }
  const app = new Hono();
  app.post('/api/questions/:key/forecasts', async (c) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const userId = m ? tokens.get(m[1]!) : undefined;
    if (userId === undefined) return c.json({ error: 'unauthorized' }, 401);
    const questionId = questions.get(c.req.param('key'));
    if (questionId === undefined) return c.json({ error: 'not_found' }, 404);
    const parsed = Body.safeParse(await c.req.json());
    if (!parsed.success) return c.json({ error: 'invalid_input' }, 400);
    const p = parsed.data.probability ?? 0.5;
    const [row] = await sql<Array<{ id: string; created_at: Date }>>`
      insert into forecasts (question_id, user_id, created_at, probs, rationale)
      values (${questionId}, ${userId}, ${new Date()}, ${sql.array([1 - p, p])}::float8[], ${parsed.data.rationale ?? null})
      returning id, created_at`;
    return c.json({ id: Number(row!.id), createdAt: row!.created_at.toISOString(), probability: p }, 201);
  });
  serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => console.log('listening'));
  process.on('SIGTERM', () => {
    void sql.end({ timeout: 2 }).then(() => process.exit(0));
  });
}

void main();
