/**
 * Every page of the route table (web/routes.js), a question page of each type
 * and status, and the sign-in page, at 390 px (a phone) and 1280 px (a
 * laptop): no page scrolls sideways, axe-core finds no serious or critical
 * WCAG 2 A/AA violation, and (on the laptop) every control reached by Tab
 * shows its focus. The list comes from the route table, so a page added there
 * is checked here without a line of this file changing; a route with a new
 * kind of path parameter needs a sample value in SAMPLES.
 *
 * Called from web.test.ts after its story, whose data (questions in every
 * state, forecasts, resolutions, users ana, ben, cy, lena and admin) the
 * pages show.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../web/routes.js';
import type { Route } from '../../web/router.js';
import {
  ADMIN_PASSWORD,
  axeViolations,
  DAY,
  env,
  haveBrowser,
  LAPTOP,
  newContext,
  newPage,
  ok,
  PHONE,
  problems,
  sidewaysOverflow,
  signIn,
  unseenFocus,
  visit,
} from './harness';

/** Who looks at a page: a user of the story, by handle. */
type Who = 'ana' | 'lena' | 'admin';
const PASSWORDS: Record<Who, string> = { ana: 'ana-password', lena: 'lena-password', admin: ADMIN_PASSWORD };
const ROLE_OF: Record<Who, 'analyst' | 'lead' | 'admin'> = { ana: 'analyst', lena: 'lead', admin: 'admin' };

/** An ordinal question this file adds: the story has binary and categorical ones. */
const ORDINAL = 'rate-path-ordinal';

/**
 * Sample values for path parameters: every question type and status for
 * `:key`. A route with a parameter not listed here fails the collection, so
 * whoever adds it says which values to check.
 */
const SAMPLES: Record<string, string[]> = {
  key: [
    'summit-communique-export-controls', // binary, open, closing soon
    'central-bank-rate-december', // categorical, open
    ORDINAL, // ordinal, open
    'history-1', // binary, resolved
    'hidden-question', // hides others' forecasts until you forecast
    'grid-outage-winter', // closed, awaiting resolution
    'trade-deal-signed', // upcoming
  ],
  handle: ['ben'],
};

/** The least-privileged user of the story who may see a route. */
function viewerOf(route: Route): Who {
  const allowed = (who: Who) => !route.roles || route.roles.includes(ROLE_OF[who]);
  return (['ana', 'lena', 'admin'] as const).find(allowed) ?? 'admin';
}

/** A route's path with each parameter replaced by each of its samples. */
function expand(path: string): string[] {
  const params = [...path.matchAll(/:([a-z]+)/gi)].map((m) => m[1]!);
  let paths = [path];
  for (const p of params) {
    const values = SAMPLES[p];
    if (!values) throw new Error(`tests/e2e/every-page.ts has no sample for :${p} (route ${path}): add one to SAMPLES`);
    paths = paths.flatMap((x) => values.map((v) => x.replace(`:${p}`, v)));
  }
  return paths;
}

/** What to look at, and as whom: every route; leads again where they see more; the sign-in page. */
function visits(): { path: string; who: Who | null }[] {
  const out: { path: string; who: Who | null }[] = [];
  for (const route of routes) for (const path of expand(route.path)) out.push({ path, who: viewerOf(route) });
  // A lead sees the resolve and re-resolve forms, and picks any analyst's figures.
  out.push(
    { path: '/q/summit-communique-export-controls', who: 'lena' },
    { path: '/q/history-1', who: 'lena' },
    { path: `/q/${ORDINAL}`, who: 'lena' },
    { path: '/record?user=ben', who: 'lena' },
    { path: '/calibration?user=ben', who: 'lena' },
  );
  out.push({ path: '/signin', who: null });
  return out;
}

