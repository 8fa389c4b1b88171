/** npm run rescore: rebuild every stored score and rollup from the forecasts and resolutions. */
import { rescoreAll } from '../features/scores/rescoring.service';
import { fail, openConfiguredDatabase, progress } from './common';

async function main() {
  const database = await openConfiguredDatabase();
  try {
    const bar = progress('rescoring');
    const r = await rescoreAll(database.db, (done, total) => bar.update(done, total));
    bar.stop();
    console.log(`Rescored ${r.questions} questions (${r.scores} analyst scores)`);
  } finally {
    await database.close();
  }
}

main().catch(fail);
