/**
 * The web front end in a real browser (Debian's chromium through playwright-core)
 * against the real app on a fresh database: sign in, pose questions, forecast
 * (binary and categorical), resolve, and read the leaderboard, calibration and
 * record pages; then every page of the route table on a phone and a laptop
 * (every-page.ts) and the forms' checks, confirmations and announcements
 * (daily-use.ts), on the data this story made. Any console error, page error,
 * failed request or HTTP error a step did not expect fails the test.
 * Screenshots go to a temporary folder, or to RECKON_SCREENSHOTS=<dir>
 * (docs/screenshots for the README). One browser serves every test.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dailyUse } from './daily-use';
import { everyPage } from './every-page';
import {
  ADMIN_PASSWORD,
  DAY,
  env,
  expectChart,
  expectingErrors,
  haveBrowser,
  localInput,
  newContext,
  newPage,
  ok,
  problems,
  rng,
  setUpBrowserTests,
  shot,
  signIn,
  tokenFor,
} from './harness';

setUpBrowserTests();
const clock = env.clock;
const tokens = env.tokens;

const clamp = (p: number) => Math.min(0.97, Math.max(0.03, Math.round(p * 20) / 20));

/**
 * Months of resolved history, so the leaderboard, calibration and record have
 * something to show: each analyst has a style (ana calibrated, ben
 * overconfident, cy timid), and questions resolve by a fixed random draw.
 */
async function seedHistory(now: number) {
  const rand = rng(20230913);
  const styles: Record<string, (q: number) => number> = {
    ana: (q) => q + (rand() - 0.5) * 0.2,
    ben: (q) => 0.5 + (q - 0.5) * 1.7 + (rand() - 0.5) * 0.2,
    cy: (q) => 0.5 + (q - 0.5) * 0.5 + (rand() - 0.5) * 0.2,
  };
  const topics = ['election', 'trade', 'energy', 'summit', 'markets'];
  for (let i = 0; i < 36; i++) {
    const t0 = now - 160 * DAY + i * 4 * DAY;
    clock.set(t0);
    const key = `history-${i + 1}`;
    const tag = topics[i % topics.length]!;
    await ok('POST', '/api/questions', tokens.lead!, {
      key,
      title: `Historical question ${i + 1}: will the ${tag} indicator rise this period?`,
      description: 'Resolves yes if the published indicator is higher than at the start of the period.',
      type: 'binary',
      tags: [tag],
      opensAt: new Date(t0).toISOString(),
      closesAt: new Date(t0 + 30 * DAY).toISOString(),
    });
    const truth = 0.08 + rand() * 0.84;
    const outcome = rand() < truth ? 'yes' : 'no';
    for (const [handle, style] of Object.entries(styles)) {
      if (rand() < 0.12) continue; // not everyone forecasts on everything
      const steps = 1 + Math.floor(rand() * 3);
      for (let s = 0; s < steps; s++) {
        clock.set(t0 + (1 + s * 3 + rand() * 2) * DAY);
        // Later forecasts lean towards what will happen.
        const lean = (outcome === 'yes' ? 1 : 0) * (s * 0.08) - (outcome === 'no' ? 1 : 0) * (s * 0.08);
        await ok('POST', `/api/questions/${key}/forecasts`, tokens[handle]!, {
          probability: clamp(style(truth) + lean),
          rationale: s === 0 ? `First look at the ${tag} numbers.` : null,
        });
      }
    }
    clock.set(t0 + 12 * DAY);
    await ok('POST', `/api/questions/${key}/resolution`, tokens.lead!, {
      outcome,
      sourceUrl: 'https://example.org/statistics',
    });
  }
  // Open questions in several states: closing soon, later, closed awaiting resolution, upcoming.
  clock.set(now - 20 * DAY);
  await ok('POST', '/api/questions', tokens.lead!, {
    key: 'summit-communique-export-controls',
    title: 'Will the summit communiqué mention export controls?',
    description:
      'Resolves yes if the final communiqué published on the summit website contains the phrase "export controls".',
    type: 'binary',
    tags: ['summit', 'trade'],
    opensAt: new Date(now - 20 * DAY).toISOString(),
    closesAt: new Date(now + 3 * DAY).toISOString(),
  });
  await ok('POST', '/api/questions', tokens.lead!, {
    key: 'central-bank-rate-december',
    title: 'What will the central bank do at its December meeting?',
    description: 'Resolves to the decision announced in the official press release.',
    type: 'categorical',
    options: ['Cut', 'Hold', 'Hike'],
    tags: ['markets'],
    opensAt: new Date(now - 20 * DAY).toISOString(),
    closesAt: new Date(now + 40 * DAY).toISOString(),
  });
  await ok('POST', '/api/questions', tokens.lead!, {
    key: 'grid-outage-winter',
    title: 'Will a regional grid operator declare an emergency this winter?',
    description: 'Resolves yes on any official emergency declaration by a regional operator.',
    type: 'binary',
    tags: ['energy'],
    opensAt: new Date(now - 20 * DAY).toISOString(),
    closesAt: new Date(now - 2 * DAY).toISOString(),
  });
  await ok('POST', '/api/questions', tokens.lead!, {
    key: 'trade-deal-signed',
    title: 'Will the trade agreement be signed before the end of the quarter?',
    description: 'Resolves yes if both parties sign the agreement text before the quarter ends (UTC).',
    type: 'binary',
    tags: ['trade'],
    opensAt: new Date(now + 5 * DAY).toISOString(),
    closesAt: new Date(now + 60 * DAY).toISOString(),
  });
  const plan: [number, string, Record<string, unknown>][] = [
    [-19, 'ben', { probability: 0.35, rationale: 'Previous communiqués avoided the phrase.' }],
    [-17, 'cy', { probability: 0.5 }],
    [-14, 'ana', { probability: 0.55, rationale: 'The host has pushed the topic in every ministerial.' }],
    [-9, 'ben', { probability: 0.45, rationale: 'Draft leaks mention "technology security".' }],
    [-6, 'cy', { probability: 0.62, rationale: 'Sherpa briefing was explicit.' }],
    [-3, 'ana', { probability: 0.7 }],
    [-1, 'ben', { probability: 0.58 }],
  ];
  for (const [d, handle, body] of plan) {
    clock.set(now + d * DAY);
    await ok('POST', '/api/questions/summit-communique-export-controls/forecasts', tokens[handle]!, body);
  }
  for (const [d, handle, probabilities] of [
    [-18, 'ben', [0.1, 0.6, 0.3]],
    [-12, 'cy', [0.2, 0.5, 0.3]],
    [-4, 'ben', [0.15, 0.7, 0.15]],
  ] as const) {
    clock.set(now + d * DAY);
    await ok('POST', '/api/questions/central-bank-rate-december/forecasts', tokens[handle]!, { probabilities });
  }
  clock.set(now - 10 * DAY);
  await ok('POST', '/api/questions/grid-outage-winter/forecasts', tokens.cy!, { probability: 0.2 });
}

