import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/staff.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

/** The product with its demo data (prices, last month's invoiceable lines), as `npm start -- --demo` runs it. */
const t = browserSuite({ env: { IMR_DEMO: 'true' } });

/** Last month where the month ends first (what the page offers and the demo leaves lines for). */
const lastMonthLabel = (): string => {
  const now = new Date(Date.now() + 14 * 3_600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
};

/** Clicks a download link; returns the file's first bytes and, fetched again with the session, its type. */
async function download(page: Page, name: 'CSV' | 'PDF'): Promise<{ head: string; type: string }> {
  const row = page.getByRole('table', { name: 'Billing runs' }).getByRole('row').nth(1);
  const link = row.getByRole('link', { name });
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const head = fs
    .readFileSync((await file.path())!)
    .subarray(0, 16)
    .toString();
  const again = await page.request.get(new URL((await link.getAttribute('href'))!, page.url()).toString());
  return { head, type: again.headers()['content-type'] ?? '' };
}

describe('the Billing page', () => {
  it('an account manager runs last month, sees totals by currency, downloads CSV and PDF; a second run has nothing new', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, 'tom.becker@irfirm.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Billing' }).first().click();
    await page.waitForURL((u) => u.pathname === '/billing');
    await page.getByRole('heading', { name: 'Billing', level: 1 }).waitFor();
    await page.getByText('No billing run yet').waitFor();

    await page.getByRole('button', { name: 'Run billing' }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'new line(s)' });
    await outcome.waitFor();
    const month = lastMonthLabel();
    expect(await outcome.textContent()).toContain(month);
    // The demo's last month has T&E at cost in USD (hotels) and priced top-ups: the totals are per currency.
    expect(await outcome.textContent()).toMatch(/\d[\d,]*\.\d{2} USD/);

    const runs = page.getByRole('table', { name: 'Billing runs' });
    const row = runs.getByRole('row').nth(1);
    await row.getByText(month).waitFor();
    const totals = (await row.textContent()) ?? '';
    expect(totals).toMatch(/\d[\d,]*\.\d{2} USD/);
    expect(totals).not.toMatch(/bil_|eng_/);
    // The run's lines open under the table, with their engagement numbers.
    await page
      .getByRole('heading', { name: new RegExp(month) })
      .first()
      .waitFor();
    await snapshot(page, 'billing-run');

    const csv = await download(page, 'CSV');
    expect(csv.head.startsWith('line,lineId,')).toBe(true);
    expect(csv.type).toContain('text/csv');
    const pdf = await download(page, 'PDF');
    expect(pdf.head.startsWith('%PDF-')).toBe(true);
    expect(pdf.type).toBe('application/pdf');

    await page.getByRole('button', { name: 'Run billing' }).click();
    await page.getByRole('status').filter({ hasText: 'nothing new to invoice' }).waitFor();
    expect(await runs.getByRole('row').count()).toBe(3); // header and two runs
    const second = runs.getByRole('row').nth(1);
    await second.getByText(month).waitFor();
    expect(await second.getByRole('cell').nth(2).textContent()).toBe('0');
  });
});
