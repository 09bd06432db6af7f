import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemCtx } from '../../src/core/context.ts';
import type { Core } from '../../src/core/core.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import { PASSWORD, people, seedWorld } from './timesheet-world.ts';

/** Last month (UTC), which has ended in the world's customer zone. */
const lastMonth = (now: Date): string =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

/** The journey world (retainer NW-IMR-E2E from 90 days ago), and last month's statements issued by a run. */
async function seed(core: Core): Promise<void> {
  await seedWorld(core, { approvedDaysAgo: 6 });
  const r = await core.services.statements.run(systemCtx('e2e'), lastMonth(core.clock.now()));
  if (r.issued.length === 0) throw new Error(`no statement issued: ${JSON.stringify(r.skipped)}`);
}

const t = browserSuite({ seed });

describe('the customer portal: statements', () => {
  it('an approver opens last month’s statement, sees its figures and downloads its PDF', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.approver.email, PASSWORD);
    await page.waitForURL((u) => u.pathname === '/portal');
    await page.getByRole('link', { name: 'All statements' }).click();
    await page.waitForURL((u) => u.pathname === '/portal/statements');
    const month = new Date(`${lastMonth(new Date())}-01T00:00:00Z`).toLocaleString('en-US', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    await page.getByRole('button', { name: month }).click();
    await page.getByRole('heading', { name: new RegExp(`Statement STM-.*NW-IMR-E2E: ${month}`) }).waitFor();
    await page.getByText('Closing balance').first().waitFor();
    await snapshot(page, 'portal-statement');
    const row = page.getByRole('row').filter({ hasText: month });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^STM-\d{4}-\d{2}-NW-IMR-E2E\.pdf$/);
    expect(
      fs
        .readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('an approver opens this month so far: marked as not a statement, with no statement number and no PDF', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.approver.email, PASSWORD);
    await page.goto(`${t.product.url}/portal/statements`);
    const card = page.getByRole('region', { name: 'This month so far' });
    await card.getByText('Not a statement').waitFor();
    await card.getByRole('button', { name: 'Show this month so far for NW-IMR-E2E' }).click();
    const month = new Date().toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'Europe/London' });
    await card.getByRole('heading', { name: new RegExp(`^${month} to \\d{1,2} ${month.split(' ')[0]}`) }).waitFor();
    await card.getByText('Balance now').waitFor();
    await snapshot(page, 'portal-statement-preview');
    expect(await card.getByText(/STM-/).count()).toBe(0);
    expect(await card.getByRole('link', { name: /PDF/ }).count()).toBe(0);
  });
});

describe('the staff contract page: statements', () => {
  it('the manager opens the Statements tab: last month with its delivery, and this month so far', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    const contracts = await t.admin.call<{ items: { id: string; number: string }[] }>('GET', '/contracts');
    const contract = contracts.body.items.find((c) => c.number === 'NW-IMR-E2E')!;
    await page.goto(`${t.product.url}/contracts/${contract.id}`);
    await page.getByRole('tab', { name: 'Statements' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'statements');
    const month = new Date(`${lastMonth(new Date())}-01T00:00:00Z`).toLocaleString('en-US', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    await page.getByRole('row').filter({ hasText: month }).getByRole('button', { name: 'Re-send' }).waitFor();
    const card = page.getByRole('region', { name: 'This month so far' });
    await card.getByRole('button', { name: /^Show this month so far/ }).click();
    await card.getByText('Balance now').waitFor();
    await card.getByText('Not a statement').waitFor();
    await snapshot(page, 'staff-contract-statements');
  });
});
