/**
 * The command-line tools on the embedded database: import, export, the lock
 * that keeps a second process off a data directory, and a truncated file.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/client';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

async function cli(script: string, args: string[], dataDir: string) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), RECKON_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const r = await run(tsx, [path.join(root, 'src/cli', script), ...args], { env, cwd: root });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'reckon-cli-'));
const withoutExportedAt = (doc: Record<string, unknown>) => ({ ...doc, exportedAt: undefined });

describe('npm run import / export', () => {
  it('imports the demo archive and exports the same workspace', async () => {
    const dir = tmp();
    const imported = await cli('import.ts', ['demo/archive.json'], path.join(dir, 'db'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported/);
    const out = path.join(dir, 'out.json');
    const exported = await cli('export.ts', [out], path.join(dir, 'db'));
    expect(exported.code, exported.stderr).toBe(0);
    const original = JSON.parse(fs.readFileSync(path.join(root, 'demo/archive.json'), 'utf8'));
    const again = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(withoutExportedAt(again)).toEqual(withoutExportedAt(original));
  }, 120_000);

  it('refuses a truncated file with a clear error and writes nothing', async () => {
    const dir = tmp();
    const text = fs.readFileSync(path.join(root, 'demo/archive.json'), 'utf8');
    const cutFile = path.join(dir, 'cut.json');
    fs.writeFileSync(cutFile, text.slice(0, Math.floor(text.length / 2)));
    const r = await cli('import.ts', [cutFile], path.join(dir, 'db'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a valid archive/);
    const out = path.join(dir, 'out.json');
    expect((await cli('export.ts', [out], path.join(dir, 'db'))).code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.questions).toEqual([]);
    expect(doc.forecasts).toEqual([]);
  }, 120_000);

  it('refuses to open an embedded database another process holds', async () => {
    const dir = path.join(tmp(), 'db');
    const held = await openPglite(dir);
    try {
      const r = await cli('export.ts', [path.join(dir, '..', 'x.json')], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/in use by process/);
    } finally {
      await held.close();
    }
  }, 60_000);
});
