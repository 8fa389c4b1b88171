/**
 * What the browser tests share: the real app on a fresh database with a
 * settable clock, one Debian chromium for every test (pages are reused), the
 * API called as a script would (bearer tokens), problems seen in the browser
 * that no step expected, screenshots, and the checks every page must pass
 * (no sideways scroll, no serious or critical axe-core violation, a visible
 * focus on every control).
 *
 * Without /usr/bin/chromium the tests skip, so `npm test` passes on a machine
 * without a browser; under CI (CI=true) a missing browser fails.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ManualClock } from '../../src/clock';
import { ensureAdmin } from '../../src/features/accounts/accounts.service';
import { createApp } from '../../src/http/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = process.env.RECKON_SCREENSHOTS
  ? path.resolve(ROOT, process.env.RECKON_SCREENSHOTS)
  : mkdtempSync(path.join(tmpdir(), 'reckon-shots-'));
const CHROMIUM = '/usr/bin/chromium';
export const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium for the browser tests`);

export const DAY = 86_400_000;
export const ADMIN_PASSWORD = 'admin-password';
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 800 };

/** The app, the browser and the API tokens, set up once for the test file (setUpBrowserTests). */
export const env = {
  base: '',
  browser: undefined as unknown as Browser,
  clock: new ManualClock(Date.now()),
  database: undefined as unknown as TestDatabase,
  server: undefined as unknown as ServerType,
  /** Bearer tokens by handle, for seeding through the API like a script would. */
  tokens: {} as Record<string, string>,
};

/** Problems seen in the browser that no step said to expect. */
export const problems: string[] = [];
/** While > 0, HTTP 4xx answers (and the console lines Chromium logs for them) are expected. */
let expectingHttpErrors = 0;

/** Starts the app and the browser before the file's tests and stops them after. */
export function setUpBrowserTests() {
  beforeAll(async () => {
    if (!haveBrowser) return;
    mkdirSync(SHOTS, { recursive: true });
    env.database = await createTestDatabase();
    const deps = { db: env.database.db, clock: env.clock, sessionDays: 14, secureCookies: false };
    await ensureAdmin(deps, 'admin', ADMIN_PASSWORD);
    const app = createApp(deps);
    env.server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    env.base = `http://127.0.0.1:${(env.server.address() as AddressInfo).port}`;
    env.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await env.browser?.close();
    await new Promise<void>((resolve) => (env.server ? env.server.close(() => resolve()) : resolve()));
    await env.database?.close();
  });
}

export async function call<T = any>(
  method: string,
  urlPath: string,
  opts: { token?: string; body?: unknown; cookie?: string } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${env.base}${urlPath}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export async function ok<T = any>(method: string, urlPath: string, token: string, body?: unknown): Promise<T> {
  const res = await call<T>(method, urlPath, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${urlPath}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A bearer token for a user, made from a session as a script would. */
export async function tokenFor(handle: string, password: string): Promise<string> {
  const signIn = await call('POST', '/api/session', { body: { handle, password } });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const t = await call<{ token: string }>('POST', '/api/tokens', { cookie, body: { name: 'e2e' } });
  return t.body.token;
}

/** Requests in flight per page, so a check can wait until the page has loaded what it asked for. */
const inFlight = new WeakMap<Page, number>();

/** A page that records every problem the step did not expect. */
export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  inFlight.set(page, 0);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (
      expectingHttpErrors > 0 &&
      /Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())
    )
      return;
    problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', () => inFlight.set(page, (inFlight.get(page) ?? 0) + 1));
  const done = () => inFlight.set(page, Math.max(0, (inFlight.get(page) ?? 1) - 1));
  page.on('requestfinished', done);
  page.on('requestfailed', (req) => {
    done();
    problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ''}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !(expectingHttpErrors > 0 && res.status() < 500))
      problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return page;
}

export async function expectingErrors<T>(work: () => Promise<T>): Promise<T> {
  expectingHttpErrors++;
  try {
    return await work();
  } finally {
    expectingHttpErrors--;
  }
}

/** A browser context (a separate session) with the given viewport and time zone. */
export async function newContext(
  opts: { viewport?: { width: number; height: number }; timezoneId?: string } = {},
): Promise<BrowserContext> {
  const context = await env.browser.newContext({
    viewport: opts.viewport ?? LAPTOP,
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: opts.timezoneId ?? 'UTC',
  });
  context.setDefaultTimeout(10_000);
  return context;
}

export async function signIn(page: Page, handle: string, password: string) {
  await page.goto(`${env.base}/#/signin`);
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The inbox is the first page after sign-in.
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
}

/** Saves a screenshot of the viewport, scrolled to the top or to the element `focus` names. */
export async function shot(page: Page, name: string, focus?: string) {
  await page.mouse.move(0, 0); // no stray hover highlight
  if (focus)
    await page
      .locator(focus)
      .evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  // Whole pages too, for reviewing the design below the fold: RECKON_FULL_SHOTS=<dir>.
  const full = process.env.RECKON_FULL_SHOTS;
  if (full) {
    mkdirSync(full, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(full, `${name}.png`), fullPage: true });
  }
}

