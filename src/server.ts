/** config -> db -> migrate -> serve(createApp({ db, clock })) */
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { makeContext } from './context';
import { DatabaseLockedError, openDatabase } from './db/client';
import { migrate } from './db/migrate';
import { adminExists, ensureAdmin } from './features/accounts/accounts.service';
import { backfillAggregates } from './features/scores/rescoring.service';
import { serveApp } from './serve';

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config);
  await migrate(database);
  const backfilled = await backfillAggregates(database.db);
  if (backfilled) {
    console.log(`Scored the team aggregates and recalibration of ${backfilled.questions} resolved questions.`);
  }
  const deps = makeContext(config, database.db, systemClock);
  if (config.adminHandle && config.adminPassword) {
    const what = await ensureAdmin(deps, config.adminHandle, config.adminPassword);
    console.log(`Admin '${config.adminHandle}' ${what}.`);
  } else if (!(await adminExists(database.db))) {
    console.log(
      'No admin account exists yet. Restart with RECKON_ADMIN_HANDLE=<handle> and RECKON_ADMIN_PASSWORD=<at least 8 characters> to create one.',
    );
  }
  serveApp(config, database, systemClock, (url) => {
    const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server';
    console.log(`Reckon listening on ${url} (${where})`);
  });
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DatabaseLockedError) {
    console.error(e.message);
  } else {
    console.error('Reckon failed to start:', e);
  }
  process.exit(1);
});
