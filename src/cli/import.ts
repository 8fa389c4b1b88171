/** npm run import -- FILE: load an archive into the configured database (all or nothing). */
import fs from 'node:fs';
import { systemClock } from '../clock';
import { DomainError } from '../domain/errors';
import { importArchive } from '../features/archive/archive.import';
import { parseArchive } from '../features/archive/archive.parse';
import { fail, openConfiguredDatabase, progress } from './common';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npm run import -- FILE');
  const size = fs.statSync(file).size;
  const database = await openConfiguredDatabase();
  try {
    const reading = progress('reading');
    let read = 0;
    let parsed;
    try {
      parsed = await parseArchive(fs.createReadStream(file), (n) => {
        read += n;
        reading.update(read, size);
      });
    } catch (e) {
      throw new DomainError(
        'invalid_input',
        `${file} is not a valid archive: ${(e as Error).message}. Nothing was imported.`,
      );
    } finally {
      reading.stop();
    }
    const bars = { checking: progress('checking'), writing: progress('writing'), rescoring: progress('rescoring') };
    let phase: keyof typeof bars | null = null;
    const counts = await importArchive({ db: database.db, clock: systemClock }, null, parsed, (p) => {
      if (phase !== p.phase) {
        if (phase) bars[phase].stop();
        phase = p.phase;
      }
      bars[p.phase].update(p.done, p.total);
    });
    if (phase) bars[phase as keyof typeof bars].stop();
    console.log(`Imported ${JSON.stringify(counts)}`);
  } finally {
    await database.close();
  }
}

main().catch(fail);
