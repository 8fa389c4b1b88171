/**
 * config -> db -> migrate -> serve(createApp({ db, clock }))
 *
 * With RECKON_WORKERS=N (N > 1, PostgreSQL only) the first process migrates
 * and makes the admin, then forks N worker processes (node:cluster) that share
 * the port, each with its own pool of RECKON_DB_POOL connections. Servers on
 * one PostgreSQL already agree (row locks, the 1 s token cache), so workers
 * need nothing from each other. A worker that dies is replaced; SIGTERM stops
 * them all.
 */
import cluster from 'node:cluster';
import { systemClock } from './clock';
import { ConfigError, loadConfig, type Config } from './config';
import { makeContext } from './context';
import { DatabaseLockedError, openDatabase } from './db/client';
import { migrate } from './db/migrate';
import { adminExists, ensureAdmin } from './features/accounts/accounts.service';
import { backfillAggregates } from './features/scores/rescoring.service';
import { serveApp } from './serve';
import { repairCrowdSnapshots } from './features/inbox/crowd.service';

async function prepare(config: Config) {
  const database = await openDatabase(config);
  await migrate(database);
  const backfilled = await backfillAggregates(database.db);
  if (backfilled) {
    console.log(`Scored the team aggregates and recalibration of ${backfilled.questions} resolved questions.`);
  }
  const deps = makeContext(config, database.db, systemClock);
  const repaired = await repairCrowdSnapshots(database.db, systemClock.now());
  if (repaired > 0) console.log(`Crowd snapshots rebuilt for ${repaired} open question(s).`);
  if (config.adminHandle && config.adminPassword) {
    const what = await ensureAdmin(deps, config.adminHandle, config.adminPassword);
    console.log(`Admin '${config.adminHandle}' ${what}.`);
  } else if (!(await adminExists(database.db))) {
    console.log(
      'No admin account exists yet. Restart with RECKON_ADMIN_HANDLE=<handle> and RECKON_ADMIN_PASSWORD=<at least 8 characters> to create one.',
    );
  }
  return database;
}

async function serve(config: Config, database: Awaited<ReturnType<typeof openDatabase>>, worker?: number) {
  serveApp(config, database, systemClock, (url) => {
    const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server';
    const who = worker === undefined ? '' : ` (worker ${worker}, pid ${process.pid}; ${config.workers} workers)`;
    console.log(`Reckon listening on ${url} (${where})${who}`);
  });
}

function primary(config: Config) {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`Worker pid ${w.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down ${config.workers} workers`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(0), 12_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main() {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    const database = await prepare(config);
    await database.close();
    primary(config);
    return;
  }
  if (cluster.isWorker) {
    await serve(config, await openDatabase(config), cluster.worker?.id);
    return;
  }
  await serve(config, await prepare(config));
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DatabaseLockedError) {
    console.error(e.message);
  } else {
    console.error('Reckon failed to start:', e);
  }
  process.exit(1);
});
