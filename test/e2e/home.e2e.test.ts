/** The home pages on the demo: the portal, the IR manager's and the consultant's dashboards show real open work. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/staff.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const t = browserSuite({ env: { IMR_DEMO: '1' } });

/** Nothing a person reads shows an internal id or an ISO instant. */
async function expectReadable(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\b[a-z]{2,4}_[0-9a-z]{20,}\b/);
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
}

/** The card (a labelled section) and its rows' links. */
const card = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

describe('home pages with the demo data', () => {
  it("the portal home lists Northwind's open requests, engagements in progress and approvals waiting", async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, 'dana.whitfield@northwind.example', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/portal');
    const requests = card(page, 'Open requests');
    await requests
      .getByRole('link', { name: /ransomware/i })
      .first()
      .waitFor();
    expect(await requests.getByText('No open requests').count()).toBe(0);
    const engagements = card(page, 'Engagements in progress');
    await engagements
      .getByRole('link', { name: /^ENG-\d{4}-\d{4} · / })
      .first()
      .waitFor();
    await engagements
      .getByText(/of .* estimated \(\d+ %\)/)
      .first()
      .waitFor();
    await card(page, 'Waiting for your approval')
      .getByRole('link', { name: /^(Work|Change) order (EWO|CO)-/ })
      .first()
      .waitFor();
    await expectReadable(page);
    await snapshot(page, 'home-portal');
  });

  it("the IR manager's dashboard shows the triage queue, targets at risk, approvals waiting and unbooked engagements", async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, 'maria.keller@irfirm.example', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const triage = card(page, 'Triage queue');
    const first = triage.getByRole('link').filter({ hasNotText: 'Board' }).first();
    await first.waitFor();
    expect(await first.innerText()).toMatch(/^REQ-\d{4}-\d{4} · P1 /);
    // Each item names its owner (or that it has none) and whom to call, as the requests board does.
    const items = triage.locator('[data-request]');
    for (let i = 0; i < (await items.count()); i++)
      expect(await items.nth(i).innerText()).toMatch(/Owner: \S|No owner yet/);
    await triage
      .getByText(/Requester: [^,]+, \+[\d ]+/)
      .first()
      .waitFor();
    await card(page, 'SLA targets at risk').getByRole('link').filter({ hasNotText: 'SLA report' }).first().waitFor();
    await card(page, 'Waiting for the customer')
      .getByRole('link', { name: /order (EWO|CO)-/ })
      .first()
      .waitFor();
    // Depends on today's bookings: an engagement or the empty state, both from the API.
    await card(page, 'Engagements without a booking')
      .getByText(/^ENG-|Every engagement is staffed/)
      .first()
      .waitFor();
    await page.getByLabel('On call now').waitFor();
    await expectReadable(page);
    await snapshot(page, 'home-manager');
  });

  it("the consultant's dashboard shows her engagements, her week and the days without time", async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, 'lena.fischer@irfirm.example', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const mine = card(page, 'My engagements');
    await mine
      .getByRole('link', { name: /^ENG-\d{4}-\d{4} · / })
      .first()
      .waitFor();
    expect(await mine.getByText('No engagement yet').count()).toBe(0);
    // Her week and her time are read from the API too: either items or the empty state that says what to do.
    await card(page, 'My week')
      .getByText(/ENG-|No booking in the next seven days/)
      .first()
      .waitFor();
    await card(page, 'Days without time logged')
      .getByText(/working days? of the last two weeks|Your time is up to date/)
      .first()
      .waitFor();
    await expectReadable(page);
    await snapshot(page, 'home-consultant');
  });
});
