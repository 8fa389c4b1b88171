/** Shared by the command-line tools: open the configured database, show progress, fail clearly. */
import { SingleBar, Presets } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { DatabaseLockedError, openDatabase, type Database } from '../db/client';
import { migrate } from '../db/migrate';
import { backfillAggregates } from '../features/scores/rescoring.service';

export async function openConfiguredDatabase(): Promise<Database> {
  const config = loadConfig();
  const database = await openDatabase(config);
  await migrate(database);
  // A workspace scored before the team aggregates were stored is rescored once, here or at server start.
  await backfillAggregates(database.db);
  return database;
}

/** A progress bar on a terminal; silent elsewhere (CI logs, pipes). */
export function progress(label: string) {
  if (!process.stderr.isTTY) {
    return { update: (_done: number, _total: number) => {}, stop: () => {} };
  }
  const bar = new SingleBar(
    { format: `${label.padEnd(10)} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function fail(e: unknown): never {
  if (e instanceof ConfigError || e instanceof DatabaseLockedError) console.error(e.message);
  else if (e instanceof Error && 'issues' in e && Array.isArray((e as { issues?: unknown }).issues)) {
    const issues = (e as unknown as { issues: Array<{ path: string; message: string }> }).issues;
    console.error(e.message);
    for (const i of issues.slice(0, 50)) console.error(`  ${i.path}: ${i.message}`);
    if (issues.length > 50) console.error(`  ... and ${issues.length - 50} more`);
  } else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