/** Expects a chart.js chart to have been drawn on the canvas matching `selector`. */
export async function expectChart(page: Page, selector: string) {
  await page.locator(selector).waitFor();
  // The page may redraw the canvas after a save (a new chart on a new element),
  // so poll until the element in the page carries a chart with data and a size.
  const drawn = () =>
    page
      .locator(selector)
      .evaluate((el) => {
        const chart = (
          window as unknown as {
            Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: unknown[] } } | undefined };
          }
        ).Chart.getChart(el as HTMLCanvasElement);
        const box = el.getBoundingClientRect();
        return { datasets: chart ? chart.data.datasets.length : 0, wide: box.width > 200, tall: box.height > 150 };
      })
      .catch(() => ({ datasets: 0, wide: false, tall: false }));
  await expect
    .poll(
      async () => {
        const d = await drawn();
        return d.datasets > 0 && d.wide && d.tall;
      },
      { interval: 50, timeout: 10_000 },
    )
    .toBe(true);
}

/**
 * Waits until the page shown has settled: no request in flight, no
 * "Loading…" placeholder, and a heading or notice in the main region.
 */
export async function settled(page: Page) {
  await page.waitForFunction(
    () => !!document.querySelector('main h1, main .notice') && !document.querySelector('main .loading'),
  );
  await expect.poll(() => inFlight.get(page) ?? 0, { interval: 50, timeout: 10_000 }).toBe(0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Goes to a route of the app (a hash path like "/q/some-key") and waits until it has settled. */
export async function visit(page: Page, hashPath: string) {
  await page.goto(`${env.base}/#${hashPath}`);
  await settled(page);
}

/** The words last announced to screen readers (announce.js): [polite, urgent]. */
export async function announced(page: Page): Promise<{ polite: string; urgent: string }> {
  return page.evaluate(() => ({
    polite: document.getElementById('announce-polite')?.textContent ?? '',
    urgent: document.getElementById('announce-alert')?.textContent ?? '',
  }));
}

const requireFromHere = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(requireFromHere.resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core violation, in a line a person can act on. */
interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * The page's serious and critical WCAG 2 A/AA violations by axe-core
 * (injected through the DevTools protocol, which the app's CSP does not
 * govern), each with the elements it found.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return (result.violations as any[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: (v.nodes as any[]).slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
  });
}

/**
 * What sticks out past the right edge of the viewport (the page would scroll
 * sideways): the widest elements that do, outside anything that scrolls on its own.
 */
export async function sidewaysOverflow(
  page: Page,
): Promise<{ scrollWidth: number; width: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const culprits: string[] = [];
    if (scrollWidth > width) {
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.right <= width + 1 || r.width === 0) continue;
        const parentOver = el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1;
        if (parentOver) continue;
        culprits.push(`${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} right=${Math.round(r.right)}`);
      }
    }
    return { scrollWidth, width, culprits: culprits.slice(0, 8) };
  });
}

/**
 * Tabs through the page from its top, up to `max` stops, and returns the
 * controls that showed no focus ring (outline or box-shadow) when focused.
 */
export async function unseenFocus(page: Page, max = 60): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const missing: string[] = [];
  let first: string | null = null;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const ring =
        (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ||
        (s.boxShadow !== 'none' && s.boxShadow !== '');
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      return { name, ring };
    });
    if (!seen) break;
    if (seen.name === first) break; // wrapped around
    first ??= seen.name;
    if (!seen.ring) missing.push(seen.name);
  }
  return missing;
}

/** A deterministic random number generator (mulberry32), so the seeded history is the same every run. */
export function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A time as the value of a datetime-local input in a browser running in UTC. */
export function localInput(t: number): string {
  return new Date(t).toISOString().slice(0, 16);
}
