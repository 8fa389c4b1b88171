import { and, asc, count, eq, gt, gte, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { byCodePoint, toNumber, type Db } from '../../db/client';
import { apiTokens, forecasts, memberships, sessions, signinFailures, teams, users } from '../../db/schema';
import type { Role } from '../../domain/access';

export type UserRow = typeof users.$inferSelect;

export async function findUserByHandle(db: Db, handle: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.handle, handle));
  return row;
}

export async function findUsersByHandles(db: Db, handles: string[]): Promise<UserRow[]> {
  if (handles.length === 0) return [];
  return db.select().from(users).where(inArray(users.handle, handles));
}

export async function insertUser(
  db: Db,
  values: {
    handle: string;
    displayName: string;
    role: Role;
    passwordHash: string | null;
    active: boolean;
    createdAt: Date;
  },
): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUser(
  db: Db,
  id: number,
  values: Partial<{ displayName: string; role: Role; passwordHash: string | null; active: boolean }>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.update(users).set(values).where(eq(users.id, id));
}

/** Every user by handle; with `hasForecasts`, only those with (true) or without (false) a forecast. */
export async function listUsers(db: Db, hasForecasts?: boolean): Promise<UserRow[]> {
  const forecasted = sql`exists (select 1 from ${forecasts} f where f.user_id = ${users.id})`;
  return db
    .select()
    .from(users)
    .where(hasForecasts === undefined ? undefined : hasForecasts ? forecasted : sql`not ${forecasted}`)
    .orderBy(byCodePoint(users.handle));
}

/** Team keys per user id, each list sorted. */
export async function teamKeysByUser(db: Db, userIds?: number[]): Promise<Map<number, string[]>> {
  if (userIds && userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: memberships.userId, key: teams.key })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(userIds ? inArray(memberships.userId, userIds) : undefined)
    .orderBy(byCodePoint(teams.key));
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push(r.key);
    out.set(r.userId, list);
  }
  return out;
}

export async function adminExists(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
  return toNumber(row?.n) > 0;
}

export type TeamRow = typeof teams.$inferSelect;

export async function findTeamsByKeys(db: Db, keys: string[]): Promise<TeamRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(teams).where(inArray(teams.key, keys));
}

export async function insertTeam(
  db: Db,
  values: { key: string; name: string; createdAt: Date },
): Promise<TeamRow | undefined> {
  const [row] = await db.insert(teams).values(values).onConflictDoNothing().returning();
  return row;
}

export async function listTeams(db: Db): Promise<Array<TeamRow & { members: string[] }>> {
  const rows = await db.select().from(teams).orderBy(byCodePoint(teams.key));
  const members = await db
    .select({ teamId: memberships.teamId, handle: users.handle })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(byCodePoint(users.handle));
  return rows.map((t) => ({ ...t, members: members.filter((m) => m.teamId === t.id).map((m) => m.handle) }));
}

export async function setUserTeams(db: Db, userId: number, teamIds: number[]): Promise<void> {
  await db.delete(memberships).where(eq(memberships.userId, userId));
  if (teamIds.length) await db.insert(memberships).values(teamIds.map((teamId) => ({ teamId, userId })));
}

export async function setTeamMembers(db: Db, teamId: number, userIds: number[]): Promise<void> {
  await db.delete(memberships).where(eq(memberships.teamId, teamId));
  if (userIds.length) await db.insert(memberships).values(userIds.map((userId) => ({ teamId, userId })));
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteExpiredSessions(db: Db, userId: number, now: Date): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lte(sessions.expiresAt, now)));
}

/** Ends every session of a user, but the one whose id hash is `keep` (the one making a change). */
export async function deleteUserSessions(db: Db, userId: number, keep?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keep === undefined ? undefined : ne(sessions.idHash, keep)));
}

/** Revokes every live token of a user, for good: nothing brings a revoked token back. */
export async function revokeUserTokens(db: Db, userId: number, now: Date): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** The active user behind a live session, if any. */
export async function findSessionUser(db: Db, idHash: string, now: Date): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), eq(users.active, true)));
  return row?.user;
}

/** The active user behind a live, unrevoked token, if any. */
export async function findTokenUser(db: Db, tokenHash: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.active, true)));
  return row?.user;
}

export async function insertToken(
  db: Db,
  values: { userId: number; name: string; tokenHash: string; createdAt: Date },
): Promise<typeof apiTokens.$inferSelect> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function listTokens(db: Db, userId: number) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.id));
}

/** Revokes one of the user's tokens; false when there is no such live token. */
export async function revokeToken(db: Db, userId: number, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Recent failures for this handle from this address, and from this address for any handle. */
export async function countRecentFailures(
  db: Db,
  handle: string,
  address: string,
  since: Date,
): Promise<{ pair: number; address: number }> {
  const [row] = await db
    .select({
      pair: sql<number>`count(*) filter (where ${signinFailures.handle} = ${handle})::int`,
      address: sql<number>`count(*)::int`,
    })
    .from(signinFailures)
    .where(and(eq(signinFailures.address, address), gte(signinFailures.at, since)));
  return { pair: toNumber(row?.pair), address: toNumber(row?.address) };
}

/** Records a sign-in attempt as a failure; returns its id so a successful or refused attempt can take it back. */
export async function recordFailure(db: Db, handle: string, address: string, at: Date): Promise<number> {
  const [row] = await db.insert(signinFailures).values({ handle, address, at }).returning({ id: signinFailures.id });
  // Keep the table small: failures older than a day mean nothing.
  await db.delete(signinFailures).where(lt(signinFailures.at, new Date(at.getTime() - 86_400_000)));
  return row!.id;
}

export async function deleteFailure(db: Db, id: number): Promise<void> {
  await db.delete(signinFailures).where(eq(signinFailures.id, id));
}
