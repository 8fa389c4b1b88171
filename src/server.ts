/** config -> db -> migrate -> serve(createApp({ db, clock })) */
import { serve } from '@hono/node-server';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { DatabaseLockedError, openDatabase } from './db/client';
import { migrate } from './db/migrate';
import { adminExists, ensureAdmin } from './features/accounts/accounts.service';
import { createApp } from './http/app';

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config);
  await migrate(database);
  const deps = {
    db: database.db,
    clock: systemClock,
    sessionDays: config.sessionDays,
    secureCookies: config.secureCookies,
  };
  if (config.adminHandle && config.adminPassword) {
    const what = await ensureAdmin(deps, config.adminHandle, config.adminPassword);
    console.log(`Admin '${config.adminHandle}' ${what}.`);
  } else if (!(await adminExists(database.db))) {
    console.log(
      'No admin account exists yet. Restart with RECKON_ADMIN_HANDLE=<handle> and RECKON_ADMIN_PASSWORD=<at least 8 characters> to create one.',
    );
  }
  const app = createApp({ ...deps, logRequests: config.logRequests });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server';
    console.log(`Reckon listening on http://${config.host}:${info.port} (${where})`);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close(async () => {
      await database.close();
      process.exit(0);
    });
    // Keep-alive connections must not hold the process open forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DatabaseLockedError) {
    console.error(e.message);
  } else {
    console.error('Reckon failed to start:', e);
  }
  process.exit(1);
});
