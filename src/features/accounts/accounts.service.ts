/**
 * Accounts: sign-in, sessions, API tokens, users and teams. Each use case owns
 * its transaction and writes its audit entry inside it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext, Deps } from '../../context';
import type { Db } from '../../db/client';
import type { Actor, Role } from '../../domain/access';
import { DomainError, notFound } from '../../domain/errors';
import { recordAudit } from '../audit/audit.repository';
import * as repo from './accounts.repository';
import type { TeamDto, TokenDto, UserDto } from './accounts.schemas';
import { hashPassword, verifyPassword } from './passwords';

export const SIGNIN_WINDOW_MS = 15 * 60_000;
export const SIGNIN_MAX_FAILURES = 10;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function toActor(u: repo.UserRow): Actor {
  return { id: u.id, handle: u.handle, displayName: u.displayName, role: u.role };
}

function toUserDto(u: repo.UserRow, teams: string[]): UserDto {
  return {
    handle: u.handle,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    teams,
    createdAt: u.createdAt.toISOString(),
  };
}

async function userDto(db: Db, u: repo.UserRow): Promise<UserDto> {
  const teams = await repo.teamKeysByUser(db, [u.id]);
  return toUserDto(u, teams.get(u.id) ?? []);
}

/** Checks a password; counts failures per handle and refuses with 429 past the limit. */
export async function signIn(deps: Pick<AppContext, 'db' | 'clock' | 'sessionDays'>, handle: string, password: string, oldSessionId: string | undefined) {
  const now = deps.clock.now();
  // The attempt is recorded as a failure before the password is checked, and counted with it,
  // so parallel guesses cannot all pass the check before any of them is recorded.
  const attemptId = await repo.recordFailure(deps.db, handle, now);
  const failures = await repo.countRecentFailures(deps.db, handle, new Date(now.getTime() - SIGNIN_WINDOW_MS));
  if (failures > SIGNIN_MAX_FAILURES) {
    // A refused attempt does not count: the window ends 15 minutes after the 10th failure.
    await repo.deleteFailure(deps.db, attemptId);
    throw new DomainError('too_many_requests', 'Too many failed sign-ins for this handle; try again in 15 minutes');
  }
  const user = await repo.findUserByHandle(deps.db, handle);
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !ok || !user.active) {
    throw new DomainError('unauthorized', 'Wrong handle or password, or the account is deactivated');
  }
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.sessionDays * 86_400_000);
  await deps.db.transaction(async (tx) => {
    // Rotation: the cookie the browser held before sign-in stops working.
    if (oldSessionId) await repo.deleteSession(tx, sha256(oldSessionId));
    // Expired sessions are refused already; sign-in is a cheap moment to drop this user's.
    await repo.deleteExpiredSessions(tx, user.id, now);
    await repo.deleteFailure(tx, attemptId);
    await repo.insertSession(tx, { idHash: sha256(sessionId), userId: user.id, createdAt: now, expiresAt });
    await recordAudit(tx, { at: now, actorId: user.id, action: 'session.create', subject: `user:${user.handle}` });
  });
  return { sessionId, expiresAt, user: await userDto(deps.db, user) };
}

export async function signOut(deps: Deps, sessionId: string | undefined, user: Actor | null): Promise<void> {
  if (!sessionId) return;
  await deps.db.transaction(async (tx) => {
    await repo.deleteSession(tx, sha256(sessionId));
    if (user) {
      await recordAudit(tx, { at: deps.clock.now(), actorId: user.id, action: 'session.delete', subject: `user:${user.handle}` });
    }
  });
}

/** Who a session cookie or bearer token belongs to (active users only). */
export async function authenticate(
  deps: Deps,
  creds: { sessionId?: string | undefined; bearer?: string | undefined },
): Promise<{ user: Actor; via: 'cookie' | 'token' } | null> {
  if (creds.bearer) {
    const u = await repo.findTokenUser(deps.db, sha256(creds.bearer));
    if (!u) throw new DomainError('unauthorized', 'The API token is unknown, revoked, or its user is deactivated');
    return { user: toActor(u), via: 'token' };
  }
  if (creds.sessionId) {
    const u = await repo.findSessionUser(deps.db, sha256(creds.sessionId), deps.clock.now());
    if (u) return { user: toActor(u), via: 'cookie' };
  }
  return null;
}

export async function me(deps: Deps, user: Actor): Promise<UserDto> {
  const u = await repo.findUserByHandle(deps.db, user.handle);
  if (!u) throw new DomainError('unauthorized', 'Not signed in');
  return userDto(deps.db, u);
}

export async function createToken(deps: Deps, user: Actor, name: string) {
  const token = `rk_${randomBytes(32).toString('base64url')}`;
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const row = await repo.insertToken(tx, { userId: user.id, name, tokenHash: sha256(token), createdAt: now });
    await recordAudit(tx, { at: now, actorId: user.id, action: 'token.create', subject: `token:${row.id}`, details: { name } });
    return row;
  });
  return { token, id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}

export async function listTokens(deps: Deps, user: Actor): Promise<TokenDto[]> {
  const rows = await repo.listTokens(deps.db, user.id);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null,
  }));
}

export async function revokeToken(deps: Deps, user: Actor, id: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.revokeToken(tx, user.id, id, now))) {
      throw new DomainError('not_found', `You have no live token with id ${id}`);
    }
    await recordAudit(tx, { at: now, actorId: user.id, action: 'token.revoke', subject: `token:${id}` });
  });
}

export async function listUsers(deps: Deps): Promise<UserDto[]> {
  const rows = await repo.listUsers(deps.db);
  const teams = await repo.teamKeysByUser(deps.db);
  return rows.map((u) => toUserDto(u, teams.get(u.id) ?? []));
}

