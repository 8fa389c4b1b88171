import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness('2023-09-01T00:00:00.000Z');
const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const at = (ms: number) => h.clock.set(T0 + ms);

describe("docs/scoring.md's worked example over HTTP", () => {
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    for (const u of ['ana', 'ben', 'cy']) tok[u] = await h.user(u);
    tok.lee = await h.user('lee', 'lead');
    at(-1000);
    const q = await h.call('POST', '/api/questions', {
      token: tok.lee,
      body: {
        key: 'worked',
        title: 'Worked example',
        description: 'docs/scoring.md',
        type: 'binary',
        opensAt: new Date(T0 - 1000).toISOString(),
        closesAt: new Date(T0 + 100_000).toISOString(),
      },
    });
    expect(q.status).toBe(201);
    const forecast = async (ms: number, who: string, p: number) => {
      at(ms);
      const r = await h.call('POST', '/api/questions/worked/forecasts', { token: tok[who], body: { probability: p } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    await forecast(0, 'ana', 0.6);
    await forecast(20, 'ben', 0.3);
    await forecast(40, 'cy', 0.5);
    await forecast(50, 'ana', 0.9);
    await forecast(90, 'cy', 0.2);
    at(5000);
    const r = await h.call('POST', '/api/questions/worked/resolution', {
      token: tok.lee,
      body: {
        outcome: 'yes',
        occurredAt: new Date(T0 + 100).toISOString(),
        sourceUrl: 'https://example.org/statement',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it('scores every participant and the crowd to the last digit', async () => {
    const r = await h.call('GET', '/api/questions/worked/scores', { token: tok.ana });
    expect(r.status).toBe(200);
    const byHandle = Object.fromEntries(r.body.analysts.map((a: any) => [a.handle, a]));
    expect(r.body.analysts.map((a: any) => a.handle)).toEqual(['ana', 'ben', 'cy']);
    expect(byHandle.ana.finalBrier).toBeCloseTo(0.02, 12);
    expect(byHandle.ana.timeWeightedBrier).toBeCloseTo(0.17, 12);
    expect(byHandle.ana.relativeBrier).toBeCloseTo(-0.71625, 12);
    expect(byHandle.ben.finalBrier).toBeCloseTo(0.98, 12);
    expect(byHandle.ben.timeWeightedBrier).toBeCloseTo(0.98, 12);
    expect(byHandle.ben.relativeBrier).toBeCloseTo(0.6375, 12);
    expect(r.body.crowd.timeWeightedBrier).toBeCloseTo(0.533, 12);
  });

  it('puts the analysts on the leaderboard in docs/scoring.md order', async () => {
    const r = await h.call('GET', '/api/leaderboard', { token: tok.ben });
    expect(r.status).toBe(200);
    expect(r.body.analysts.map((a: any) => a.handle)).toEqual(['ana', 'cy', 'ben']);
    expect(r.body.analysts[0].meanRelativeBrier).toBeCloseTo(-0.71625, 12);
    expect(r.body.crowd.questions).toBe(1);
    expect(r.body.crowd.meanTimeWeightedBrier).toBeCloseTo(0.533, 12);
    // The crowd's final forecast before end is 0.3 (median of 0.9, 0.3, 0.2): Brier 2 * 0.7^2.
    expect(r.body.crowd.meanBrier).toBeCloseTo(0.98, 12);
  });
});
