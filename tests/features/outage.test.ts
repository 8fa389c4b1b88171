/**
 * A database outage answers 503 at once, not a 500 or a 30-second hang. The
 * outage is made by cutting a TCP proxy in front of the PostgreSQL server
 * (never by stopping the shared server), so this runs only with TEST_DATABASE_URL.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { openPostgres, type Database } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const onServer = !!process.env.TEST_DATABASE_URL;

describe.skipIf(!onServer)('database outage', () => {
  let testDb: TestDatabase;
  let proxied: Database;
  let proxy: net.Server;
  let port = 0;
  const sockets = new Set<net.Socket>();
  let app: ReturnType<typeof createApp>;
  let target: URL;

  /** A TCP proxy to the server; closing it makes connections refused, as when the server is down. */
  const forward = (client: net.Socket) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  };
  const listen = (p: number) =>
    new Promise<void>((r) => {
      proxy = net.createServer(forward);
      proxy.listen(p, '127.0.0.1', () => {
        port = (proxy.address() as net.AddressInfo).port;
        r();
      });
    });
  const cut = () => {
    proxy.close();
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    target = new URL(testDb.url!);
    await listen(0);
    const url = new URL(testDb.url!);
    url.host = `127.0.0.1:${port}`;
    proxied = await openPostgres(url.toString(), { max: 2 });
    app = createApp({ db: proxied.db, clock: new ManualClock(), sessionDays: 14, secureCookies: false });
  });

  afterAll(async () => {
    await proxied?.close().catch(() => {});
    cut();
    await testDb?.close();
  });

  it('answers 503 quickly while the database is unreachable, and recovers', async () => {
    expect((await app.request('/api/health')).status).toBe(200);

    cut();
    const started = Date.now();
    const health = await app.request('/api/health');
    expect(health.status).toBe(503);
    const signin = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handle: 'admin', password: 'whatever-password' }),
    });
    expect(signin.status).toBe(503);
    expect((await signin.json()).error.code).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(10_000);

    await listen(port);
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await app.request('/api/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  }, 30_000);
});
