/**
 * The outbox across a SIGKILL (PostgreSQL only: two server processes over
 * one embedded database cannot exist). A real server process delivers to a
 * local receiver, is killed with SIGKILL mid-run and started again: every
 * delivery arrives at least once, and only the deliveries in flight at the
 * kill arrive twice, with the same id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/db/schema';
import { useHarness } from '../helpers/app';
import { startReceiver, type Receiver } from '../helpers/receiver';

const root = path.resolve(__dirname, '../..');
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const h = useHarness(new Date().toISOString());
let rx: Receiver;
const children: ChildProcess[] = [];

/** `node --import tsx src/server.ts`: one process, so SIGKILL reaches the server itself. */
function startServer(url: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: url,
      PORT: '0',
      RECKON_LOG_REQUESTS: 'false',
      RECKON_ADMIN_HANDLE: '',
      RECKON_ADMIN_PASSWORD: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b) => (output += b));
  child.stderr!.on('data', (b) => (output += b));
  children.push(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited, output: () => output };
}

const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rx?.close();
});

describe.skipIf(!onServer)('server processes on one PostgreSQL', () => {
  it(
    'loses no delivery; only those in flight at the kill are sent again, with the same id',
    { timeout: 120_000 },
    async () => {
      const ana = await h.user('ana');
      const w = await h.call('POST', '/api/webhooks', {
        token: h.adminToken,
        body: { url: rx.url, events: ['question.created'], secret: 'crash-test-secret' },
      });
      expect(w.status).toBe(201);
      const COUNT = 40;
      for (let i = 0; i < COUNT; i++) {
        const r = await h.call('POST', '/api/questions', {
          token: ana,
          body: {
            key: `crash-${i}`,
            title: `Crash ${i}?`,
            description: '',
            type: 'binary',
            closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          },
        });
        expect(r.status).toBe(201);
      }
      rx.respond = () => ({ status: 200, delayMs: 150 });

      const first = startServer(h.database.url!);
      await waitFor('the first deliveries', () => rx.received.length >= 12 && rx.inFlight.size > 0);
      first.child.kill('SIGKILL');
      await first.exited;
      const receivedBeforeKill = new Set(rx.received.map((r) => String(r.headers['x-reckon-delivery'])));
      const rows = () => h.database.db.select().from(deliveries).where(eq(deliveries.webhookId, w.body.webhook.id));
      const afterKill = await rows();
      const confirmed = new Set(afterKill.filter((d) => d.status === 'delivered').map((d) => d.id));
      const inFlight = [...receivedBeforeKill].filter((id) => !confirmed.has(id));
      expect(afterKill).toHaveLength(COUNT);
      expect(confirmed.size).toBeLessThan(COUNT);
      expect(inFlight.length).toBeGreaterThan(0);

      const second = startServer(h.database.url!);
      await waitFor('every delivery confirmed', async () => (await rows()).every((d) => d.status === 'delivered'));
      second.child.kill('SIGTERM');
      await second.exited;

      const ids = rx.received.map((r) => String(r.headers['x-reckon-delivery']));
      const all = await rows();
      expect(new Set(ids)).toEqual(new Set(all.map((d) => d.id)));
      const counts = new Map<string, number>();
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      const repeated = [...counts].filter(([, c]) => c > 1).map(([id]) => id);
      expect(new Set(repeated)).toEqual(new Set(inFlight));
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
      // The payload's id is the header's: a receiver can drop the repeat.
      for (const r of rx.received) expect(r.body.id).toBe(r.headers['x-reckon-delivery']);
    },
  );

  it(
    'two server processes share the deliveries: each sent once, never by both at once',
    { timeout: 120_000 },
    async () => {
      rx.received.length = 0;
      const lee = await h.user('lee');
      const w = await h.call('POST', '/api/webhooks', {
        token: h.adminToken,
        body: { url: rx.url, events: ['question.created'], secret: 'two-process-secret' },
      });
      expect(w.status).toBe(201);
      const a = startServer(h.database.url!);
      const b = startServer(h.database.url!);
      await waitFor('both servers', () => /listening on/.test(a.output()) && /listening on/.test(b.output()));
      let overlap = 0;
      const active = new Set<string>();
      rx.respond = (r) => {
        const id = String(r.headers['x-reckon-delivery']);
        if (active.has(id)) overlap += 1;
        active.add(id);
        setTimeout(() => active.delete(id), 100);
        return { status: 200, delayMs: 100 };
      };
      const COUNT = 40;
      for (let i = 0; i < COUNT; i++) {
        const r = await h.call('POST', '/api/questions', {
          token: lee,
          body: {
            key: `pair-${i}`,
            title: `Pair ${i}?`,
            description: '',
            type: 'binary',
            closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          },
        });
        expect(r.status).toBe(201);
      }
      const rows = () => h.database.db.select().from(deliveries).where(eq(deliveries.webhookId, w.body.webhook.id));
      await waitFor('every delivery confirmed', async () => {
        const all = await rows();
        return all.length === COUNT && all.every((d) => d.status === 'delivered');
      });
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      expect(overlap).toBe(0);
      // The first test's webhook still listens on the same receiver: count this webhook's deliveries.
      const mine = new Set((await rows()).map((d) => d.id));
      const ids = rx.received.map((r) => String(r.headers['x-reckon-delivery'])).filter((id) => mine.has(id));
      expect(ids).toHaveLength(COUNT);
      expect(new Set(ids).size).toBe(COUNT);
    },
  );
});
