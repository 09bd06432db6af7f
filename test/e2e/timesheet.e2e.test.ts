import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfBytes, pngBytes } from '../support/expense-factories.ts';
import { apiSignIn } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import { PASSWORD, people, seedWorld, type World } from './timesheet-world.ts';

const seeded = {} as World;
// "Today" comes from the real clock here (the server's, the browser's and this file's), in London: a run
// across London's midnight would disagree with itself. When midnight is near, start after it.
beforeAll(() => afterNearMidnight('Europe/London', 120_000));
const t = browserSuite({ seed: async (core) => void Object.assign(seeded, await seedWorld(core)) });

/** Waits past the next midnight in `timeZone` when it is less than `withinMs` away. */
async function afterNearMidnight(timeZone: string, withinMs: number): Promise<void> {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date())
      .map((p) => [p.type, Number(p.value)]),
  );
  const untilMidnight = 86_400_000 - ((parts['hour']! * 60 + parts['minute']!) * 60 + parts['second']!) * 1000;
  if (untilMidnight < withinMs) await new Promise((r) => setTimeout(r, untilMidnight + 5_000));
}

/** Today where the browser and the customer are (both Europe/London). */
const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const mondayOf = (day: string) => {
  const t0 = Date.parse(`${day}T00:00:00Z`);
  return new Date(t0 - ((new Date(t0).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

async function signIn(page: Page, who: keyof typeof people) {
  await signInThroughForm(page, t.product.url, people[who].email, PASSWORD);
}

describe('the weekly timesheet', () => {
  it('a consultant logs 1h30 with the keyboard: saved, drawn from the retainer, and the estimate left goes down', async () => {
    const page = await t.browser.newPage();
    await signIn(page, 'consultant');
    await page.getByRole('navigation').getByRole('link', { name: 'Timesheet' }).click();
    await page.getByRole('heading', { name: 'Timesheet', level: 1 }).waitFor();
    const left = page.getByTestId(`left-${seeded.engagementId}`);
    await left.getByText('40h 00m left').waitFor();
    await snapshot(page, 'timesheet-empty');

    // Start on Monday's analysis cell and walk to today with the arrow keys.
    const today = londonToday();
    const cell = (engagementId: string, activity: string, day: string) =>
      page.locator(`#ts-${engagementId}-${activity}-${day}`);
    await cell(seeded.engagementId, 'analysis', mondayOf(today)).click();
    const steps = (Date.parse(today) - Date.parse(mondayOf(today))) / 86_400_000;
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe(`ts-${seeded.engagementId}-analysis-${today}`);
    await page.keyboard.type('1h30');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved: 1h 30m drawn from the retainer.' }).waitFor();
    await left.getByText('38h 30m left').waitFor();
    expect(await cell(seeded.engagementId, 'analysis', today).inputValue()).toBe('1h30');
    await page.getByRole('table', { name: 'Effort entries of the week' }).getByText('Consumed').waitFor();

    // The server has exactly that entry.
    const consultant = await apiSignIn(t.product.url, people.consultant.email, PASSWORD);
    const me = await consultant.call<{ user: { id: string } }>('GET', '/auth/me');
    const week = await consultant.call<{
      items: { minutes: number; billingStatus: string; date: string; activity: string }[];
    }>('GET', `/effort?userId=${me.body.user.id}&from=${mondayOf(today)}&to=${today}`);
    expect(week.body.items.map((e) => [e.date, e.activity, e.minutes, e.billingStatus])).toEqual([
      [today, 'analysis', 90, 'consumed'],
    ]);

    // Past the small engagement's estimate + tolerance: recorded, held, and said so on the row.
    await cell(seeded.smallId, 'analysis', today).click();
    await page.keyboard.type('2h');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Recorded but held' }).waitFor();
    await page.getByTestId(`left-${seeded.smallId}`).getByText('1h 00m left').waitFor();
    await page.getByText('2h 00m held', { exact: true }).waitFor();
    await snapshot(page, 'timesheet-saved');

    // Reloading shows what the server recorded.
    await page.reload();
    await left.getByText('38h 30m left').waitFor();
    expect(await cell(seeded.engagementId, 'analysis', today).inputValue()).toBe('1h30');

    // A travel-time row says what the contract's T&E policy makes of it (this contract: not billable).
    await page
      .getByLabel(/^Add a row for another activity on ENG-/)
      .first()
      .selectOption('travel_time');
    const travelRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /Travel time/ }) })
      .first();
    await travelRow.getByText('Not billable', { exact: true }).waitFor();
  });

  it('shows a refusal on the cell and records nothing: a day in the future', async () => {
    const page = await t.browser.newPage();
    await signIn(page, 'consultant');
    await page.goto(`${t.product.url}/timesheet`);
    await page.getByRole('button', { name: 'Next week' }).click();
    const nextMonday = new Date(Date.parse(mondayOf(londonToday())) + 7 * 86_400_000).toISOString().slice(0, 10);
    const cell = page.locator(`#ts-${seeded.engagementId}-analysis-${nextMonday}`);
    await cell.click();
    await page.keyboard.type('90m');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'is in the future' }).waitFor();
    expect(await cell.getAttribute('aria-invalid')).toBe('true');
    expect(await cell.inputValue()).toBe('90m');
    await snapshot(page, 'timesheet-refused');
    const consultant = await apiSignIn(t.product.url, people.consultant.email, PASSWORD);
    const me = await consultant.call<{ user: { id: string } }>('GET', '/auth/me');
    const next = await consultant.call<{ items: unknown[] }>(
      'GET',
      `/effort?userId=${me.body.user.id}&from=${nextMonday}`,
    );
    expect(next.body.items).toEqual([]);
  });
});

