/**
 * Screenshots of the demo workspace for the README, taken in headless Debian
 * Chromium: `npm run demo` in one terminal, then
 * `npx tsx scripts/demo-screenshots.ts http://127.0.0.1:3000 <demo password>`.
 */
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:3000', password] = process.argv.slice(2);
if (!password) throw new Error('usage: npx tsx scripts/demo-screenshots.ts URL PASSWORD');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));

await page.goto(`${base}/#/signin`);
await page.fill('input[name="handle"]', 'lee');
await page.fill('input[name="password"]', password);
await page.click('button[type="submit"]');
await page.waitForSelector('text=Sign out');

const shots: Array<[string, string, string]> = [
  ['demo-questions', '#/questions', 'main'],
  ['demo-question', '#/q/kim-putin-vladivostok-eef', 'canvas'],
  ['demo-venue', '#/q/summit-venue', 'canvas'],
  ['demo-leaderboard', '#/leaderboard', 'table'],
  ['demo-calibration', '#/calibration?user=ben', 'canvas'],
  ['demo-record', '#/record?user=ana', 'canvas'],
  ['demo-inbox', '#/inbox', 'main h1'],
  ['demo-notifications', '#/notifications', 'main form'],
];
for (const [name, hash, selector] of shots) {
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector(selector);
  await page.waitForTimeout(800); // chart.js animations
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
}
// A question with suggested resolutions and clarifications: the first open suggestion's question.
const suggested = await page.evaluate(async () => {
  const r = await fetch('/api/suggestions?status=open');
  const body = (await r.json()) as { suggestions: Array<{ question: string }> };
  return body.suggestions[0]?.question;
});
if (suggested) {
  await page.goto(`${base}/#/q/${suggested}`);
  await page.waitForSelector('section[aria-label="Suggested resolutions"]');
  await page.waitForTimeout(800);
  await page.locator('section[aria-label="Suggested resolutions"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/demo-suggestions.png' });
  console.log('docs/screenshots/demo-suggestions.png');
}
// On a phone (390 px wide), as an analyst: the forecast box near the top of a question, the
// leaderboard with the relative Brier on the first screen, and the open forecasts on My record.
const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
phone.on('pageerror', (e) => errors.push(String(e)));
await phone.goto(`${base}/#/signin`);
await phone.fill('input[name="handle"]', 'ana');
await phone.fill('input[name="password"]', password);
await phone.click('button[type="submit"]');
await phone.waitForSelector('.menu-toggle');
const phoneShots: Array<[string, string, string]> = [
  ['demo-phone-question', '#/q/kim-visits-moscow-before-2028', 'form'],
  ['demo-phone-leaderboard', '#/leaderboard', 'table'],
  ['demo-phone-record', '#/record', '.open-forecasts'],
  ['demo-phone-inbox', '#/inbox', 'main h1'],
];
for (const [name, hash, selector] of phoneShots) {
  await phone.goto(`${base}/${hash}`);
  await phone.waitForSelector(selector);
  await phone.waitForTimeout(800);
  await phone.screenshot({ path: `docs/screenshots/${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
}
await browser.close();
if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
