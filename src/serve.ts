/** Serving the app over a database: shared by `npm start` and `npm run demo`. */
import { serve } from '@hono/node-server';
import type { Clock } from './clock';
import type { Config } from './config';
import { makeContext } from './context';
import type { Database } from './db/client';
import { CrowdSnapshots } from './features/inbox/crowd.service';
import { startBackgroundWork } from './features/notifications/background.service';
import { createApp } from './http/app';

export function serveApp(config: Config, database: Database, clock: Clock, onListening?: (url: string) => void) {
  const deps = { ...makeContext(config, database.db, clock), crowdSnapshots: new CrowdSnapshots(database.db) };
  const app = createApp({ ...deps, logRequests: config.logRequests });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    onListening?.(`http://${config.host}:${info.port}`);
  });
  // Deliveries, question.closed and digests: driven by rows in the database, so a restart resumes them.
  const background = startBackgroundWork(deps);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close(async () => {
      await background.stop();
      await deps.crowdSnapshots.flush();
      await database.close();
      process.exit(0);
    });
    // Idle keep-alive connections must not hold the process open.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return { server, deps };
}
