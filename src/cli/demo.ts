/**
 * npm run demo: a fresh embedded database in its own data directory, loaded
 * with the demo archive (the 2023 Kim-Putin summit and older history), then
 * the server. Prints the URL and the sign-ins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { makeContext } from '../context';
import { openPglite } from '../db/client';
import { migrate } from '../db/migrate';
import { findUserByHandle } from '../features/accounts/accounts.repository';
import { ensureAdmin, toActor, updateUser } from '../features/accounts/accounts.service';
import { importArchive } from '../features/archive/archive.import';
import { parseArchive } from '../features/archive/archive.parse';
import { serveApp } from '../serve';
import { fail } from './common';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const archivePath = path.join(root, 'demo/archive.json');

async function main() {
  const base = loadConfig();
  const dataDir = base.demoDataDir ?? path.join(root, '.demo-data');
  const config = Object.freeze({ ...base, databaseUrl: undefined, dataDir });
  fs.rmSync(dataDir, { recursive: true, force: true });
  const database = await openPglite(dataDir);
  await migrate(database);
  const deps = makeContext(config, database.db, systemClock);
  const password = `demo-${randomBytes(4).toString('hex')}`;
  await ensureAdmin(deps, 'admin', password);
  const parsed = await parseArchive(fs.createReadStream(archivePath));
  const counts = await importArchive(deps, null, parsed);
  const admin = toActor((await findUserByHandle(database.db, 'admin'))!);
  const people = parsed.users.map((u) => u.item).filter((u) => u.handle !== 'admin');
  for (const u of people) await updateUser(deps, admin, u.handle, { password });

  serveApp(config, database, systemClock, (url) => {
    const lines = [
      '',
      `Reckon demo: ${url}`,
      `  ${counts.questions} questions, ${counts.forecasts} forecasts, ${counts.resolutions} resolutions, ${counts.clarifications} clarifications, ${counts.suggestions} suggestions (data in ${path.relative(process.cwd(), dataDir) || dataDir})`,
      '',
      `  Every demo account has the password: ${password}`,
      `    admin         admin`,
      ...people.map((u) => `    ${u.handle.padEnd(12)}  ${u.role.padEnd(8)} ${u.displayName}`),
      '',
      'Press Ctrl+C to stop. The next `npm run demo` starts afresh.',
      '',
    ];
    console.log(lines.join('\n'));
  });
}

main().catch(fail);
