/**
 * Accounts: users and teams, and the admin the configuration names. Each use
 * case owns its transaction and writes its audit entry inside it.
 */
import type { Deps } from '../../context';
import type { Db } from '../../db/client';
import type { Actor, Role } from '../../domain/access';
import { DomainError, notFound } from '../../domain/errors';
import { recordAudit } from '../audit/audit.repository';
import * as repo from './accounts.repository';
import type { TeamDto, UserDto } from './accounts.schemas';
import { hashPassword, verifyPassword } from './passwords';

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

export async function userDto(db: Db, u: repo.UserRow): Promise<UserDto> {
  const teams = await repo.teamKeysByUser(db, [u.id]);
  return toUserDto(u, teams.get(u.id) ?? []);
}

export async function me(deps: Deps, user: Actor): Promise<UserDto> {
  const u = await repo.findUserByHandle(deps.db, user.handle);
  if (!u) throw new DomainError('unauthorized', 'Not signed in');
  return userDto(deps.db, u);
}

export async function listUsers(deps: Deps, filter: { hasForecasts?: boolean | undefined } = {}): Promise<UserDto[]> {
  const rows = await repo.listUsers(deps.db, filter.hasForecasts);
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
  input: {
    displayName?: string | undefined;
    role?: Role | undefined;
    password?: string | undefined;
    active?: boolean | undefined;
    teams?: string[] | undefined;
  },
  opts: { keepSessionHash?: string | undefined } = {},
): Promise<UserDto> {
  const now = deps.clock.now();
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  const dto = await deps.db.transaction(async (tx) => {
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
    // Deactivation and a new password end the user's sessions and revoke their tokens for good
    // (reactivation brings none back); an admin changing their own password keeps this session.
    if (input.active === false || passwordHash !== undefined) {
      await repo.deleteUserSessions(tx, user.id, user.id === actor.id ? opts.keepSessionHash : undefined);
      await repo.revokeUserTokens(tx, user.id, now);
    }
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
  // Committed: a deactivated user's tokens (and a changed role) take effect in this process at once.
  deps.tokenCache?.clear();
  return dto;
}

/**
 * A user changes their own password, giving the current one: every other session of theirs ends
 * and every token is revoked (the session making the change, if any, stays signed in).
 */
export async function changeOwnPassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionHash: string | undefined,
): Promise<void> {
  const now = deps.clock.now();
  const user = await repo.findUserByHandle(deps.db, actor.handle);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new DomainError('invalid_input', 'Invalid input: currentPassword is not your current password', [
      { path: 'currentPassword', message: 'is not your current password' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash });
    await repo.deleteUserSessions(tx, user.id, keepSessionHash);
    const revoked = await repo.revokeUserTokens(tx, user.id, now);
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'user.password',
      subject: `user:${user.handle}`,
      details: { tokensRevoked: revoked },
    });
  });
  // Committed: the revoked tokens stop in this process at once (others within the cache's second).
  deps.tokenCache?.clear();
}

export async function createTeam(deps: Deps, actor: Actor, input: { key: string; name: string }): Promise<TeamDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const team = await repo.insertTeam(tx, { key: input.key, name: input.name, createdAt: now });
    if (!team) throw new DomainError('conflict', `A team with key '${input.key}' already exists`);
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'team.create',
      subject: `team:${team.key}`,
      details: { name: team.name },
    });
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
    await repo.setTeamMembers(
      tx,
      team.id,
      found.map((u) => u.id),
    );
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'team.members',
      subject: `team:${key}`,
      details: { handles: unique.sort() },
    });
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
      await recordAudit(tx, {
        at: now,
        actorId: null,
        action: 'user.bootstrap',
        subject: `user:${handle}`,
        details: { updated: true },
      });
      return 'updated';
    }
    await repo.insertUser(tx, {
      handle,
      displayName: handle,
      role: 'admin',
      passwordHash,
      active: true,
      createdAt: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: null,
      action: 'user.bootstrap',
      subject: `user:${handle}`,
      details: { created: true },
    });
    return 'created';
  });
}

export { adminExists } from './accounts.repository';