export function everyPage() {
  describe.skipIf(!haveBrowser)('every page, on a phone and on a laptop', () => {
    const pages = {} as Record<Who | 'nobody', Page>;

    beforeAll(async () => {
      const now = Date.now();
      env.clock.set(now - 3 * DAY);
      await ok('POST', '/api/questions', env.tokens.lead!, {
        key: ORDINAL,
        title: 'Where will the policy rate stand after the March meeting?',
        description: 'Resolves to the bin holding the rate announced after the March meeting.',
        type: 'ordinal',
        options: ['Below 3%', '3% to 3.5%', '3.5% to 4%', 'Above 4%'],
        tags: ['markets'],
        closesAt: new Date(now + 50 * DAY).toISOString(),
      });
      await ok('POST', `/api/questions/${ORDINAL}/forecasts`, env.tokens.ben!, {
        probabilities: [0.1, 0.5, 0.3, 0.1],
        rationale: 'Guidance points at one more cut.',
      });
      env.clock.set(now - DAY);
      await ok('POST', `/api/questions/${ORDINAL}/forecasts`, env.tokens.ana!, {
        probabilities: [0.05, 0.4, 0.4, 0.15],
      });
      env.clock.set(now);
      for (const who of ['ana', 'lena', 'admin'] as const) {
        pages[who] = await newPage(await newContext({ viewport: PHONE }));
        await signIn(pages[who], who, PASSWORDS[who]);
      }
      pages.nobody = await newPage(await newContext({ viewport: PHONE }));
    }, 120_000);

    for (const size of [PHONE, LAPTOP]) {
      for (const { path, who } of visits()) {
        it(`${path} at ${size.width} px${who ? ` as ${who}` : ''}: no sideways scroll, no serious axe violation${size === LAPTOP ? ', focus seen on every control' : ''}`, async () => {
          const page = pages[who ?? 'nobody'];
          await page.setViewportSize(size);
          await visit(page, path);
          const overflow = await sidewaysOverflow(page);
          expect(overflow.scrollWidth, `scrolls sideways: ${overflow.culprits.join(', ')}`).toBeLessThanOrEqual(
            overflow.width,
          );
          const violations = await axeViolations(page);
          expect(
            violations.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(' | ')}`),
            'axe-core violations',
          ).toEqual([]);
          if (size === LAPTOP) expect(await unseenFocus(page, 40), 'controls without a visible focus').toEqual([]);
          expect(problems).toEqual([]);
        }, 60_000);
      }
    }

    it('folds the header menu on a phone: a button that opens it, Escape closes it', async () => {
      const page = pages.ana;
      await page.setViewportSize(PHONE);
      await visit(page, '/questions');
      const toggle = page.getByRole('button', { name: 'Menu' });
      await expect.poll(() => toggle.isVisible()).toBe(true);
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByRole('link', { name: 'My record' }).isVisible()).toBe(false);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      for (const name of ['Questions', 'Leaderboard', 'Calibration', 'My record'])
        expect(await page.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Leaderboard' }).focus();
      await page.keyboard.press('Escape');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(true);
      // Following a link from the open menu goes there and closes it.
      await toggle.click();
      await page.getByRole('link', { name: 'My record' }).click();
      await page.getByRole('heading', { name: 'My record', level: 1 }).waitFor();
      expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
      expect(problems).toEqual([]);
    });

    it('shows every link in the header on a laptop, the admin’s six included', async () => {
      const page = pages.admin;
      await page.setViewportSize(LAPTOP);
      await visit(page, '/questions');
      expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
      for (const name of [/^Inbox/, 'Questions', 'Leaderboard', 'Calibration', 'My record', 'Admin'])
        expect(await page.getByRole('link', { name, exact: true }).isVisible(), String(name)).toBe(true);
      // The signed-in name leads to one's notification settings.
      expect(await page.getByRole('link', { name: /: your notifications$/ }).getAttribute('href')).toBe(
        '#/notifications',
      );
      expect(problems).toEqual([]);
    });

    it('starts every page with a skip link that moves focus to the content, and moves focus to a new page’s heading', async () => {
      const page = pages.ana;
      await page.setViewportSize(LAPTOP);
      await visit(page, '/leaderboard');
      // A page freshly loaded: the first Tab reaches the skip link.
      await page.reload();
      await page.getByRole('heading', { name: 'Leaderboard', level: 1 }).waitFor();
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to content' });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      const box = await skip.boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
      expect(new URL(page.url()).hash).toBe('#/leaderboard');
      // Following a link moves focus to the new page's heading.
      await page.getByRole('link', { name: 'Calibration', exact: true }).click();
      await page.getByRole('heading', { name: 'Calibration', level: 1 }).waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent))
        .toBe('H1 Calibration');
      expect(problems).toEqual([]);
    });
  });
}