describe('expenses with receipts', () => {
  it('a consultant files an expense with a PNG receipt and sees it; an IR manager previews and approves it', async () => {
    const page = await t.browser.newPage();
    await signIn(page, 'consultant');
    await page.goto(`${t.product.url}/engagements/${seeded.engagementId}`);
    const section = page.getByRole('region', { name: 'Travel and expenses' });
    await section.getByRole('button', { name: 'Add expense' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add expense' });
    await dialog.getByLabel('Category').selectOption('lodging');
    await dialog.getByLabel('Amount').fill('612.30');
    await dialog.getByLabel('Currency').selectOption('USD');
    await dialog.getByLabel('Note').fill('Hotel Lakeside Chicago, 3 nights');
    await dialog.getByLabel('Receipt').setInputFiles({ name: 'hotel.png', mimeType: 'image/png', buffer: pngBytes() });
    await dialog.getByRole('img', { name: 'The receipt you chose' }).waitFor();
    await snapshot(page, 'expense-add');
    await dialog.getByRole('button', { name: 'File expense' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = section.getByRole('row').filter({ hasText: '612.30 USD' });
    await row.getByText('Pending').waitFor();
    await section.getByText('612.30 USD', { exact: true }).first().waitFor();

    // A PDF receipt is offered as a download (the server serves receipts as sandboxed attachments).
    await section.getByRole('button', { name: 'Add expense' }).click();
    await dialog.getByLabel('Category').selectOption('airfare');
    await dialog.getByLabel('Amount').fill('482.50');
    await dialog.getByLabel('Currency').selectOption('EUR');
    await dialog
      .getByLabel('Receipt')
      .setInputFiles({ name: 'boarding-pass.pdf', mimeType: 'application/pdf', buffer: await pdfBytes() });
    await dialog.getByRole('button', { name: 'File expense' }).click();
    await dialog.waitFor({ state: 'detached' });
    await section.getByRole('row').filter({ hasText: '482.50 EUR' }).waitFor();

    const manager = await t.browser.newPage();
    await signIn(manager, 'manager');
    await manager.goto(`${t.product.url}/engagements/${seeded.engagementId}`);
    const managed = manager.getByRole('region', { name: 'Travel and expenses' });
    await managed.getByRole('button', { name: 'Preview receipt hotel.png' }).click();
    const preview = manager.getByRole('dialog', { name: 'Receipt: hotel.png' });
    const img = preview.getByRole('img', { name: /Receipt hotel.png/ });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(32);
    await snapshot(manager, 'expense-receipt-preview');
    await manager.keyboard.press('Escape');
    await managed.getByRole('button', { name: 'Preview receipt boarding-pass.pdf' }).click();
    const pdf = manager.getByRole('dialog', { name: 'Receipt: boarding-pass.pdf' });
    await pdf.getByText('PDF receipt', { exact: true }).waitFor();
    const download = pdf.getByRole('link', { name: 'Download receipt' });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/v1\/expenses\/exp_[^/]+\/receipt$/);
    await manager.keyboard.press('Escape');

    await managed.getByRole('button', { name: 'Approve 612.30 USD of Lena Fischer' }).click();
    await managed.getByRole('row').filter({ hasText: '612.30 USD' }).getByText('Approved').waitFor();
    await managed
      .getByRole('group', { name: 'Expense totals per currency' })
      .getByText(/612\.30 USD\s*approved \(1\)/)
      .waitFor();
    await snapshot(manager, 'expense-approved');
  });
});