describe.skipIf(!haveBrowser)('the web front end', () => {
  let admin: Page;
  let analyst: Page;
  let lead: Page;
  const now = Date.now();
  let binaryKey = '';
  let categoricalKey = '';

  it('serves the app, its modules and chart.js under the CSP', async () => {
    const res = await fetch(`${env.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline handlers
    for (const p of [
      '/vendor/chart.js',
      '/app/main.js',
      '/app/charts.js',
      '/app/pages/question.js',
      '/app/style.css',
    ]) {
      const r = await fetch(`${env.base}${p}`);
      expect(r.status, p).toBe(200);
    }
    expect((await fetch(`${env.base}/app/types.d.ts`)).status).toBe(404);
    expect((await fetch(`${env.base}/app/%2e%2e/package.json`)).status).toBe(404);
  });

  it('lets the admin sign in through the page (and shows a wrong password next to the form)', async () => {
    const context = await newContext();
    admin = await newPage(context);
    await admin.goto(`${env.base}/`);
    await admin.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(admin, 'signin');
    await expectingErrors(async () => {
      await admin.getByLabel('Handle').fill('admin');
      await admin.getByLabel('Password').fill('not-the-password');
      await admin.getByRole('button', { name: 'Sign in' }).click();
      await admin.locator('.form-error.visible').waitFor();
    });
    expect(await admin.locator('.form-error').textContent()).toMatch(/password|handle|sign/i);
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await expect(admin.getByRole('link', { name: 'Admin', exact: true }).isVisible()).resolves.toBe(true);
    await admin.getByRole('link', { name: 'Questions', exact: true }).click();
    await admin.getByRole('heading', { name: 'Questions', level: 1 }).waitFor();
    await admin.getByText('No open questions').waitFor();
    // Before anything has resolved, every score page says so plainly.
    for (const route of ['leaderboard', 'calibration', 'record']) {
      await admin.goto(`${env.base}/#/${route}`);
      await admin.getByText('No resolved questions yet').waitFor();
    }
    expect(problems).toEqual([]);
  });

  it('creates users through the API and seeds resolved history', async () => {
    tokens.admin = await tokenFor('admin', ADMIN_PASSWORD);
    await ok('POST', '/api/teams', tokens.admin, { key: 'europe', name: 'Europe desk' });
    await ok('POST', '/api/teams', tokens.admin, { key: 'markets', name: 'Markets desk' });
    const people: [string, string, string, string[]][] = [
      ['ana', 'Ana Ortiz', 'analyst', ['europe']],
      ['ben', 'Ben Okafor', 'analyst', ['europe']],
      ['cy', 'Cy Lindqvist', 'analyst', ['markets']],
      ['lena', 'Lena Brandt', 'lead', ['europe', 'markets']],
    ];
    for (const [handle, displayName, role, teams] of people) {
      await ok('POST', '/api/users', tokens.admin, {
        handle,
        displayName,
        role,
        password: `${handle}-password`,
        teams,
      });
      tokens[handle] = await tokenFor(handle, `${handle}-password`);
    }
    tokens.lead = tokens.lena!;
    await seedHistory(now);
    clock.set(now);
    const lb = await ok('GET', '/api/leaderboard', tokens.ana!);
    expect(lb.analysts.length).toBe(3);
  }, 120_000);

  it('lets an analyst sign in, browse the questions and pose a binary question', async () => {
    clock.set(Date.now());
    const context = await newContext();
    analyst = await newPage(context);
    await signIn(analyst, 'ana', 'ana-password');
    // The inbox comes first after sign-in; the questions are one link away.
    await analyst.getByRole('link', { name: 'Questions', exact: true }).click();
    await analyst.locator('.qrow').first().waitFor();
    expect(await analyst.locator('.qrow').count()).toBe(2); // the open ones
    await analyst.getByRole('tab', { name: 'All' }).click();
    await analyst.locator('.qrow', { hasText: 'Historical question 1:' }).waitFor();
    expect(await analyst.locator('.qrow').count()).toBe(40);
    expect(
      await analyst.locator('.qrow', { hasText: 'What will the central bank do' }).locator('.badge').textContent(),
    ).toBe('open');

    await analyst.getByRole('tab', { name: 'Closing soon' }).click();
    await analyst.locator('.qrow', { hasText: 'summit communiqué' }).waitFor();
    expect(await analyst.locator('.qrow').count()).toBe(1);
    await analyst.getByRole('tab', { name: 'Resolved' }).click();
    await analyst.locator('.qrow', { hasText: 'Historical question 36' }).waitFor();
    await analyst.getByRole('tab', { name: 'Open' }).click();
    await analyst.getByPlaceholder('Search titles and descriptions').fill('nothing matches this');
    await analyst.getByText('No open questions').waitFor();
    await analyst.getByPlaceholder('Search titles and descriptions').fill('');
    await analyst.locator('.qrow').first().waitFor();

    // With hidden forecasts, an analyst who has not forecast sees a notice, not the others.
    await ok('POST', '/api/questions', tokens.lead!, {
      key: 'hidden-question',
      title: 'Will the envoy be replaced this year?',
      description: 'Resolves yes on an official announcement.',
      type: 'binary',
      closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      hideForecasts: true,
    });
    await ok('POST', '/api/questions/hidden-question/forecasts', tokens.ben!, { probability: 0.3 });
    await analyst.goto(`${env.base}/#/q/hidden-question`);
    await analyst.getByText('hidden until you make your own forecast').waitFor();
    await analyst.getByText('No forecasts yet').first().waitFor();
    expect(await analyst.locator('canvas').count()).toBe(0);
    await analyst.goto(`${env.base}/#/questions`);

    await analyst.getByRole('button', { name: 'New question' }).click();
    const form = analyst.getByRole('form', { name: 'New question' });
    await form.getByLabel('Title').fill('Will the ceasefire hold through the end of the month?');
    await form
      .getByLabel('Resolution criteria')
      .fill(
        'Resolves yes if no party announces the end of the ceasefire before the end of the month (UTC), per the monitoring mission’s daily report.',
      );
    await form.getByLabel('Tags').fill('security, europe');
    // A mistake is caught before sending, in words for people, under the field it concerns.
    await form.getByLabel('Closes').fill('2001-01-01T12:00');
    await shot(analyst, 'new-question');
    await form.getByRole('button', { name: 'Create question' }).click();
    await form.locator('.field-error', { hasText: "Closes can't be in the past" }).waitFor();
    await form.getByLabel('Opens').fill(localInput(Date.now() - 10 * DAY));
    await form.getByLabel('Closes').fill(localInput(Date.now() + 20 * DAY));
    await form.getByRole('button', { name: 'Create question' }).click();
    await analyst.getByRole('heading', { name: 'Will the ceasefire hold through the end of the month?' }).waitFor();
    binaryKey = decodeURIComponent(new URL(analyst.url()).hash.replace('#/q/', ''));
    expect(binaryKey).toBe('will-the-ceasefire-hold-through-the-end-of-the-month');
    expect(problems).toEqual([]);
  });

  it('lets the analyst forecast on the binary question and see everyone on the chart', async () => {
    // Others forecast earlier (the question opened ten days ago).
    const t = Date.now();
    for (const [d, handle, p] of [
      [-9, 'ben', 0.8],
      [-7, 'cy', 0.6],
      [-4, 'ben', 0.7],
      [-2, 'cy', 0.75],
    ] as const) {
      clock.set(t + d * DAY);
      await ok('POST', `/api/questions/${binaryKey}/forecasts`, tokens[handle]!, {
        probability: p,
        rationale: `${handle} on day ${d}`,
      });
    }
    clock.set(t - 6 * DAY);
    await ok('POST', `/api/questions/${binaryKey}/forecasts`, tokens.ana!, {
      probability: 0.55,
      rationale: 'Early read: fragile.',
    });
    clock.set(Date.now());
    await analyst.reload();
    const form = analyst.getByRole('form', { name: 'Your forecast' });
    await form.waitFor();
    await form.getByLabel('Probability of “yes”, in %').fill('82');
    expect(await analyst.locator('.split').textContent()).toContain('No 18%');
    await form
      .getByLabel('Rationale')
      .fill('Both sides kept to the line for three weeks; monitors report no violations.');
    await form.getByRole('button', { name: 'Update forecast' }).click();
    await analyst.locator('.current', { hasText: '82%' }).waitFor();
    await expectChart(analyst, 'canvas.forecast-chart');
    const datasets = await analyst
      .locator('canvas.forecast-chart')
      .evaluate((el) => (window as any).Chart.getChart(el).data.datasets.map((d: { label: string }) => d.label));
    expect(datasets).toEqual(['ana', 'ben', 'cy', 'Crowd']);
    await analyst.getByText('Both sides kept to the line').waitFor();
    await shot(analyst, 'question');
    expect(problems).toEqual([]);
  });

  it('lets the analyst pose a categorical question and forecast with a running sum', async () => {
    clock.set(Date.now());
    await analyst.goto(`${env.base}/#/questions`);
    await analyst.getByRole('button', { name: 'New question' }).click();
    const form = analyst.getByRole('form', { name: 'New question' });
    await form.getByLabel('Title').fill('Which party will lead the coalition talks?');
    await form
      .getByLabel('Resolution criteria')
      .fill('Resolves to the party whose leader the head of state formally asks to explore a coalition.');
    await form.getByLabel('Type').selectOption('categorical');
    await form.getByLabel('Options').fill('Centre-left\nCentre-right\nGreens\nOther');
    await form.getByLabel('Tags').fill('election');
    await form.getByRole('button', { name: 'Create question' }).click();
    await analyst.getByRole('heading', { name: 'Which party will lead the coalition talks?' }).waitFor();
    categoricalKey = decodeURIComponent(new URL(analyst.url()).hash.replace('#/q/', ''));

    const f = analyst.getByRole('form', { name: 'Your forecast' });
    const submit = f.getByRole('button', { name: 'Save forecast' });
    await f.getByLabel('Centre-left, in percent').fill('40');
    await f.getByLabel('Centre-right, in percent').fill('35');
    await f.getByLabel('Greens, in percent').fill('15');
    expect(await analyst.locator('.sum').textContent()).toContain('10% left to assign');
    await f.getByLabel('Other, in percent').fill('20');
    expect(await analyst.locator('.sum').textContent()).toContain('10% too much');
    // Saving while the total is off says so, and sends nothing.
    await submit.click();
    await f
      .locator('.form-error', { hasText: 'The options add up to 110%, not 100%: that is 10% too much.' })
      .waitFor();
    await f.getByLabel('Other, in percent').fill('10');
    expect(await analyst.locator('.sum').textContent()).toContain('Total 100%');
    await f.getByLabel('Rationale').fill('Centre-left leads every poll since spring, but only narrowly.');
    await submit.click();
    await analyst.locator('.forecast-card .standing').waitFor();
    // Alone on it, the analyst is the crowd.
    expect(await analyst.locator('.forecast-card .standing li:not([aria-hidden])').allTextContents()).toEqual([
      'Centre-leftyou 40%crowd 40%',
      'Centre-rightyou 35%crowd 35%',
      'Greensyou 15%crowd 15%',
      'Otheryou 10%crowd 10%',
    ]);
    await expectChart(analyst, 'canvas.forecast-chart');
    await analyst.locator('.option-picker').selectOption({ label: 'P(Centre-right)' });
    const y = await analyst
      .locator('canvas.forecast-chart')
      .evaluate((el) => (window as any).Chart.getChart(el).data.datasets[0].data[0].y);
    expect(y).toBeCloseTo(0.35, 10);
    const stored = await ok('GET', `/api/questions/${categoricalKey}/forecasts`, tokens.ana!);
    expect(stored.forecasts[0].probabilities).toEqual([0.4, 0.35, 0.15, 0.1]);

    // A categorical question others have forecast on: every analyst and the crowd on the chart.
    await analyst.goto(`${env.base}/#/q/central-bank-rate-december`);
    const g = analyst.getByRole('form', { name: 'Your forecast' });
    await g.getByLabel('Cut, in percent').fill('20');
    await g.getByLabel('Hold, in percent').fill('65');
    await g.getByLabel('Hike, in percent').fill('15');
    await g.getByLabel('Rationale').fill('Inflation prints are cooling; a hold is the base case.');
    await g.getByRole('button', { name: 'Save forecast' }).click();
    await analyst.locator('.forecast-card .standing').waitFor();
    await expectChart(analyst, 'canvas.forecast-chart');
    await analyst.locator('.option-picker').selectOption({ label: 'P(Hold)' });
    const labels = await analyst
      .locator('canvas.forecast-chart')
      .evaluate((el) => (window as any).Chart.getChart(el).data.datasets.map((d: { label: string }) => d.label));
    expect(labels).toEqual(['ana', 'ben', 'cy', 'Crowd']);
    await shot(analyst, 'question-categorical', '.q-layout');
    expect(problems).toEqual([]);
  });

  it('lets a lead resolve the binary question and shows the scores', async () => {
    clock.set(Date.now() + 1000);
    const context = await newContext();
    lead = await newPage(context);
    await signIn(lead, 'lena', 'lena-password');
    await lead.goto(`${env.base}/#/q/${binaryKey}`);
    const form = lead.getByRole('form', { name: 'Resolve' });
    await form.getByLabel('Outcome').selectOption('yes');
    await form.getByLabel('Source').fill('https://example.org/monitoring/daily-report');
    await form.getByLabel('Note').fill('Monitoring mission confirms no violations through month end.');
    await form.getByRole('button', { name: 'Resolve', exact: true }).click();
    await lead.locator('.banner', { hasText: 'Resolved: Yes' }).waitFor();
    await lead.getByRole('heading', { name: 'Scores' }).waitFor();
    const names = await lead.locator('section:has(h2:text("Scores")) tbody tr td:first-child').allTextContents();
    expect(names).toEqual(['ana', 'ben', 'cy', 'Crowd']);
    await lead.getByRole('heading', { name: 'Resolution history' }).waitFor();
    await expectChart(lead, 'canvas.forecast-chart');
    await shot(lead, 'question-resolved');
    // The analyst now sees their own score next to their last forecast.
    await analyst.goto(`${env.base}/#/q/${binaryKey}`);
    await analyst.locator('.my-score').waitFor();
    expect(await analyst.locator('.my-score').textContent()).toContain('Final Brier');
    expect(await analyst.getByRole('form', { name: 'Your forecast' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('lists the open questions, closing soonest flagged', async () => {
    await analyst.goto(`${env.base}/#/questions`);
    await analyst.locator('.qrow', { hasText: 'coalition talks' }).waitFor();
    expect(await analyst.locator('.qrow').count()).toBe(4); // the ceasefire question has resolved
    expect(await analyst.locator('.qrow', { hasText: 'summit communiqué' }).locator('.badge').textContent()).toBe(
      'closing soon',
    );
    await shot(analyst, 'questions');
    expect(problems).toEqual([]);
  });

  it('shows the leaderboard with the crowd row, CIs and filters', async () => {
    await analyst.goto(`${env.base}/#/leaderboard`);
    await analyst.locator('table.leaderboard tbody tr').first().waitFor();
    const rows = await analyst.locator('table.leaderboard tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows[3]).toContain('Crowd');
    expect(rows.slice(0, 3).some((r) => r.includes('±'))).toBe(true);
    await shot(analyst, 'leaderboard');
    await analyst.getByLabel('Team').selectOption('markets');
    await analyst.waitForFunction(() => document.querySelectorAll('table.leaderboard tbody tr').length === 2);
    expect(await analyst.locator('table.leaderboard tbody tr').first().textContent()).toContain('Cy Lindqvist');
    await analyst.getByLabel('Tag').fill('no-such-tag');
    await analyst.getByLabel('Tag').press('Enter');
    await analyst.getByText('No resolved questions yet').waitFor();
    expect(problems).toEqual([]);
  });

  it('shows the analyst their calibration, with the pooled team as a second series', async () => {
    await analyst.goto(`${env.base}/#/calibration`);
    await expectChart(analyst, 'canvas.calibration-chart');
    const chart = await analyst.locator('canvas.calibration-chart').evaluate((el) => {
      const c = (window as any).Chart.getChart(el);
      return c.data.datasets.map((d: { label: string; data: unknown[] }) => [d.label, d.data.length]);
    });
    expect(chart[0]).toEqual(['Perfect calibration', 2]);
    expect(chart[1][0]).toBe('You');
    expect(chart[2][0]).toBe('All analysts (pooled)');
    expect(await analyst.getByText('Spiegelhalter z').isVisible()).toBe(true);
    expect(await analyst.getByLabel('Analyst').isDisabled()).toBe(true);
    await shot(analyst, 'calibration');
    await analyst.getByLabel('Bins').selectOption('5');
    await expect.poll(() => analyst.locator('section:has(h2:text("Bins — You")) tbody tr').count()).toBe(5);
    expect(problems).toEqual([]);
  });

  it('lets a lead pick any analyst on the calibration page', async () => {
    await lead.goto(`${env.base}/#/calibration`);
    await lead.getByLabel('Analyst').selectOption('ben');
    await lead.locator('text=Bins — Ben Okafor').waitFor();
    await expectChart(lead, 'canvas.calibration-chart');
    expect(problems).toEqual([]);
  });

  it('shows the analyst their record with Brier by month', async () => {
    await analyst.goto(`${env.base}/#/record`);
    await expectChart(analyst, 'canvas.monthly-chart');
    expect(await analyst.locator('table.data tbody tr').count()).toBeGreaterThan(20);
    await analyst.getByRole('link', { name: 'Will the ceasefire hold through the end of the month?' }).waitFor();
    await shot(analyst, 'record');
    expect(problems).toEqual([]);
  });

  it('shows the admin page with users and teams', async () => {
    await admin.goto(`${env.base}/#/admin`);
    await admin.locator('table.data tbody tr', { hasText: 'lena' }).waitFor();
    expect(await admin.locator('table.data').first().locator('tbody tr').count()).toBe(5);
    await shot(admin, 'admin');
    const form = admin.getByRole('form', { name: 'Create user' });
    await form.getByLabel('Handle').fill('dee');
    await form.getByLabel('Display name').fill('Dee Nakamura');
    await form.getByLabel('Password').fill('dee-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin.locator('table.data tbody tr', { hasText: 'Dee Nakamura' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('signs out', async () => {
    await analyst.getByRole('button', { name: 'Sign out' }).click();
    await analyst.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(problems).toEqual([]);
  });
});

everyPage();
dailyUse();
