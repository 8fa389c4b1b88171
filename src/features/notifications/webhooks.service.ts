/** Admin management of webhooks and the listing of their deliveries (docs/api.md, webhooks). */
import type { Deps } from '../../context';
import type { Actor } from '../../domain/access';
import { DomainError } from '../../domain/errors';
import { recordAudit } from '../audit/audit.repository';
import * as repo from './webhooks.repository';
import type { CreateWebhookBody, DeliveryDto, WebhookDto } from './webhooks.schemas';

const toDto = (w: repo.WebhookRow): WebhookDto => ({
  id: w.id,
  url: w.url,
  events: w.events as WebhookDto['events'],
  format: w.format,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
});

const noWebhook = (id: number) => new DomainError('not_found', `No webhook with id ${id}`);

/** Creates a webhook; its secret is stored to sign deliveries and never returned. */
export async function createWebhook(deps: Deps, actor: Actor, body: CreateWebhookBody): Promise<WebhookDto> {
  const at = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertWebhook(tx, {
      url: body.url,
      format: body.format,
      events: body.events,
      secret: body.secret,
      createdBy: actor.id,
      createdAt: at,
    });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: 'webhook.created',
      subject: `webhook:${row.id}`,
      details: { url: row.url, events: row.events, format: row.format },
    });
    return toDto(row);
  });
}

export async function listWebhooks(deps: Pick<Deps, 'db'>): Promise<WebhookDto[]> {
  return (await repo.listWebhooks(deps.db)).map(toDto);
}

/** Deletes a webhook: it receives nothing more and its pending deliveries are cancelled. */
export async function deleteWebhook(deps: Deps, actor: Actor, id: number): Promise<void> {
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await repo.findWebhook(tx, id);
    if (!row) throw noWebhook(id);
    await repo.markWebhookDeleted(tx, id, at);
    await repo.cancelPendingDeliveries(tx, id, 'webhook deleted');
    await recordAudit(tx, { at, actorId: actor.id, action: 'webhook.deleted', subject: `webhook:${id}` });
  });
}

export async function webhookDeliveries(deps: Pick<Deps, 'db'>, id: number, limit: number): Promise<DeliveryDto[]> {
  if (!(await repo.findWebhook(deps.db, id))) throw noWebhook(id);
  const rows = await repo.listWebhookDeliveries(deps.db, id, limit);
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
  }));
}
