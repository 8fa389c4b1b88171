/** npm run export -- FILE: write the workspace archive of the configured database. */
import fs from 'node:fs';
import { once } from 'node:events';
import { systemClock } from '../clock';
import { exportArchive } from '../features/archive/archive.export';
import { fail, openConfiguredDatabase } from './common';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npm run export -- FILE');
  const database = await openConfiguredDatabase();
  const tmp = `${file}.partial`;
  try {
    const out = fs.createWriteStream(tmp);
    for await (const chunk of exportArchive(database.db, systemClock.now())) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    // Rename at the end: a failed export never leaves a half-written FILE behind.
    fs.renameSync(tmp, file);
    console.log(`Exported to ${file}`);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    await database.close();
  }
}

main().catch(fail);
