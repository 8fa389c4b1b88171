/**
 * Bearer tokens checked in the last second, per process (docs/performance.md: a token
 * check may be cached for at most 1 s). Made by createApp, carried in
 * AppContext, never a module global. Any change that can stop a token (a
 * revoke, a deactivation, a role or password change, an import) clears it
 * in this process at once; other processes see it within the second.
 *
 * Ages are taken from a monotonic clock, not the application's (a test's
 * clock may stand still).
 */
import type { Actor } from '../../domain/access';

export const TOKEN_CACHE_MS = 1000;
const MAX_ENTRIES = 10_000;

export class TokenCache {
  private entries = new Map<string, { actor: Actor; until: number }>();
  /** Bumped by clear(): a lookup that began before a clear must not store what it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs = TOKEN_CACHE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(tokenHash: string): Actor | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (e.until <= this.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.actor;
  }

  /** The generation to hand back to set(), taken before the database is read. */
  begin(): number {
    return this.generation;
  }

  set(tokenHash: string, actor: Actor, generation: number): void {
    if (generation !== this.generation || this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(tokenHash, { actor, until: this.now() + this.ttlMs });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
