import { z } from '@hono/zod-openapi';
import { isoInstant, slug } from '../common/fields';

export const AuditEntrySchema = z
  .object({
    at: z.string(),
    actor: z.string().nullable(),
    action: z.string(),
    subject: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

export const AuditPageSchema = z
  .object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() })
  .openapi('AuditPage');

export const AuditQuery = z.object({
  actor: slug.optional(),
  action: z.string().max(100).optional(),
  since: isoInstant.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type AuditQuery = z.infer<typeof AuditQuery>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
