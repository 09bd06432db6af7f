import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, type ApiSession } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

// Journey 1, steps 5–7, in the staff app: the engagement that Northwind's approval created is started, effort
// is logged against the retainer, and it is closed with its preview; consultants see only their teams'.
const t = browserSuite();

const PASSWORD = 'Northwind-Engagement-2026';
const ZONE = 'America/Chicago';
const people = {
  manager: { name: 'Maria Keller', email: 'maria.keller@irfirm.example', role: 'ir_manager' },
  lena: { name: 'Lena Fischer', email: 'lena.fischer@irfirm.example', role: 'consultant' },
  sean: { name: 'Seán Murphy', email: 'sean.murphy@irfirm.example', role: 'consultant' },
};

interface Created {
  id: string;
}
interface Quantity {
  amount: number;
  display: string;
}
interface Engagement {
  id: string;
  number: string;
  status: string;
  consumed: Quantity;
  reserved: Quantity;
  closing: { released: Quantity; trueUp: Quantity } | null;
}
interface Preview {
  trueUp: Quantity;
  release: Quantity;
  availableAfter: Quantity;
  allowed: boolean;
}

const world = { engagementId: '', number: '', userIds: {} as Record<keyof typeof people, string> };

async function ok<T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await p;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function signIn(who: keyof typeof people): Promise<Page> {
  const page = await t.browser.newPage();
  await signInThroughForm(page, t.product.url, people[who].email, PASSWORD);
  return page;
}

beforeAll(async () => {
  // Northwind Freight (Chicago): a 120-hour retainer, the CISO as approving contact with a portal login, the firm's staff.
  const customerId = (
    await ok(t.admin.call<Created>('POST', '/customers', { name: 'Northwind Freight', timeZone: ZONE }), 201)
  ).id;
  const ciso = (
    await ok(
      t.admin.call<Created>('POST', `/customers/${customerId}/contacts`, {
        name: 'Dana Whitfield',
        email: 'dana.whitfield@northwind.example',
        canApprove: true,
        canRequest: true,
      }),
      201,
    )
  ).id;
  await ok(t.admin.call('POST', `/customers/${customerId}/contacts/${ciso}/invite`, { password: PASSWORD }), 201);
  const today = DateTime.now().setZone(ZONE);
  const contractId = (
    await ok(
      t.admin.call<Created>('POST', '/contracts', {
        customerId,
        number: 'NW-IMR-2026',
        unit: 'hours',
        initialAmount: 120 * 60,
        termStart: today.minus({ days: 30 }).toISODate(),
        termEnd: today.plus({ days: 335 }).toISODate(),
      }),
      201,
    )
  ).id;
  for (const [key, p] of Object.entries(people) as [keyof typeof people, (typeof people)[keyof typeof people]][]) {
    world.userIds[key] = (await ok(t.admin.call<Created>('POST', '/users', { ...p, password: PASSWORD }), 201)).id;
  }

  // The hotline call, the emergency EWO (40 h from the template), sent and approved by the CISO in the portal.
  const manager = await apiSignIn(t.product.url, people.manager.email, PASSWORD);
  const requestId = (
    await ok(
      manager.call<Created>('POST', '/requests', {
        kind: 'emergency',
        contractId,
        incidentType: 'ransomware',
        severity: 'P1',
        description: 'File servers encrypted; ransom note on every share.',
        channel: 'hotline',
        requesterContactId: ciso,
        onsiteRequired: false,
      }),
      201,
    )
  ).id;
  const workOrderId = (await ok(manager.call<Created>('POST', `/requests/${requestId}/work-orders`, {}), 201)).id;
  const sent = await ok(manager.call<{ contentHash: string }>('POST', `/work-orders/${workOrderId}/send`));
  const approver: ApiSession = await apiSignIn(t.product.url, 'dana.whitfield@northwind.example', PASSWORD);
  const approved = await ok(
    approver.call<{ engagementId: string }>('POST', `/work-orders/${workOrderId}/approve`, {
      contentHash: sent.contentHash,
    }),
  );
  world.engagementId = approved.engagementId;
  const e = await ok(manager.call<Engagement & { team: unknown[] }>('GET', `/engagements/${world.engagementId}`));
  world.number = e.number;
  // Lena is staffed on it; Seán is not.
  await ok(
    manager.call('POST', `/engagements/${world.engagementId}/team`, {
      userId: world.userIds.lena,
      role: 'forensic lead',
    }),
  );
});

const engagement = async (): Promise<Engagement> =>
  ok(t.admin.call<Engagement>('GET', `/engagements/${world.engagementId}`));

