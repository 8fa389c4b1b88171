/** Workspace settings: staleDays defaults to 14, admins change it (audited), others read it. */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness();

describe('workspace settings', () => {
  it('reads the default, 14 days, before any admin has changed it', async () => {
    const ana = await h.user('ana');
    const r = await h.call('GET', '/api/settings', { token: ana });
    expect(r).toEqual({ status: 200, body: { staleDays: 14 } });
  });

  it('an admin changes staleDays with PATCH (and PUT); everyone reads the new value; the audit log says who', async () => {
    const r = await h.call('PATCH', '/api/settings', { token: h.adminToken, body: { staleDays: 30 } });
    expect(r).toEqual({ status: 200, body: { staleDays: 30 } });
    const lee = await h.user('lee', 'lead');
    expect((await h.call('GET', '/api/settings', { token: lee })).body).toEqual({ staleDays: 30 });
    const put = await h.call('PUT', '/api/settings', { token: h.adminToken, body: { staleDays: 7 } });
    expect(put.body).toEqual({ staleDays: 7 });
    const audit = await h.call('GET', '/api/audit?action=settings.update', { token: h.adminToken });
    expect(audit.body.entries[0]).toMatchObject({
      actor: 'admin',
      subject: 'workspace',
      details: { before: { staleDays: 30 }, after: { staleDays: 7 } },
    });
  });

  it('refuses analysts and leads (403, before the body), and bad values with a 400 naming the field', async () => {
    const ben = await h.user('ben');
    const lead = await h.user('lea', 'lead');
    for (const token of [ben, lead]) {
      const r = await h.call('PATCH', '/api/settings', { token, body: { staleDays: 'x' } });
      expect(r.status).toBe(403);
    }
    for (const staleDays of [0, 366, 2.5, '14', null]) {
      const r = await h.call('PATCH', '/api/settings', { token: h.adminToken, body: { staleDays } });
      expect(r.status, String(staleDays)).toBe(400);
      expect(r.body.error.issues[0].path).toBe('staleDays');
    }
    const extra = await h.call('PATCH', '/api/settings', { token: h.adminToken, body: { staleDays: 5, nope: 1 } });
    expect(extra.status).toBe(400);
    expect((await h.call('GET', '/api/settings', { token: ben })).body).toEqual({ staleDays: 7 });
  });
});
