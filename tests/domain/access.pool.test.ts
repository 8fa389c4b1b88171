/** poolRefusal (src/domain/access.ts): who may read a pooled figure, table-driven. */
import { describe, expect, it } from 'vitest';
import { MIN_POOL_FORECASTERS, poolRefusal } from '../../src/domain/access';

const analyst = { id: 1, role: 'analyst' as const };

describe('poolRefusal', () => {
  it.each([
    { why: 'an empty pool', pool: [], allowed: true },
    { why: 'the analyst alone', pool: [1], allowed: true },
    { why: 'the analyst alone, counted twice', pool: [1, 1], allowed: true },
    { why: 'one other analyst', pool: [2], allowed: false },
    { why: 'the analyst and one other', pool: [1, 2], allowed: false },
    { why: 'two others', pool: [2, 3], allowed: false },
    { why: 'one other, repeated', pool: [2, 2, 2], allowed: false },
    { why: 'three, the analyst among them', pool: [1, 2, 3], allowed: true },
    { why: 'three others', pool: [2, 3, 4], allowed: true },
  ])('an analyst over $why: allowed $allowed', ({ pool, allowed }) => {
    const why = poolRefusal(analyst, pool);
    expect(why === null).toBe(allowed);
    if (!allowed) expect(why).toContain(`${MIN_POOL_FORECASTERS} or more forecasters`);
  });

  it('leads and admins read any pool', () => {
    for (const role of ['lead', 'admin'] as const) {
      expect(poolRefusal({ id: 1, role }, [2])).toBeNull();
      expect(poolRefusal({ id: 1, role }, [1, 2])).toBeNull();
    }
  });
});
