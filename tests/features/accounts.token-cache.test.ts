/**
 * The per-process token cache (at most 1 s, docs/performance.md): a revoke, a
 * deactivation or a role change made through this process takes effect at
 * once; a change made elsewhere (another process, straight in the database)
 * within the cache's second, never later.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { TOKEN_CACHE_MS, TokenCache } from '../../src/features/accounts/token-cache';
import { useHarness } from '../helpers/app';

// The cache's monotonic time, moved by hand.
let mono = 0;
const cache = new TokenCache(TOKEN_CACHE_MS, () => mono);
const h = useHarness(undefined, { tokenCache: cache });

const me = async (token: string) => (await h.call('GET', '/api/me', { token })).status;

describe('bearer tokens cached for at most 1 s per process', () => {
  it('a token revoked through the API stops at once, though it was cached a moment before', async () => {
    const alice = await h.user('alice');
    const spare = (await h.call('POST', '/api/tokens', { token: alice, body: { name: 'spare' } })).body;
    expect(await me(spare.token)).toBe(200); // now cached
    expect(await me(spare.token)).toBe(200);
    expect((await h.req('DELETE', `/api/tokens/${spare.id}`, { token: alice })).status).toBe(204);
    expect(await me(spare.token)).toBe(401);
    expect(await me(alice)).toBe(200);
  });

  it("a user deactivated through the API loses their cached token's access at once", async () => {
    const bob = await h.user('bob');
    expect(await me(bob)).toBe(200);
    const res = await h.call('PATCH', '/api/users/bob', { token: h.adminToken, body: { active: false } });
    expect(res.status).toBe(200);
    expect(await me(bob)).toBe(401);
  });

  it('a role change through the API applies to the next request', async () => {
    const carol = await h.user('carol');
    expect((await h.call('GET', '/api/audit', { token: carol })).status).toBe(403); // cached as an analyst
    const promoted = await h.call('PATCH', '/api/users/carol', { token: h.adminToken, body: { role: 'admin' } });
    expect(promoted.status).toBe(200);
    expect((await h.call('GET', '/api/audit', { token: carol })).status).toBe(200);
  });

  it('a revoke made by another process is honoured here within 1 s', async () => {
    const dave = await h.user('dave');
    expect(await me(dave)).toBe(200);
    // Another server process revokes it: straight in the shared database, this process is not told.
    await h.database.db.execute(
      sql`update api_tokens set revoked_at = now() where user_id = (select id from users where handle = 'dave')`,
    );
    mono += TOKEN_CACHE_MS - 1;
    expect(await me(dave)).toBe(200); // still inside the cache's second
    mono += 1;
    expect(await me(dave)).toBe(401);
  });

  it('an unknown or revoked token is never cached as good', async () => {
    expect(await me('rk_not-a-token')).toBe(401);
    expect(await me('rk_not-a-token')).toBe(401);
  });
});

describe('TokenCache', () => {
  const actor = { id: 1, handle: 'a', displayName: 'A', role: 'analyst' as const };

  it('forgets an entry after its time', () => {
    let t = 0;
    const c = new TokenCache(1000, () => t);
    c.set('h', actor, c.begin());
    expect(c.get('h')).toEqual(actor);
    t = 999;
    expect(c.get('h')).toEqual(actor);
    t = 1000;
    expect(c.get('h')).toBeUndefined();
  });

  it('does not store what a lookup read before a clear()', () => {
    const c = new TokenCache(1000, () => 0);
    const generation = c.begin(); // a lookup starts
    c.clear(); // a revoke commits meanwhile
    c.set('h', actor, generation); // the lookup ends with what it read before the revoke
    expect(c.get('h')).toBeUndefined();
  });
});
