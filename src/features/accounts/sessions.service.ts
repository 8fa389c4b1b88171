/**
 * Signing in and out, sessions and API tokens: who a request acts as. Each
 * change of state writes its audit entry in its own transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext, Deps } from '../../context';
import type { Actor } from '../../domain/access';
import { DomainError } from '../../domain/errors';
import { recordAudit } from '../audit/audit.repository';
import * as repo from './accounts.repository';
import type { TokenDto } from './accounts.schemas';
import { toActor, userDto } from './accounts.service';
import { verifyPassword } from './passwords';

export const SIGNIN_WINDOW_MS = 15 * 60_000;
/** Failures allowed per (handle, client address) in the window. */
export const SIGNIN_MAX_FAILURES = 10;
/** Failures allowed per client address, over every handle, in the window (password spraying). */
export const SIGNIN_MAX_ADDRESS_FAILURES = 50;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Checks a password. Failures are counted per (handle, client address) and per client address,
 * never per handle alone: a stranger's guesses must not lock the right person out from their own
 * address. Past either limit the attempt is refused with 429 before the password is checked.
 */
export async function signIn(
  deps: Pick<AppContext, 'db' | 'clock' | 'sessionDays'>,
  handle: string,
  password: string,
  oldSessionId: string | undefined,
  address = 'unknown',
) {
  const now = deps.clock.now();
  // The attempt is recorded as a failure before the password is checked, and counted with it,
  // so parallel guesses cannot all pass the check before any of them is recorded.
  const attemptId = await repo.recordFailure(deps.db, handle, address, now);
  const failures = await repo.countRecentFailures(deps.db, handle, address, new Date(now.getTime() - SIGNIN_WINDOW_MS));
  if (failures.pair > SIGNIN_MAX_FAILURES || failures.address > SIGNIN_MAX_ADDRESS_FAILURES) {
    // A refused attempt does not count: the window ends 15 minutes after the last counted failure.
    await repo.deleteFailure(deps.db, attemptId);
    throw new DomainError(
      'too_many_requests',
      failures.pair > SIGNIN_MAX_FAILURES
        ? 'Too many failed sign-ins for this handle from your address; try again in 15 minutes'
        : 'Too many failed sign-ins from your address; try again in 15 minutes',
    );
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
      await recordAudit(tx, {
        at: deps.clock.now(),
        actorId: user.id,
        action: 'session.delete',
        subject: `user:${user.handle}`,
      });
    }
  });
}

/** Who a session cookie or bearer token belongs to (active users only). */
export async function authenticate(
  deps: Deps,
  creds: { sessionId?: string | undefined; bearer?: string | undefined },
): Promise<{ user: Actor; via: 'cookie' | 'token' } | null> {
  if (creds.bearer) {
    const hash = sha256(creds.bearer);
    const cached = deps.tokenCache?.get(hash);
    if (cached) return { user: cached, via: 'token' };
    const generation = deps.tokenCache?.begin() ?? 0;
    const u = await repo.findTokenUser(deps.db, hash);
    if (!u) throw new DomainError('unauthorized', 'The API token is unknown, revoked, or its user is deactivated');
    const user = toActor(u);
    deps.tokenCache?.set(hash, user, generation);
    return { user, via: 'token' };
  }
  if (creds.sessionId) {
    const u = await repo.findSessionUser(deps.db, sha256(creds.sessionId), deps.clock.now());
    if (u) return { user: toActor(u), via: 'cookie' };
  }
  return null;
}

export async function createToken(deps: Deps, user: Actor, name: string) {
  const token = `rk_${randomBytes(32).toString('base64url')}`;
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const row = await repo.insertToken(tx, { userId: user.id, name, tokenHash: sha256(token), createdAt: now });
    await recordAudit(tx, {
      at: now,
      actorId: user.id,
      action: 'token.create',
      subject: `token:${row.id}`,
      details: { name },
    });
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
  // Committed: this process stops honouring the token at once (others within TOKEN_CACHE_MS).
  deps.tokenCache?.clear();
}