async function resolveTeams(tx: Db, keys: string[], path: string): Promise<number[]> {
  const unique = [...new Set(keys)];
  const found = await repo.findTeamsByKeys(tx, unique);
  const missing = unique.filter((k) => !found.some((t) => t.key === k));
  if (missing.length) {
    throw new DomainError(
      'invalid_input',
      `Unknown team: ${missing.join(', ')}`,
      missing.map((k) => ({ path: `${path}.${keys.indexOf(k)}`, message: `unknown team '${k}'` })),
    );
  }
  return found.map((t) => t.id);
}

export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { handle: string; displayName: string; role: Role; password: string; teams?: string[] | undefined },
): Promise<UserDto> {
  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    if (await repo.findUserByHandle(tx, input.handle)) {
      throw new DomainError('conflict', `A user with handle '${input.handle}' already exists`);
    }
    const teamIds = await resolveTeams(tx, input.teams ?? [], 'teams');
    const user = await repo.insertUser(tx, {
      handle: input.handle,
      displayName: input.displayName,
      role: input.role,
      passwordHash,
      active: true,
      createdAt: now,
    });
    await repo.setUserTeams(tx, user.id, teamIds);
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'user.create',
      subject: `user:${user.handle}`,
      details: { role: user.role, teams: input.teams ?? [] },
    });
    return userDto(tx, user);
  });
}

export async function updateUser(
  deps: Deps,
  actor: Actor,
  handle: string,
  input: { displayName?: string | undefined; role?: Role | undefined; password?: string | undefined; active?: boolean | undefined; teams?: string[] | undefined },
): Promise<UserDto> {
  const now = deps.clock.now();
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  return deps.db.transaction(async (tx) => {
    const user = await repo.findUserByHandle(tx, handle);
    if (!user) throw notFound.user(handle);
    if (user.id === actor.id && (input.active === false || (input.role !== undefined && input.role !== 'admin'))) {
      throw new DomainError('conflict', 'You cannot deactivate yourself or remove your own admin role');
    }
    const teamIds = input.teams !== undefined ? await resolveTeams(tx, input.teams, 'teams') : undefined;
    const changes: Parameters<typeof repo.updateUser>[2] = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.role !== undefined) changes.role = input.role;
    if (input.active !== undefined) changes.active = input.active;
    if (passwordHash !== undefined) changes.passwordHash = passwordHash;
    await repo.updateUser(tx, user.id, changes);
    if (teamIds) await repo.setUserTeams(tx, user.id, teamIds);
    // A deactivated user's sessions end now (tokens are refused by the active check).
    if (input.active === false || passwordHash !== undefined) await repo.deleteUserSessions(tx, user.id);
    const { password: _omit, ...logged } = input;
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'user.update',
      subject: `user:${handle}`,
      details: { ...logged, ...(passwordHash ? { passwordChanged: true } : {}) },
    });
    const updated = await repo.findUserByHandle(tx, handle);
    return userDto(tx, updated!);
  });
}

export async function createTeam(deps: Deps, actor: Actor, input: { key: string; name: string }): Promise<TeamDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const team = await repo.insertTeam(tx, { key: input.key, name: input.name, createdAt: now });
    if (!team) throw new DomainError('conflict', `A team with key '${input.key}' already exists`);
    await recordAudit(tx, { at: now, actorId: actor.id, action: 'team.create', subject: `team:${team.key}`, details: { name: team.name } });
    return { key: team.key, name: team.name, members: [] };
  });
}

export async function listTeams(deps: Deps): Promise<TeamDto[]> {
  const rows = await repo.listTeams(deps.db);
  return rows.map((t) => ({ key: t.key, name: t.name, members: t.members }));
}

export async function setTeamMembers(deps: Deps, actor: Actor, key: string, handles: string[]): Promise<TeamDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [team] = await repo.findTeamsByKeys(tx, [key]);
    if (!team) throw notFound.team(key);
    const unique = [...new Set(handles)];
    const found = await repo.findUsersByHandles(tx, unique);
    const missing = unique.filter((h) => !found.some((u) => u.handle === h));
    if (missing.length) {
      throw new DomainError(
        'invalid_input',
        `Unknown user: ${missing.join(', ')}`,
        missing.map((h) => ({ path: `handles.${handles.indexOf(h)}`, message: `unknown user '${h}'` })),
      );
    }
    await repo.setTeamMembers(tx, team.id, found.map((u) => u.id));
    await recordAudit(tx, { at: now, actorId: actor.id, action: 'team.members', subject: `team:${key}`, details: { handles: unique.sort() } });
    return { key: team.key, name: team.name, members: unique.sort() };
  });
}

/** RECKON_ADMIN_HANDLE/PASSWORD: afterwards that admin exists, active, with that password. */
export async function ensureAdmin(deps: Deps, handle: string, password: string): Promise<'created' | 'updated'> {
  const now = deps.clock.now();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    const existing = await repo.findUserByHandle(tx, handle);
    if (existing) {
      await repo.updateUser(tx, existing.id, { passwordHash, role: 'admin', active: true });
      await recordAudit(tx, { at: now, actorId: null, action: 'user.bootstrap', subject: `user:${handle}`, details: { updated: true } });
      return 'updated';
    }
    await repo.insertUser(tx, { handle, displayName: handle, role: 'admin', passwordHash, active: true, createdAt: now });
    await recordAudit(tx, { at: now, actorId: null, action: 'user.bootstrap', subject: `user:${handle}`, details: { created: true } });
    return 'created';
  });
}

export { adminExists } from './accounts.repository';
