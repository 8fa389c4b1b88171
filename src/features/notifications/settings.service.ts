/** Each person's email settings (docs/api.md, /api/me/notifications): address, digest and events. */
import type { AppContext } from '../../context';
import type { Actor } from '../../domain/access';
import { DomainError } from '../../domain/errors';
import type { EventType } from '../../domain/events';
import { recordAudit } from '../audit/audit.repository';
import * as repo from './settings.repository';
import type { NotificationSettingsBody, NotificationSettingsDto } from './settings.schemas';

type SettingsDeps = Pick<AppContext, 'db' | 'clock' | 'smtpUrl' | 'publicUrl'>;

const toDto = (deps: SettingsDeps, row: repo.SettingsRow | undefined): NotificationSettingsDto => ({
  email: row?.email ?? null,
  digest: row?.digest ?? 'off',
  events: (row?.events ?? []) as EventType[],
  emailEnabled: Boolean(deps.smtpUrl),
  linksEnabled: Boolean(deps.publicUrl),
});

export async function getNotificationSettings(deps: SettingsDeps, actor: Actor): Promise<NotificationSettingsDto> {
  return toDto(deps, await repo.findSettings(deps.db, actor.id));
}

/** Replaces the caller's settings; a digest or events by email need an address. */
export async function putNotificationSettings(
  deps: SettingsDeps,
  actor: Actor,
  body: NotificationSettingsBody,
): Promise<NotificationSettingsDto> {
  const email = body.email ?? null;
  if (!email && (body.digest !== 'off' || body.events.length > 0)) {
    throw new DomainError('invalid_input', 'Invalid input: email is needed for a digest or events by email', [
      { path: 'email', message: 'is needed for a digest or events by email' },
    ]);
  }
  const at = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await repo.upsertSettings(tx, {
      userId: actor.id,
      email,
      digest: body.digest,
      events: body.events,
      updatedAt: at,
    });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: 'notifications.updated',
      subject: `user:${actor.handle}`,
      details: { digest: body.digest, events: body.events, email: email !== null },
    });
    return toDto(deps, row);
  });
}
