/**
 * The server process: configuration is checked at start (a bad value stops it
 * with a message naming the variable), and SIGTERM shuts it down cleanly.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { createTestDatabase } from '../helpers/db';

const root = path.resolve(__dirname, '../..');

describe('configuration', () => {
  it('has defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: undefined,
      dataDir: './data',
      host: '127.0.0.1',
      port: 3000,
      sessionDays: 14,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RECKON_SESSION_DAYS: '-1' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const message = (e as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'RECKON_SESSION_DAYS']) expect(message).toContain(name);
    }
  });

  it('wants the admin handle and password together', () => {
    expect(() => loadConfig({ RECKON_ADMIN_HANDLE: 'root' })).toThrow(/together/);
  });

  it('runs one process with 10 database connections unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ workers: 1, dbPool: 10 });
    expect(loadConfig({ RECKON_WORKERS: '4', RECKON_DB_POOL: '32', DATABASE_URL: 'postgres://x/y' })).toMatchObject({
      workers: 4,
      dbPool: 32,
    });
  });

  it('refuses several workers on the embedded database, and bad counts, naming the variable', () => {
    expect(() => loadConfig({ RECKON_WORKERS: '2' })).toThrow(
      /RECKON_WORKERS: more than one process needs DATABASE_URL/,
    );
    expect(() => loadConfig({ RECKON_WORKERS: '0', DATABASE_URL: 'postgres://x/y' })).toThrow(/RECKON_WORKERS/);
    expect(() => loadConfig({ RECKON_DB_POOL: 'many' })).toThrow(/RECKON_DB_POOL/);
    expect(() => loadConfig({ RECKON_DB_POOL: '1.5' })).toThrow(/RECKON_DB_POOL/);
  });
});

/** Starts `tsx src/server.ts` with the given environment; resolves with its output when it exits. */
function startServer(env: Record<string, string>) {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/server.ts'], {
    cwd: root,
    env: { ...(process.env as Record<string, string>), DATABASE_URL: '', RECKON_LOG_REQUESTS: 'false', ...env },
  });
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
  return { child, exited, output: () => output };
}

describe('the server process', () => {
  it('refuses to start with a bad PORT, naming it', async () => {
    const { exited } = startServer({
      PORT: 'eighty',
      RECKON_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'reckon-srv-')),
    });
    const { code, output } = await exited;
    expect(code).toBe(1);
    expect(output).toMatch(/PORT/);
  }, 60_000);

  it('starts on the embedded database, says how to create an admin, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reckon-srv-'));
    const server = startServer({ PORT: '0', RECKON_DATA_DIR: dataDir });
    for (let i = 0; i < 600 && !/listening on/.test(server.output()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toMatch(/No admin account exists yet/);
    const url = /listening on (http:\/\/\S+)/.exec(server.output())![1]!;
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    const { code, output } = await server.exited;
    expect(code).toBe(0);
    expect(output).toMatch(/SIGTERM: shutting down/);
    // The data directory's lock is released: another process may open it now.
    expect(fs.existsSync(path.join(dataDir, 'reckon.lock'))).toBe(false);
  }, 90_000);

  // Several processes need the PostgreSQL server (TEST_DATABASE_URL); on PGlite this is skipped.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'RECKON_WORKERS=2 starts two processes on one port; SIGTERM stops them all',
    async () => {
      const database = await createTestDatabase();
      try {
        const server = startServer({
          PORT: '0',
          DATABASE_URL: database.url!,
          RECKON_WORKERS: '2',
          RECKON_DB_POOL: '3',
        });
        const listening = () => [...server.output().matchAll(/listening on (http:\/\/\S+) .*pid (\d+)/g)];
        for (let i = 0; i < 900 && listening().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
        const lines = listening();
        expect(lines).toHaveLength(2);
        expect(lines[0]![1]).toBe(lines[1]![1]); // one port
        expect(lines[0]![2]).not.toBe(lines[1]![2]); // two processes
        for (let i = 0; i < 4; i++) {
          const res = await fetch(`${lines[0]![1]}/api/health`, { headers: { connection: 'close' } });
          expect(res.status).toBe(200);
        }
        server.child.kill('SIGTERM');
        const { code } = await server.exited;
        expect(code).toBe(0);
        for (const [, , pid] of lines) expect(() => process.kill(Number(pid), 0)).toThrow();
      } finally {
        await database.close();
      }
    },
    120_000,
  );
});
