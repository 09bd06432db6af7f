import { beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../src/core/context.ts';
import { dayLabel } from '../../src/shared/dates.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { apiSignIn, type ApiSession } from './support/api.ts';
import { browserSuite } from './support/suite.ts';
import { dayOffset, PASSWORD, people, seedWorld, type World } from './timesheet-world.ts';

// Issue 15, what the API had and the web lacked: on-site check-in, suggestions on an emergency request before
// any EWO, the personal calendar link, and the delivery location changed at the point of delivery.
let world: World;
let consultantId = '';
const t = browserSuite({
  seed: async (core) => {
    world = await seedWorld(core);
    const { db, clock, services } = core;
    const at = clock.now();
    consultantId = world.consultant.actor.type === 'user' ? world.consultant.actor.userId : '';
    await db.kysely
      .insertInto('consultant_profiles')
      .values({
        user_id: consultantId,
        languages: JSON.stringify(['en']),
        home_city: 'London',
        home_country: 'GB',
        home_latitude: 51.5,
        home_longitude: -0.12,
        time_zone: 'Europe/London',
        working_hours: JSON.stringify({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }),
        on_call_eligible: true,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.kysely
      .insertInto('consultant_skills')
      .values(
        ['memory_forensics', 'containment', 'incident_handling', 'windows_forensics'].map((skill_id) => ({
          user_id: consultantId,
          skill_id,
          level: 4,
        })),
      )
      .execute();
    const customerId = (
      await db.kysely
        .selectFrom('engagements')
        .select('customer_id')
        .where('id', '=', world.engagementId)
        .executeTakeFirstOrThrow()
    ).customer_id;
    const site = await db.transaction((trx) =>
      services.customers.addSiteInTx(trx, systemCtx('e2e'), customerId, {
        name: 'Docklands data centre',
        address: '1 Dock Road, London',
        latitude: 51.5,
        longitude: 0,
      }),
    );
    const siteId = typeof site === 'string' ? site : (site as { id: string }).id;
    await db.kysely
      .updateTable('engagements')
      .set({
        window_start: dayOffset(core, -1),
        window_end: dayOffset(core, 60),
        site_ids: JSON.stringify([siteId]),
        delivery_mode: 'onsite',
      })
      .where('id', '=', world.engagementId)
      .execute();
  },
});

let manager: ApiSession;
beforeAll(async () => {
  manager = await apiSignIn(t.product.url, people.manager.email, PASSWORD);
});

/** A new emergency request by the hotline (the customer's contact as requester). */
async function newEmergencyRequest(severity: string): Promise<string> {
  const contracts = await manager.call<{ items: { id: string; customerId: string }[] }>('GET', '/contracts');
  const contract = contracts.body.items[0]!;
  const contacts = await manager.call<{ items: { id: string }[] }>('GET', `/customers/${contract.customerId}/contacts`);
  const created = await manager.call<{ id: string }>('POST', '/requests', {
    kind: 'emergency',
    contractId: contract.id,
    incidentType: 'ransomware',
    severity,
    description: 'File servers encrypted; ransom note on every share.',
    channel: 'hotline',
    requesterContactId: contacts.body.items[0]!.id,
    onsiteRequired: false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

describe('staffing actions in the web', () => {
  // First: Lena is free now (the check-in below books her on site).
  it('a new P1 ransomware request shows who is on call and the ranked suggestions with their reasons', async () => {
    const rota = await manager.call<{ id: string }>('POST', '/oncall/rotas', { name: 'Europe' });
    expect(rota.status).toBe(201);
    const shift = await manager.call('POST', `/oncall/rotas/${rota.body.id}/shifts`, {
      userId: consultantId,
      start: new Date(Date.now() - 3600_000).toISOString(),
      end: new Date(Date.now() + 12 * 3600_000).toISOString(),
    });
    expect(shift.status, JSON.stringify(shift.body)).toBe(201);
    const requestId = await newEmergencyRequest('P1');
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.goto(`${t.product.url}/requests/${requestId}`);
    const card = page.getByRole('region', { name: 'Who can respond' });
    await card.waitFor();
    await card.getByText(/On call: Lena Fischer \(Europe\) until/).waitFor();
    await card.getByRole('button', { name: /1\. Lena Fischer/ }).click();
    await card.getByText('Skills').first().waitFor();
    const text = await card.textContent();
    expect(text).toMatch(/\d+\/100/);
    expect(text).toContain('Availability');
    await snapshot(page, 'request-suggestions');
    await page.close();
  });

  it('the consultant checks in on site from the engagement page', async () => {
    const start = new Date(Date.now() - 3600_000).toISOString();
    const end = new Date(Date.now() + 6 * 3600_000).toISOString();
    const b = await manager.call<{ id: string }>('POST', `/engagements/${world.engagementId}/bookings`, {
      consultantId,
      start,
      end,
      mode: 'onsite',
      status: 'confirmed',
    });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.consultant.email, PASSWORD);
    await page.goto(`${t.product.url}/engagements/${world.engagementId}`);
    const card = page.getByRole('region', { name: 'Bookings' });
    await card.waitFor();
    await card.getByRole('button', { name: `Check in ${people.consultant.name} at Docklands data centre` }).click();
    await card.getByText(/Checked in .* by Lena Fischer/).waitFor();
    await snapshot(page, 'engagement-checked-in');
    const after = await manager.call<{ items: { id: string; checkedInAt: string | null }[] }>(
      'GET',
      `/bookings?engagement=${world.engagementId}`,
    );
    expect(after.body.items.find((x) => x.id === b.body.id)?.checkedInAt).not.toBeNull();
    await page.close();
  });

  it('the consultant gets his calendar link, with the warning that it replaces the previous one', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.consultant.email, PASSWORD);
    await page.goto(`${t.product.url}/staff/${consultantId}`);
    const card = page.getByRole('region', { name: 'Calendar link' });
    await card.getByRole('button', { name: 'Get calendar link' }).click();
    await card.getByText('The previous link stops working').waitFor();
    await card.getByRole('button', { name: 'Make a new link' }).click();
    const url = await card.getByLabel('Calendar link').inputValue();
    expect(url).toMatch(/\/api\/v1\/calendar-feeds\/.+\.ics$/);
    const feed = await fetch(new URL(new URL(url).pathname, t.product.url));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    await page.close();
  });

  it('an IR manager changes where the engagement is delivered, with a reason', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.goto(`${t.product.url}/engagements/${world.engagementId}`);
    await page.getByRole('button', { name: 'Change location' }).click();
    const dialog = page.getByRole('dialog', { name: `Where ${world.number} is delivered` });
    await dialog.getByRole('radio', { name: 'Remote', exact: true }).check();
    await dialog.getByRole('button', { name: 'Change location' }).click();
    await dialog.getByText('Say why the location changes').waitFor();
    const still = await manager.call<{ deliveryMode: string }>('GET', `/engagements/${world.engagementId}`);
    expect(still.body.deliveryMode).toBe('onsite');
    await dialog.getByLabel('Reason').fill('The data centre is closed after the flood');
    await dialog.getByRole('button', { name: 'Change location' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await manager.call<{ deliveryMode: string; siteIds: string[] }>(
      'GET',
      `/engagements/${world.engagementId}`,
    );
    expect(after.body).toMatchObject({ deliveryMode: 'remote', siteIds: [] });
    await page.close();
  });

  it('a change order carries new planned dates from the editor to the customer’s approval page, in words', async () => {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    // A change order needs a real EWO behind its engagement: the hotline call's EWO, sent and approved.
    const requestId = await newEmergencyRequest('P2');
    const wo = await manager.call<{ id: string }>('POST', `/requests/${requestId}/work-orders`, {});
    expect(wo.status, JSON.stringify(wo.body)).toBe(201);
    const sentWo = await manager.call<{ contentHash: string }>('POST', `/work-orders/${wo.body.id}/send`);
    const approver = await apiSignIn(t.product.url, people.approver.email, PASSWORD);
    const approved = await approver.call<{ engagementId: string }>('POST', `/work-orders/${wo.body.id}/approve`, {
      contentHash: sentWo.body.contentHash,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const engagementId = approved.body.engagementId;
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.goto(`${t.product.url}/engagements/${engagementId}`);
    await page.getByRole('button', { name: 'New change order' }).click();
    const dialog = page.getByRole('dialog', { name: 'New change order' });
    await dialog.getByLabel('Reason').fill('Two more file servers to image');
    await dialog.getByLabel('Change line 1: role').fill('forensic lead');
    await dialog.getByLabel('Change line 1: effort').fill('+6h');
    await dialog.getByLabel('New first planned day').fill(day(20));
    await dialog.getByLabel('New last planned day').fill(day(10));
    await dialog.getByRole('button', { name: 'Save draft' }).click();
    await dialog.getByText('the last planned day must not be before the first').waitFor();
    await dialog.getByLabel('New last planned day').fill(day(40));
    await dialog.getByRole('button', { name: 'Save draft' }).click();
    const saved = async () =>
      (await manager.call<{ items: unknown[] }>('GET', `/change-orders?engagementId=${engagementId}`)).body.items
        .length;
    await expect.poll(saved, { timeout: 10_000 }).toBe(1);
    const list = await manager.call<{ items: { id: string; plannedStart: string; plannedEnd: string }[] }>(
      'GET',
      `/change-orders?engagementId=${engagementId}`,
    );
    expect(list.body.items).toHaveLength(1);
    const co = list.body.items[0]!;
    expect(co).toMatchObject({ plannedStart: day(20), plannedEnd: day(40) });
    expect((await manager.call('POST', `/change-orders/${co.id}/send`)).status).toBe(200);
    await page.close();

    const portal = await t.browser.newPage();
    await signInThroughForm(portal, t.product.url, people.approver.email, PASSWORD);
    await portal.goto(`${t.product.url}/portal/approvals/change_order/${co.id}`);
    await portal.getByText(`${dayLabel(day(20))} to ${dayLabel(day(40))}`).waitFor();
    expect(await portal.getByText('New planned dates').count()).toBeGreaterThan(0);
    await snapshot(portal, 'change-order-approval-planned-dates');
    await portal.close();
  });
});
