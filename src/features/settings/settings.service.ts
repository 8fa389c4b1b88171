/** The workspace's settings: readable by everyone signed in, changed by admins. */
import type { Deps } from '../../context';
import type { Db } from '../../db/client';
import type { Actor } from '../../domain/access';
import { DEFAULT_STALE_DAYS } from '../../domain/loop';
import { recordAudit } from '../audit/audit.repository';
import * as repo from './settings.repository';
import type { SettingsDto, UpdateSettingsInput } from './settings.schemas';

/** The settings in force (the defaults until an admin changes them). */
export async function currentSettings(db: Db): Promise<SettingsDto> {
  const row = await repo.readSettings(db);
  return { staleDays: row?.staleDays ?? DEFAULT_STALE_DAYS };
}

export async function getSettings(deps: Deps): Promise<SettingsDto> {
  return currentSettings(deps.db);
}

export async function updateSettings(deps: Deps, actor: Actor, input: UpdateSettingsInput): Promise<SettingsDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await currentSettings(tx);
    await repo.writeSettings(tx, { staleDays: input.staleDays, updatedAt: now, updatedBy: actor.id });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'settings.update',
      subject: 'workspace',
      details: { before, after: { staleDays: input.staleDays } },
    });
    return currentSettings(tx);
  });
}
