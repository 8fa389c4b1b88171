/**
 * The pages as an analyst and a lead use them day to day, mistakes included:
 * forms check before sending and word each problem for people, in their own
 * time zone, under the field; 0%, 100% and a missing rationale are asked
 * about; a save says what it saved and keeps focus in the form; re-resolving
 * starts from the standing resolution, needs a note and confirms what it
 * changes; the numbers people look for (the crowd beside their own, their open
 * forecasts) and labels that tell the truth (hidden forecasts, the year on a
 * long chart).
 *
 * The analyst works on a phone in Tokyo, the lead on a laptop in New York;
 * each browser's clock is fixed, so the times the messages quote are known.
 * Called from web.test.ts after its story, on the data it made.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  announced,
  DAY,
  env,
  haveBrowser,
  LAPTOP,
  newContext,
  newPage,
  ok,
  PHONE,
  problems,
  settled,
  shot,
  signIn,
  visit,
} from './harness';

const MINUTE = 60_000;
const TOKYO = 'Asia/Tokyo';
const NEW_YORK = 'America/New_York';

/**
 * "30 Nov, 05:12" in a zone, with the year when it is not `now`'s: how the pages quote a moment
 * (written here independently of format.js).
 */
function quoted(t: number, timeZone: string, now: number): string {
  const year = (x: number) => new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone }).format(x);
  const day = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(year(t) === year(now) ? {} : { year: 'numeric' }),
    timeZone,
  }).format(t);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(t);
  return `${day}, ${time}`;
}

/** "05:15" in a zone. */
function hhmm(t: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(t);
}

/** The value of a datetime-local box for an instant, in a zone. */
function boxValue(t: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    })
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** 0.3 -> "30%", 0.625 -> "62.5%". */
function pct(p: number): string {
  const v = Math.round(p * 1000) / 10;
  return `${v}%`;
}

async function forecastsOn(key: string): Promise<number> {
  return (await ok('GET', `/api/questions/${key}`, env.tokens.lead!)).question.forecasts;
}

/** The messages shown under fields in `scope`. */
async function fieldErrors(page: Page, scope: string): Promise<string[]> {
  return (await page.locator(`${scope} .field-error`).allTextContents()).filter((t) => t.trim() !== '');
}

