import { describe, expect, it } from 'vitest';
import { systemCtx } from '../../src/core/context.ts';
import type { Core } from '../../src/core/core.ts';
import { makeEngagement } from '../support/engagement-factories.ts';
import type { TestEnv } from '../support/harness.ts';
import { apiSignIn } from './support/api.ts';
import { signInThroughForm } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import { dayOffset, PASSWORD, people, seedWorld } from './timesheet-world.ts';

/** A customer behind UTC (American Samoa, UTC−11, no daylight saving): its today is often the browser's yesterday. */
const ZONE = 'Pacific/Pago_Pago';
const seeded = { engagementId: '', number: '' };

/** The timesheet world, plus an engagement of a customer in ZONE with the consultant on its team. */
async function seedBehindUtc(core: Core) {
  const world = await seedWorld(core);
  const ctx = systemCtx('e2e');
  const customerId = await core.db.transaction((trx) =>
    core.services.customers.createCustomerInTx(trx, ctx, { name: 'Samoa Shipping', timeZone: ZONE }),
  );
  const contract = await core.services.contracts.create(ctx, {
    customerId,
    number: 'SS-IMR-E2E',
    termStart: dayOffset(core, -90),
    termEnd: dayOffset(core, 270),
    unit: 'hours',
    initialAmount: 40 * 60,
  });
  const t = { core, db: core.db, clock: core.clock } as unknown as TestEnv;
  const e = await makeEngagement(t, {
    contract,
    estimate: 10 * 60,
    team: [{ userId: world.consultant.actor.type === 'user' ? world.consultant.actor.userId : '', role: 'analyst' }],
  });
  Object.assign(seeded, { engagementId: e.id, number: e.number });
}

const t = browserSuite({ seed: seedBehindUtc });

const todayIn = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
const mondayOf = (day: string) => {
  const t0 = Date.parse(`${day}T00:00:00Z`);
  return new Date(t0 - ((new Date(t0).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};

describe("the timesheet marks each engagement with its customer's today", () => {
  it('a customer behind UTC: its row says its day, and time typed in that highlighted cell is accepted', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.consultant.email, PASSWORD);
    const today = todayIn(ZONE);
    await page.goto(`${t.product.url}/timesheet?week=${mondayOf(today)}`);
    await page.getByRole('heading', { name: 'Timesheet', level: 1 }).waitFor();
    const label = page.getByTestId(`today-${seeded.engagementId}`);
    await label.waitFor();
    expect(await label.textContent()).toContain(`(${ZONE})`);
    // The browser of the suite reads dates in British English ("Sun 6 Dec").
    const dayText = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date(`${today}T00:00:00Z`));
    expect(await label.textContent()).toContain(dayText);

    const cell = page.locator(`#ts-${seeded.engagementId}-analysis-${today}`);
    expect(await cell.getAttribute('aria-label')).toContain("(the customer's today)");
    await cell.click();
    await page.keyboard.type('1h');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'in the future' }).count()).toBe(0);

    const consultant = await apiSignIn(t.product.url, people.consultant.email, PASSWORD);
    const me = await consultant.call<{ user: { id: string } }>('GET', '/auth/me');
    const week = await consultant.call<{ items: { engagementId: string; date: string; minutes: number }[] }>(
      'GET',
      `/effort?userId=${me.body.user.id}&from=${mondayOf(today)}&to=${today}`,
    );
    expect(week.body.items.map((e) => [e.engagementId, e.date, e.minutes])).toEqual([[seeded.engagementId, today, 60]]);
  });
});