describe('engagements in the staff app', () => {
  it('an IR manager starts the engagement, logs 2 h of analysis (figures and chart follow), previews the close and closes it', async () => {
    const page = await signIn('manager');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Engagements' }).click();
    const row = page.locator(`tr[data-engagement="${world.engagementId}"]`);
    await row.getByText('Scheduled').waitFor();
    expect(await row.textContent()).toContain('0h 00m of 40h 00m');
    await row.getByText('Lena Fischer').waitFor();
    await snapshot(page, 'engagements-list');
    await row.getByRole('link', { name: world.number }).click();
    await page.waitForURL((u) => u.pathname === `/engagements/${world.engagementId}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${world.number}: `) }).waitFor();

    // Which rate card applies, in words (issue 17).
    const card = page.getByRole('region', { name: 'Rate card' });
    await card.getByText(/^Time is rounded up to \d+ minutes per entry\.$/).waitFor();
    expect(await card.textContent()).toMatch(/Travel time is (not )?drawn from the retainer\./);

    // Start: scheduled → in progress; the quick form appears.
    await page.getByRole('button', { name: 'Start work' }).click();
    const start = page.getByRole('dialog');
    await start.getByLabel('Note (optional)').fill('Kick-off call with the CISO at 04:40.');
    await start.getByRole('button', { name: 'Start work' }).click();
    await start.waitFor({ state: 'detached' });
    await page.getByText('In progress', { exact: true }).first().waitFor();
    expect((await engagement()).status).toBe('in_progress');

    // Log 2 h of analysis for myself, today in Chicago.
    const form = page.getByRole('form', { name: 'Log effort' });
    expect(await form.getByLabel(/^Day/).inputValue()).toBe(DateTime.now().setZone(ZONE).toISODate());
    expect(await form.getByLabel('Activity', { exact: true }).inputValue()).toBe('Analysis');
    await form.getByLabel(/^Time worked/).fill('2h');
    await form.getByRole('textbox', { name: 'Note' }).fill('EDR triage of the encrypted file servers');
    await form.getByRole('button', { name: 'Log effort' }).click();
    const logged = form.getByRole('status').filter({ hasText: 'Effort logged' });
    await logged.waitFor();
    expect(await logged.textContent()).toContain('drew 2h 00m from the retainer');
    const figures = page.getByRole('region', { name: 'Figures' });
    await figures.locator('[data-figure="Consumed"]').getByText('2h 00m', { exact: true }).waitFor();
    await figures.locator('[data-figure="Reserved"]').getByText('38h 00m', { exact: true }).waitFor();
    const chart = page.getByRole('region', { name: 'Burn vs estimate' });
    await chart.getByText('2h 00m of 40h 00m').waitFor();
    await chart.locator('.recharts-line-dots circle').first().waitFor();
    const entries = page.getByRole('table', { name: 'Effort entries' });
    await entries.getByText('EDR triage of the encrypted file servers').waitFor();
    await entries.getByText('Consumed', { exact: true }).waitFor();
    const after = await engagement();
    expect([after.consumed.display, after.reserved.display]).toEqual(['2h 00m', '38h 00m']);
    await snapshot(page, 'engagement-effort-logged');

    // The close dialog shows what the server's preview says, in order, then closing posts it.
    const preview = await ok(t.admin.call<Preview>('GET', `/engagements/${world.engagementId}/close-preview`));
    expect(preview.allowed).toBe(true);
    await page.getByRole('button', { name: 'Close…' }).click();
    const dialog = page.getByRole('dialog', { name: `Close ${world.number}` });
    await dialog.getByText('Final figures').waitFor();
    const steps = await dialog
      .locator('[data-step]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-step')));
    expect(steps).toEqual(['Minimum true-up', 'Held effort written off', 'Reservation released']);
    expect(await dialog.locator('[data-step="Minimum true-up"]').textContent()).toContain(preview.trueUp.display);
    expect(await dialog.locator('[data-step="Reservation released"]').textContent()).toContain(preview.release.display);
    expect(await dialog.getByText(/^Available on the contract/).textContent()).toContain(
      `${preview.availableAfter.display} after`,
    );
    await snapshot(page, 'engagement-close-preview');
    await dialog.getByRole('button', { name: `Close ${world.number}` }).click();
    await dialog.waitFor({ state: 'detached' });
    const summary = page.getByRole('status').filter({ hasText: 'It takes no more effort' });
    await summary.waitFor();
    expect(await summary.locator('[data-figure="released"]').textContent()).toContain(preview.release.display);
    await page.getByText('This engagement is closed: it takes no more effort.').waitFor();
    expect(await page.getByRole('form', { name: 'Log effort' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Close…' }).count()).toBe(0);
    const closed = await engagement();
    expect([
      closed.status,
      closed.closing?.released.display,
      closed.closing?.trueUp.display,
      closed.reserved.amount,
    ]).toEqual(['closed', preview.release.display, preview.trueUp.display, 0]);
    await snapshot(page, 'engagement-closed');
  });

  it('a consultant sees only the engagements whose team they are on; another one\'s page is "not found"', async () => {
    const sean = await signIn('sean');
    await sean.goto(`${t.product.url}/engagements?view=all`);
    await sean.getByText('No engagements match these filters').waitFor();
    expect(await sean.locator(`tr[data-engagement="${world.engagementId}"]`).count()).toBe(0);
    await sean.goto(`${t.product.url}/engagements/${world.engagementId}`);
    await sean.getByRole('heading', { name: /not found/i }).waitFor();
    await snapshot(sean, 'engagement-consultant-not-on-team');

    const lena = await signIn('lena');
    await lena.goto(`${t.product.url}/engagements?view=all`);
    await lena.locator(`tr[data-engagement="${world.engagementId}"]`).getByRole('link', { name: world.number }).click();
    await lena.getByRole('heading', { level: 1, name: new RegExp(`^${world.number}: `) }).waitFor();
    await lena
      .getByRole('table', { name: 'Effort entries' })
      .getByText('EDR triage of the encrypted file servers')
      .waitFor();
    expect(await lena.getByRole('button', { name: 'Start work' }).count()).toBe(0);
  });
});