export function dailyUse() {
  describe.skipIf(!haveBrowser)('pages fit for daily use', () => {
    let phone: Page; // ana, on a phone in Tokyo
    let laptop: Page; // lena (a lead), on a laptop in New York
    let nobody: Page; // signed out
    // The browsers' clocks and the server's stand still at T (20 s past a minute, after everything
    // the story did), so the messages' times are known.
    let T = 0;
    const SUMMIT = 'summit-communique-export-controls';
    const HIDDEN = 'hidden-question';
    const LONG = 'long-running-talks';

    beforeAll(async () => {
      T = Math.ceil(Date.now() / MINUTE) * MINUTE + 20_000;
      // A question that has run for over a year: its chart spans two calendar years.
      env.clock.set(T - 400 * DAY);
      await ok('POST', '/api/questions', env.tokens.lead!, {
        key: LONG,
        title: 'Will the long-running border talks produce a signed text?',
        description: 'Resolves yes if both delegations sign a common text.',
        type: 'binary',
        opensAt: new Date(T - 400 * DAY).toISOString(),
        closesAt: new Date(T + 30 * DAY).toISOString(),
      });
      env.clock.set(T - 399 * DAY);
      await ok('POST', `/api/questions/${LONG}/forecasts`, env.tokens.ben!, { probability: 0.2 });
      env.clock.set(T - 10 * DAY);
      await ok('POST', `/api/questions/${LONG}/forecasts`, env.tokens.ana!, { probability: 0.35 });
      env.clock.set(T);

      const tokyo = await newContext({ viewport: PHONE, timezoneId: TOKYO });
      await tokyo.clock.setFixedTime(T);
      phone = await newPage(tokyo);
      await signIn(phone, 'ana', 'ana-password');
      const ny = await newContext({ viewport: LAPTOP, timezoneId: NEW_YORK });
      await ny.clock.setFixedTime(T);
      laptop = await newPage(ny);
      await signIn(laptop, 'lena', 'lena-password');
      nobody = await newPage(await newContext({ viewport: PHONE }));
    }, 120_000);

    it('shows one message on a percentage box that holds none, and the slider and Yes/No preview do not contradict it', async () => {
      await visit(phone, `/q/${SUMMIT}`);
      const form = phone.getByRole('form', { name: 'Your forecast' });
      const box = form.getByLabel('Probability of “yes”, in %');
      const before = await forecastsOn(SUMMIT);

      await box.fill('abc');
      expect(await fieldErrors(phone, 'form[aria-label="Your forecast"]')).toEqual([
        '“abc” is not a number: enter a probability from 0 to 100.',
      ]);
      expect(await box.getAttribute('aria-invalid')).toBe('true');
      expect(await phone.locator('.split').textContent()).toBe('');
      expect(await phone.locator('input[type="range"]').getAttribute('class')).toContain('stale');

      await box.fill('150');
      expect(await fieldErrors(phone, 'form[aria-label="Your forecast"]')).toEqual([
        '150% is over 100%: enter a probability from 0 to 100.',
      ]);
      await form.getByRole('button', { name: 'Update forecast' }).click();
      // Still one message; focus on the box; the problem announced; nothing sent.
      expect(await fieldErrors(phone, 'form[aria-label="Your forecast"]')).toEqual([
        '150% is over 100%: enter a probability from 0 to 100.',
      ]);
      expect(await phone.locator('.form-error.visible').count()).toBe(0);
      expect(await phone.evaluate(() => document.activeElement?.id)).toBe('p-yes');
      await expect
        .poll(async () => (await announced(phone)).urgent)
        .toBe('150% is over 100%: enter a probability from 0 to 100.');
      expect(await forecastsOn(SUMMIT)).toBe(before);

      await box.fill('');
      await form.getByRole('button', { name: 'Update forecast' }).click();
      expect(await fieldErrors(phone, 'form[aria-label="Your forecast"]')).toEqual([
        'Enter a probability from 0 to 100.',
      ]);
      expect(await forecastsOn(SUMMIT)).toBe(before);

      await box.fill('55');
      expect(await fieldErrors(phone, 'form[aria-label="Your forecast"]')).toEqual([]);
      expect(await phone.locator('.split').textContent()).toBe('Yes 55%No 45%');
      expect(await phone.locator('input[type="range"]').inputValue()).toBe('55');
      expect(await phone.locator('input[type="range"]').getAttribute('class')).not.toContain('stale');
      expect(problems).toEqual([]);
    });

    it('asks before saving 0% or 100%, and going back changes nothing', async () => {
      const form = phone.getByRole('form', { name: 'Your forecast' });
      const box = form.getByLabel('Probability of “yes”, in %');
      const before = await forecastsOn(SUMMIT);
      await form.getByLabel('Rationale').fill('The host will not let it go.');
      await box.fill('100');
      await form.getByRole('button', { name: 'Update forecast' }).click();
      const ask = form.locator('.confirm');
      await ask.waitFor();
      expect(await ask.locator('.confirm-title').textContent()).toBe('Save 100%?');
      expect(await ask.textContent()).toContain('worst score there is');
      expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe('Save 100%');
      await shot(phone, 'phone-confirm-100', 'form[aria-label="Your forecast"]');
      await ask.getByRole('button', { name: 'Change it' }).click();
      expect(await ask.count()).toBe(0);
      expect(await phone.evaluate(() => document.activeElement?.id)).toBe('p-yes');

      await box.fill('0');
      await form.getByRole('button', { name: 'Update forecast' }).click();
      await ask.waitFor();
      expect(await ask.locator('.confirm-title').textContent()).toBe('Save 0%?');
      await phone.keyboard.press('Escape');
      expect(await ask.count()).toBe(0);
      expect(await forecastsOn(SUMMIT)).toBe(before);
      expect(problems).toEqual([]);
    });

    it('asks gently for a missing rationale, saves without one, says "Saved 55% at 05:15" and keeps focus in the form', async () => {
      const form = phone.getByRole('form', { name: 'Your forecast' });
      await form.getByLabel('Probability of “yes”, in %').fill('55');
      await form.getByLabel('Rationale').fill('');
      await form.getByRole('button', { name: 'Update forecast' }).click();
      const ask = form.locator('.confirm');
      await ask.waitFor();
      expect(await ask.locator('.confirm-title').textContent()).toBe('Save without a rationale?');
      await ask.getByRole('button', { name: 'Add a rationale' }).click();
      expect(await phone.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('rationale');

      await form.getByRole('button', { name: 'Update forecast' }).click();
      await ask.getByRole('button', { name: 'Save without one' }).click();
      const saved = `Saved 55% at ${hhmm(T, TOKYO)}`;
      await phone.locator('form[aria-label="Your forecast"] .form-status', { hasText: saved }).waitFor();
      expect(await phone.evaluate(() => document.activeElement?.id)).toBe('p-yes');
      expect(await phone.evaluate(() => !!document.activeElement?.closest('form[aria-label="Your forecast"]'))).toBe(
        true,
      );
      await expect.poll(async () => (await announced(phone)).polite).toBe(saved);
      const mine = (await ok('GET', `/api/questions/${SUMMIT}/forecasts`, env.tokens.ana!)).forecasts.at(-1);
      expect(mine).toMatchObject({ user: 'ana', probability: 0.55, rationale: null });

      // The crowd beside the analyst's own number.
      const q = (await ok('GET', `/api/questions/${SUMMIT}`, env.tokens.ana!)).question;
      const line = await phone.locator('.forecast-card .compare').first().textContent();
      expect(line).toContain(`Crowd ${pct(q.crowd.probability)}`);
      expect(line).toContain('you 55%');
      expect(line).toContain('updated just now');
      expect(problems).toEqual([]);
    });

    it('shows the crowd and your number on each question row, or that the crowd is hidden', async () => {
      await visit(phone, '/questions');
      const summit = (await ok('GET', `/api/questions/${SUMMIT}`, env.tokens.ana!)).question;
      expect(
        await phone.locator('.qrow', { hasText: 'summit communiqué' }).locator('.qrow-figures').textContent(),
      ).toBe(`Crowd ${pct(summit.crowd.probability)}You 55%`);
      const bank = (await ok('GET', '/api/questions/central-bank-rate-december', env.tokens.ana!)).question;
      const top = bank.crowd.probabilities.indexOf(Math.max(...bank.crowd.probabilities));
      expect(await phone.locator('.qrow', { hasText: 'central bank' }).locator('.qrow-figures').textContent()).toBe(
        `Crowd ${bank.options[top]} ${pct(bank.crowd.probabilities[top])}You ${pct(bank.myForecast.probabilities[top])}`,
      );
      expect(await phone.locator('.qrow', { hasText: 'envoy' }).locator('.qrow-figures').textContent()).toBe(
        'Crowd hidden until you forecast',
      );
      expect(problems).toEqual([]);
    });

    it('says forecasts are hidden only while they are, in the chip and in the count', async () => {
      await visit(phone, `/q/${HIDDEN}`);
      const chip = phone.locator('.q-badges .chip', { hasText: 'Forecasts hidden until you forecast' });
      expect(await chip.count()).toBe(1);
      expect(await phone.locator('.q-meta').textContent()).toContain('1 by 1 analyst, hidden until you forecast');
      expect(await phone.locator('.forecast-card').textContent()).toContain('The crowd is hidden until you forecast.');
      // The lead sees everyone's: no chip.
      await visit(laptop, `/q/${HIDDEN}`);
      expect(await laptop.locator('.q-badges .chip', { hasText: 'hidden' }).count()).toBe(0);
      expect(await laptop.locator('.q-meta').textContent()).not.toContain('hidden');

      const form = phone.getByRole('form', { name: 'Your forecast' });
      await form.getByLabel('Probability of “yes”, in %').fill('30');
      await form.getByLabel('Rationale').fill('No successor has been named.');
      await form.getByRole('button', { name: 'Save forecast' }).click();
      await phone.locator('.form-status', { hasText: 'Saved 30%' }).waitFor();
      expect(await chip.count()).toBe(0);
      expect(await phone.locator('.q-meta').textContent()).not.toContain('hidden');
      // ben's 30% and ana's 30%.
      expect(await phone.locator('.forecast-card .compare').first().textContent()).toContain('Crowd 30%');
      expect(problems).toEqual([]);
    });

    it('checks the resolve form in the lead’s time zone, adds https:// to a source, then moves focus to the result', async () => {
      const key = 'grid-outage-winter';
      await visit(laptop, `/q/${key}`);
      const form = laptop.getByRole('form', { name: 'Resolve' });
      await form.getByRole('button', { name: 'Resolve', exact: true }).click();
      expect(await fieldErrors(laptop, 'form[aria-label="Resolve"]')).toEqual(['Choose an outcome.']);
      expect(await laptop.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('outcome');

      await form.getByLabel('Outcome').selectOption('yes');
      await form.getByLabel('Known since').fill(boxValue(T + 2 * DAY, NEW_YORK));
      await form.getByRole('button', { name: 'Resolve', exact: true }).click();
      const future = `Known since can't be in the future (latest: ${quoted(T - 20_000, NEW_YORK, T)})`;
      expect(await fieldErrors(laptop, 'form[aria-label="Resolve"]')).toEqual([future]);
      await expect.poll(async () => (await announced(laptop)).urgent).toBe(future);
      expect(await laptop.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('occurredAt');

      const q = (await ok('GET', `/api/questions/${key}`, env.tokens.lead!)).question;
      const opens = Date.parse(q.opensAt);
      await form.getByLabel('Known since').fill(boxValue(opens - 5 * DAY, NEW_YORK));
      await form.getByRole('button', { name: 'Resolve', exact: true }).click();
      expect(await fieldErrors(laptop, 'form[aria-label="Resolve"]')).toEqual([
        `Known since can't be before the question opened (earliest: ${quoted(Math.ceil(opens / MINUTE) * MINUTE, NEW_YORK, T)})`,
      ]);

      await form.getByLabel('Known since').fill(boxValue(T - DAY, NEW_YORK));
      await form.getByLabel('Source').fill('not a web address');
      await form.getByRole('button', { name: 'Resolve', exact: true }).click();
      expect(await fieldErrors(laptop, 'form[aria-label="Resolve"]')).toEqual([
        "“not a web address” doesn't look like a web address (like https://example.org/report)",
      ]);
      await form.getByLabel('Source').fill('example.org/grid/emergency');
      await form.getByLabel('Note').fill('Declared by the northern operator.');
      await form.getByRole('button', { name: 'Resolve', exact: true }).click();
      await laptop.locator('.banner', { hasText: 'Resolved: Yes' }).waitFor();
      await expect.poll(() => laptop.evaluate(() => document.activeElement?.classList.contains('banner'))).toBe(true);
      await expect.poll(async () => (await announced(laptop)).polite).toBe('Resolved: Yes. 1 analyst scored.');
      const r = (await ok('GET', `/api/questions/${key}`, env.tokens.lead!)).question.resolution;
      expect(r).toMatchObject({
        outcome: 'yes',
        sourceUrl: 'https://example.org/grid/emergency',
        occurredAt: new Date(Math.floor((T - DAY) / MINUTE) * MINUTE).toISOString(),
      });
      expect(problems).toEqual([]);
    });

    it('re-resolves from the standing resolution, with a note saying why, after confirming what it changes', async () => {
      const key = 'history-2';
      const q = (await ok('GET', `/api/questions/${key}`, env.tokens.lead!)).question;
      const standing = q.resolution;
      const other = standing.outcome === 'yes' ? 'no' : 'yes';
      const label = (o: string) => (o === 'yes' ? 'Yes' : 'No');
      await visit(laptop, `/q/${key}`);
      const form = laptop.getByRole('form', { name: 'Re-resolve' });
      // It starts from the standing resolution.
      expect(await form.getByLabel('Outcome').inputValue()).toBe(standing.outcome);
      expect(await form.getByLabel('Source').inputValue()).toBe(standing.sourceUrl);
      expect(await form.getByLabel('Note: why re-resolve?').inputValue()).toBe('');

      await form.getByRole('button', { name: 'Re-resolve', exact: true }).click();
      expect(await fieldErrors(laptop, 'form[aria-label="Re-resolve"]')).toEqual([
        'Say in the note why you re-resolve.',
      ]);

      await form.getByLabel('Outcome').selectOption(other);
      await form.getByLabel('Note: why re-resolve?').fill('The first figure was revised in the final release.');
      await form.getByRole('button', { name: 'Re-resolve', exact: true }).click();
      const ask = form.locator('.confirm');
      await ask.waitFor();
      expect(await ask.locator('.confirm-title').textContent()).toBe(
        `Re-resolve from ${label(standing.outcome)} to ${label(other)}?`,
      );
      const n = `${q.forecasters} analyst${q.forecasters === 1 ? '' : 's'}`;
      expect(await ask.textContent()).toContain(`Outcome: ${label(standing.outcome)} → ${label(other)}`);
      expect(await ask.textContent()).toContain(`This rescores ${n}, everyone who forecast on it.`);
      await shot(laptop, 're-resolve-confirm', '.resolve-card');
      await ask.getByRole('button', { name: 'Go back' }).click();
      expect(await laptop.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('outcome');
      expect((await ok('GET', `/api/questions/${key}`, env.tokens.lead!)).question.resolutions).toHaveLength(1);

      await form.getByRole('button', { name: 'Re-resolve', exact: true }).click();
      await ask.getByRole('button', { name: 'Re-resolve' }).click();
      await laptop.locator('.banner', { hasText: `Resolved: ${label(other)}` }).waitFor();
      await expect
        .poll(async () => (await announced(laptop)).polite)
        .toBe(`Re-resolved: ${label(standing.outcome)} → ${label(other)}. ${n} rescored.`);
      const after = (await ok('GET', `/api/questions/${key}`, env.tokens.lead!)).question;
      expect(after.resolutions).toHaveLength(2);
      expect(after.resolution).toMatchObject({
        outcome: other,
        sourceUrl: standing.sourceUrl,
        note: 'The first figure was revised in the final release.',
      });
      // The next re-resolution starts from this one, and the same note will not do.
      const again = laptop.getByRole('form', { name: 'Re-resolve' });
      expect(await again.getByLabel('Note: why re-resolve?').inputValue()).toBe(
        'The first figure was revised in the final release.',
      );
      await again.getByRole('button', { name: 'Re-resolve', exact: true }).click();
      expect(await fieldErrors(laptop, 'form[aria-label="Re-resolve"]')).toEqual([
        'Change the note to say why you re-resolve: it still has the standing one.',
      ]);
      expect(problems).toEqual([]);
    });

    it('words every problem of a new question for people, focuses the first and sends nothing', async () => {
      await visit(phone, '/questions');
      const before = (await ok('GET', '/api/questions?limit=500', env.tokens.ana!)).questions.length;
      await phone.getByRole('button', { name: 'New question' }).click();
      const form = phone.getByRole('form', { name: 'New question' });
      await form.getByLabel('Type').selectOption('categorical');
      await form.getByLabel('Options').fill('Only one');
      await form.getByLabel('Tags').fill('Trade_Deal');
      await form.getByLabel('Closes').fill(boxValue(T - DAY, TOKYO));
      await form.getByRole('button', { name: 'Create question' }).click();
      const expected = [
        'Give the question a title.',
        'A tag may only use a–z, 0–9 and dashes, like “us-election”: “trade_deal” has “_”',
        'A multiple-choice question needs at least 2 options, one per line (this has 1)',
        `Closes can't be in the past (earliest: ${quoted(T - 20_000 + MINUTE, TOKYO, T)})`,
      ];
      expect(await fieldErrors(phone, 'form[aria-label="New question"]')).toEqual(expected);
      expect(await phone.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');
      await expect.poll(async () => (await announced(phone)).urgent).toBe(`4 problems: ${expected.join('; ')}`);
      await shot(phone, 'phone-new-question-problems', 'form[aria-label="New question"]');

      // Fixed, but closing before it opens, and with a key that is not one.
      await form.getByLabel('Title').fill('Will the grid operator publish its winter outlook early?');
      await form.getByLabel('Tags').fill('Energy');
      await form.getByLabel('Options').fill('Yes, early\nOn time\nLate');
      const opens = T + 3 * 3_600_000;
      await form.getByLabel('Opens').fill(boxValue(opens, TOKYO));
      await form.getByLabel('Closes').fill(boxValue(T + 2 * 3_600_000, TOKYO));
      await form.getByText('More settings').click();
      await form.getByLabel('Key').fill('Winter Outlook');
      await form.getByRole('button', { name: 'Create question' }).click();
      expect(await fieldErrors(phone, 'form[aria-label="New question"]')).toEqual([
        `Closes can't be at or before the opening (earliest: ${quoted(Math.floor(opens / MINUTE) * MINUTE + MINUTE, TOKYO, T)})`,
        'The key may only use a–z, 0–9 and dashes, like “ceasefire-holds”: “Winter Outlook” has a capital letter',
      ]);
      expect(await phone.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('closesAt');
      expect((await ok('GET', '/api/questions?limit=500', env.tokens.ana!)).questions.length).toBe(before);
      await form.getByRole('button', { name: 'Cancel' }).click();
      expect(problems).toEqual([]);
    });

    it('marks a box of a categorical forecast that holds no percentage, and says which when saving', async () => {
      await visit(phone, '/q/central-bank-rate-december');
      const form = phone.getByRole('form', { name: 'Your forecast' });
      const before = await forecastsOn('central-bank-rate-december');
      await form.getByLabel('Cut, in percent').fill('x');
      expect(await fieldErrors(phone, 'form[aria-label="Your forecast"]')).toEqual([
        '“x” is not a number: enter a probability from 0 to 100.',
      ]);
      expect(await phone.locator('.sum').textContent()).toBe('Total: fix the marked boxes first');
      await form.getByRole('button', { name: 'Update forecast' }).click();
      expect(await phone.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('probabilities.0');
      await expect
        .poll(async () => (await announced(phone)).urgent)
        .toBe('Cut: “x” is not a number: enter a probability from 0 to 100.');
      expect(await forecastsOn('central-bank-rate-december')).toBe(before);
      expect(problems).toEqual([]);
    });

    it('says what is missing on the sign-in page', async () => {
      await nobody.goto(`${env.base}/#/signin`);
      await nobody.getByRole('button', { name: 'Sign in' }).click();
      expect(await fieldErrors(nobody, 'form')).toEqual(['Enter your handle.', 'Enter your password.']);
      expect(await nobody.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('handle');
      await nobody.getByLabel('Handle').fill('admin');
      await nobody.getByLabel('Password').fill(ADMIN_PASSWORD);
      await nobody.getByRole('button', { name: 'Sign in' }).click();
      await nobody.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
      expect(problems).toEqual([]);
    });

    it('checks the admin’s forms, then says what was saved and keeps focus where it was', async () => {
      const admin = nobody; // signed in as the admin by the test before
      await visit(admin, '/admin');
      const create = admin.getByRole('form', { name: 'Create user' });
      await create.getByLabel('Handle').fill('Dee Two');
      await create.getByLabel('Password').fill('short');
      await create.getByRole('button', { name: 'Create user' }).click();
      expect(await fieldErrors(admin, 'form[aria-label="Create user"]')).toEqual([
        'The handle may only use a–z, 0–9 and dashes, like “ana”: “Dee Two” has a capital letter',
        'Enter the name to show.',
        'The password needs at least 8 characters (this one has 5).',
      ]);
      expect(await admin.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('handle');
      await create.getByLabel('Handle').fill('dee-two');
      await create.getByLabel('Display name').fill('Dee Two');
      await create.getByLabel('Password').fill('dee-two-password');
      await create.getByRole('button', { name: 'Create user' }).click();
      await admin
        .locator('form[aria-label="Create user"] .form-status', { hasText: 'Created dee-two (Dee Two).' })
        .waitFor();
      expect(await admin.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('handle');
      await expect.poll(async () => (await announced(admin)).polite).toBe('Created dee-two (Dee Two).');

      await admin.getByLabel('Role of dee-two').selectOption('lead');
      await expect.poll(async () => (await announced(admin)).polite).toBe('dee-two is now a lead.');
      expect(await admin.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Role of dee-two');

      const team = admin.getByRole('form', { name: 'Create team' });
      await team.getByLabel('Key').fill('Europe Desk');
      await team.getByRole('button', { name: 'Create team' }).click();
      expect(await fieldErrors(admin, 'form[aria-label="Create team"]')).toEqual([
        'The key may only use a–z, 0–9 and dashes, like “europe”: “Europe Desk” has a capital letter',
        'Enter the team’s name.',
      ]);
      const members = admin.getByLabel('Members of Europe desk');
      await members.fill('ana, Ben');
      await members.press('Enter');
      expect(await fieldErrors(admin, 'table.teams')).toEqual([
        'A handle may only use a–z, 0–9 and dashes: “Ben” has a capital letter',
      ]);
      await admin.getByLabel('Members of Europe desk').fill('ana, ben');
      await admin.getByLabel('Members of Europe desk').press('Enter');
      await expect.poll(async () => (await announced(admin)).polite).toBe('Saved the members of Europe desk.');
      expect(await admin.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
        'Members of Europe desk',
      );
      expect(problems).toEqual([]);
    });

    it('links leaderboard names to the record and calibration of those the viewer may see', async () => {
      await visit(phone, '/leaderboard');
      const anaRow = phone.locator('table.leaderboard tbody tr', { hasText: '@ana' });
      expect(await anaRow.getByRole('link', { name: 'Ana Ortiz', exact: true }).getAttribute('href')).toBe('#/record');
      expect(await anaRow.getByRole('link', { name: 'Calibration of Ana Ortiz' }).getAttribute('href')).toBe(
        '#/calibration',
      );
      const benRow = phone.locator('table.leaderboard tbody tr', { hasText: '@ben' });
      expect(await benRow.getByRole('link').count()).toBe(0);
      // The relative Brier is on the phone's first screen.
      const rel = await phone.locator('table.leaderboard tbody tr').first().locator('td').nth(3).boundingBox();
      expect(rel!.y + rel!.height).toBeLessThanOrEqual(PHONE.height);
      expect(rel!.x + rel!.width).toBeLessThanOrEqual(PHONE.width);

      await visit(laptop, '/leaderboard');
      const row = laptop.locator('table.leaderboard tbody tr', { hasText: '@ben' });
      await row.getByRole('link', { name: 'Ben Okafor', exact: true }).click();
      await laptop.getByRole('heading', { name: 'Record of Ben Okafor', level: 1 }).waitFor();
      await laptop.getByRole('heading', { name: 'Ben Okafor’s open forecasts' }).waitFor();
      await visit(laptop, '/leaderboard');
      await laptop.getByRole('link', { name: 'Calibration of Ben Okafor' }).click();
      await laptop.getByText('When Ben Okafor says 70%, does it happen 70% of the time?').waitFor();
      await settled(laptop);
      expect(await laptop.locator('main').textContent()).not.toContain('When you say');
      expect(problems).toEqual([]);
    });

    it('lists only analysts who have forecast in the pickers', async () => {
      await visit(laptop, '/calibration');
      const listed = await laptop
        .getByLabel('Analyst')
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      const forecasters = (await ok('GET', '/api/users?hasForecasts=true', env.tokens.lead!)).users.map(
        (u: { handle: string }) => u.handle,
      );
      // lena is shown (it is her page) though she never forecast.
      expect([...listed].sort()).toEqual([...forecasters, 'lena'].sort());
      for (const never of ['admin', 'dee']) expect(listed).not.toContain(never);
      await visit(laptop, '/record?user=ben');
      const recordList = await laptop
        .getByLabel('Analyst')
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect([...recordList].sort()).toEqual([...forecasters].sort());
      expect(problems).toEqual([]);
    });

    it('opens My record with my open forecasts: my number, the crowd’s and when I last updated', async () => {
      await visit(phone, '/record');
      const open = (await ok('GET', '/api/users/ana/open-forecasts', env.tokens.ana!)).forecasts;
      expect(open.length).toBeGreaterThan(2);
      const section = phone.locator('section.open-forecasts');
      expect(await section.locator('h2').textContent()).toBe('My open forecasts');
      const rows = section.locator('tbody tr');
      expect(await rows.count()).toBe(open.length);
      const summitRow = rows.filter({ hasText: 'summit communiqué' });
      const summit = open.find((o: { question: { key: string } }) => o.question.key === SUMMIT);
      expect(await summitRow.locator('td').nth(1).textContent()).toBe('55%');
      expect(await summitRow.locator('td').nth(2).textContent()).toBe(pct(summit.crowd.probability));
      expect(await summitRow.locator('td').nth(3).textContent()).toBe('just now');
      // It is the first thing on the page, above the scores.
      const box = await section.boundingBox();
      const stats = await phone.locator('.stats').boundingBox();
      expect(box!.y).toBeLessThan(stats!.y);
      expect(problems).toEqual([]);
    });

    it('names the year on the date axis of a question that spans years', async () => {
      await visit(phone, `/q/${LONG}`);
      const labels = await phone
        .locator('canvas.forecast-chart')
        .evaluate((el) => (window as any).Chart.getChart(el).scales.x.ticks.map((t: { label: string }) => t.label));
      expect(labels.length).toBeGreaterThan(2);
      for (const l of labels) expect(l).toMatch(/\b\d{4}$/);
      // A question within one calendar year has no year on its axis.
      await visit(phone, `/q/${SUMMIT}`);
      const chart = await phone.locator('canvas.forecast-chart').evaluate((el) => {
        const x = (window as any).Chart.getChart(el).scales.x;
        return { labels: x.ticks.map((t: { label: string }) => t.label), min: x.min, max: x.max };
      });
      const sameYear =
        new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: TOKYO }).format(chart.min) ===
        new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: TOKYO }).format(chart.max);
      for (const l of chart.labels) expect(/\b\d{4}$/.test(l)).toBe(!sameYear);
      expect(problems).toEqual([]);
    });
  });
}
