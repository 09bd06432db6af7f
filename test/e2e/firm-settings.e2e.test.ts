/**
 * The firm's defaults on the firm settings page (issue 16): an admin picks the default currency and time zone
 * from searchable lists; a refused save says what to do and changes nothing; once saved, a new expense on a
 * contract without commercial terms starts in the currency, and a consultant without a zone of his own reads
 * his booking's times in the firm's zone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { waitForMail } from './support/api.ts';
import { browserSuite } from './support/suite.ts';
import { PASSWORD, people, seedWorld, type World } from './timesheet-world.ts';

const seeded = {} as World;
const t = browserSuite({ seed: async (core) => void Object.assign(seeded, await seedWorld(core)) });

interface Settings {
  defaultCurrency: string;
  profile: { timeZone: string };
}

/** Types into a searchable select and picks the option whose label starts with `option`. */
async function pick(page: Page, field: ReturnType<Page['getByRole']>, typed: string, option: RegExp) {
  await field.click();
  await field.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

describe('the firm’s default currency and time zone', () => {
  it('an admin changes both; new expenses start in the currency and staff emails use the zone', async () => {
    const before = (await t.admin.call<Settings>('GET', '/settings')).body;
    expect(before.defaultCurrency).not.toBe('CHF');
    expect(before.profile.timeZone).not.toBe('Asia/Tokyo');

    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/settings/firm`);
    const form = page.getByRole('form', { name: 'Currency and time zone' });
    const currency = form.getByRole('combobox', { name: /^Default currency/ });
    const zone = form.getByRole('combobox', { name: /^Default time zone/ });
    expect(await currency.inputValue()).toMatch(new RegExp(`^${before.defaultCurrency}`));
    await pick(page, currency, 'Swiss', /^CHF · Swiss franc/i);
    await pick(page, zone, 'Tokyo', /^Asia\/Tokyo$/);
    expect(await currency.inputValue()).toMatch(/^CHF/);

    // No reason: refused with a plain-English message under the field, nothing changed.
    await form.getByRole('button', { name: 'Save defaults' }).click();
    const error = form.locator('.mantine-InputWrapper-error').first();
    await error.waitFor();
    const message = await error.innerText();
    expect(message).not.toMatch(/expected|Too small|too_small|invalid_type/i);
    expect((await t.admin.call<Settings>('GET', '/settings')).body).toMatchObject({
      defaultCurrency: before.defaultCurrency,
      profile: { timeZone: before.profile.timeZone },
    });

    await form.getByLabel(/^Reason for the change/).fill('We invoice our Swiss and Japanese customers from Tokyo');
    await form.getByRole('button', { name: 'Save defaults' }).click();
    await page.getByText('Defaults saved').waitFor();
    expect((await t.admin.call<Settings>('GET', '/settings')).body).toMatchObject({
      defaultCurrency: 'CHF',
      profile: { timeZone: 'Asia/Tokyo' },
    });
    await snapshot(page, 'firm-defaults');

    // The contract has no commercial terms: a new expense starts in the firm's currency.
    const manager = await t.browser.newPage();
    await signInThroughForm(manager, t.product.url, people.manager.email, PASSWORD);
    await manager.goto(`${t.product.url}/engagements/${seeded.engagementId}`);
    const section = manager.getByRole('region', { name: 'Travel and expenses' });
    await section.getByRole('button', { name: 'Add expense' }).click();
    const dialog = manager.getByRole('dialog', { name: 'Add expense' });
    expect(await dialog.getByLabel('Currency').inputValue()).toBe('CHF');

    // The consultant has no time zone of his own: his booking's email names the firm's zone.
    const consultantId = seeded.consultant.actor.type === 'user' ? seeded.consultant.actor.userId : '';
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const booked = await t.admin.call('POST', `/engagements/${seeded.engagementId}/bookings`, {
      consultantId,
      start: `${day}T00:00:00Z`,
      end: `${day}T08:00:00Z`,
      mode: 'remote',
    });
    expect(booked.status).toBe(201);
    const mail = await waitForMail(t.admin, people.consultant.email, new RegExp(seeded.number));
    expect(mail.text).toContain('09:00');
    expect(mail.text).toContain('(Asia/Tokyo)');
    expect(mail.text).not.toContain('(UTC)');
  });
});
