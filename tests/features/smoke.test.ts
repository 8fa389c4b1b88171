import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness();

describe('harness', () => {
  it('serves health and knows the admin', async () => {
    expect((await h.call('GET', '/api/health')).body).toEqual({ status: 'ok' });
    const me = await h.call('GET', '/api/me', { token: h.adminToken });
    expect(me.status).toBe(200);
    expect(me.body.user.handle).toBe('admin');
  });
});
