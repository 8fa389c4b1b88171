/**
 * The team's loop in a real browser: the inbox is the first page after
 * sign-in, grouped by kind with its count in the header; the question page
 * shows clarifications above the forecasts and the suggested resolutions,
 * which a forecaster sends and a lead accepts.
 */
import { describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  DAY,
  PHONE,
  axeViolations,
  env,
  haveBrowser,
  newContext,
  newPage,
  ok,
  problems,
  setUpBrowserTests,
  settled,
  shot,
  signIn,
  sidewaysOverflow,
  tokenFor,
  visit,
} from './harness';

setUpBrowserTests();

describe.skipIf(!haveBrowser)('the team’s loop in the browser', () => {
  it('seeds a lead, two analysts, questions, a clarification and a suggestion', async () => {
    const now = Date.now();
    env.clock.set(now - 3 * DAY);
    const admin = await tokenFor('admin', ADMIN_PASSWORD);
    for (const [handle, role] of [
      ['lena', 'lead'],
      ['ana', 'analyst'],
      ['ben', 'analyst'],
    ] as const) {
      await ok('POST', '/api/users', admin, {
        handle,
        displayName: handle.toUpperCase(),
        role,
        password: `${handle}-password`,
      });
      env.tokens[handle] = await tokenFor(handle, `${handle}-password`);
    }
    const q = (key: string, title: string, closesIn: number) =>
      ok('POST', '/api/questions', env.tokens.lena!, {
        key,
        title,
        description: 'Resolves yes if official statements confirm it.',
        type: 'binary',
        closesAt: new Date(now + closesIn).toISOString(),
      });
    await q('summit-held', 'Will the summit be held in Vladivostok?', 30 * DAY);
    await q('ceasefire-week', 'Will the ceasefire hold this week?', 2 * DAY);
    await q('grid-outage', 'Will the grid fail this winter?', 60 * DAY);
    await ok('POST', '/api/questions/summit-held/forecasts', env.tokens.ana!, { probability: 0.4 });
    await ok('POST', '/api/questions/summit-held/forecasts', env.tokens.ben!, { probability: 0.9 });
    env.clock.set(now - DAY);
    await ok('POST', '/api/questions/summit-held/clarifications', env.tokens.lena!, {
      text: 'A meeting in the Vladivostok region counts; a video call does not.',
    });
    env.clock.set(now);
  });

  it('lands an analyst on the inbox after sign-in, grouped by kind, with its count in the header', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await signIn(page, 'ana', 'ana-password');
    await settled(page);
    const groups = await page.locator('.inbox-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(groups).toEqual(['closingSoon', 'stale', 'unforecast']);
    expect(await page.locator('[data-kind="stale"] a').allTextContents()).toEqual([
      'Will the summit be held in Vladivostok?',
    ]);
    await expect.poll(() => page.locator('.count-badge').textContent()).toBe('4');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'inbox');
    await page.setViewportSize(PHONE);
    // The header folds its menu on the resize event: poll until it has.
    await expect.poll(async () => (await sidewaysOverflow(page)).culprits, { timeout: 10_000 }).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('shows clarifications above the forecasts; a forecaster suggests the resolution', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await signIn(page, 'ben', 'ben-password');
    await visit(page, '/q/summit-held');
    const clar = page.locator('section[aria-label="Clarifications"]');
    expect(await clar.textContent()).toContain('a video call does not');
    const above = await page.evaluate(() => {
      const c = document.querySelector('section[aria-label="Clarifications"]');
      const chart = document.querySelector('canvas.forecast-chart')?.closest('section');
      return !!c && !!chart && !!(c.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(above).toBe(true);
    const form = page.locator('form[aria-label="Suggest a resolution"]');
    await form.getByLabel('Outcome').selectOption('yes');
    await form.getByLabel('Source (optional)').fill('https://example.org/readout');
    await form.getByLabel('Note (optional)').fill('They met on the train.');
    await form.getByRole('button', { name: 'Suggest' }).click();
    await page.locator('li[data-suggestion]').waitFor();
    expect(await page.locator('li[data-suggestion]').textContent()).toContain('They met on the train.');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('a lead sees the suggestion in the inbox and accepts it on the question page', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await signIn(page, 'lena', 'lena-password');
    await settled(page);
    const groups = await page.locator('.inbox-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(groups[0]).toBe('suggestion');
    await page.locator('[data-kind="suggestion"] a').first().click();
    await page.getByRole('heading', { name: 'Will the summit be held in Vladivostok?', level: 1 }).waitFor();
    await settled(page);
    await page.locator('li[data-suggestion]').getByRole('button', { name: 'Accept' }).click();
    await page.locator('.banner-ok').waitFor();
    expect(await page.locator('li[data-suggestion]').textContent()).toContain('accepted by lena');
    await shot(page, 'question-suggestion-accepted');
    await context.close();
    expect(problems).toEqual([]);
  });

  it('an admin sets staleDays in the admin page', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await visit(page, '/admin');
    const form = page.locator('form[aria-label="Workspace settings"]');
    expect(await form.getByLabel('Stale after (days)').inputValue()).toBe('14');
    await form.getByLabel('Stale after (days)').fill('21');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(async () => (await ok('GET', '/api/settings', env.tokens.ana!)).staleDays).toBe(21);
    await context.close();
    expect(problems).toEqual([]);
  });
});
