import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, waitForMail, type ApiSession } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

// Journeys 1 and 2 of the product through the web UI: a customer asks for help in the portal (proactive
// with the earliest allowed start, emergency with its response targets), an IR manager works the board.
const t = browserSuite();

const PASSWORD = 'Northwind-Requests-2026';
const ZONE = 'America/Chicago';
const people = {
  ciso: { name: 'Dana Whitfield', email: 'dana.whitfield@northwind.example', canApprove: true },
  requester: { name: 'Marcus Reyes', email: 'marcus.reyes@northwind.example', canRequest: true },
  itDirector: { name: 'Ravi Patel', email: 'ravi.patel@northwind.example' },
  viewer: { name: 'Viv Okoro', email: 'viv.okoro@northwind.example' },
  manager: { name: 'Maria Keller', email: 'maria.keller@irfirm.example' },
};

interface Created {
  id: string;
}
interface Request {
  id: string;
  kind: string;
  status: string;
  desiredStart: string | null;
  earliestStart: string | null;
  flags: string[];
  slaTargets: { kind: string; status: string; targetMinutes: number; dueAt: string; metAt: string | null }[];
}

let customerId = '';
let contractId = '';
const contactIds: Record<string, string> = {};

async function ok<T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await p;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function listRequests(admin: ApiSession): Promise<Request[]> {
  const all =
    'received,scoping,ewo_drafting,awaiting_approval,approved,declined,expired,rejected,withdrawn,closed_advice_only';
  return (await ok(admin.call<{ items: Request[] }>('GET', `/requests?status=${all}&limit=200`))).items;
}

async function signIn(who: keyof typeof people): Promise<Page> {
  const page = await t.browser.newPage();
  await signInThroughForm(page, t.product.url, people[who].email, PASSWORD);
  return page;
}

/** The day before a calendar date. */
const dayBefore = (d: string) => DateTime.fromISO(d).minus({ days: 1 }).toISODate()!;
/** How Mantine's calendar names a day ("24 December 2026"). */
const dayLabel = (d: string) => DateTime.fromISO(d).setLocale('en-GB').toFormat('d LLLL yyyy');

beforeAll(async () => {
  // Northwind Freight in Chicago: an active hours retainer that does not cover denial of service, its contacts with portal logins, an IR manager.
  customerId = (
    await ok(t.admin.call<Created>('POST', '/customers', { name: 'Northwind Freight', timeZone: ZONE }), 201)
  ).id;
  for (const [key, p] of Object.entries(people)) {
    if (key === 'manager') continue;
    const { name, email, ...flags } = p as { name: string; email: string; canApprove?: boolean; canRequest?: boolean };
    contactIds[key] = (
      await ok(t.admin.call<Created>('POST', `/customers/${customerId}/contacts`, { name, email, ...flags }), 201)
    ).id;
    if (key !== 'itDirector')
      await ok(
        t.admin.call('POST', `/customers/${customerId}/contacts/${contactIds[key]}/invite`, { password: PASSWORD }),
        201,
      );
  }
  const today = DateTime.now().setZone(ZONE);
  contractId = (
    await ok(
      t.admin.call<Created>('POST', '/contracts', {
        customerId,
        number: 'NW-IMR-2026',
        unit: 'hours',
        initialAmount: 120 * 60,
        termStart: today.minus({ days: 30 }).toISODate(),
        termEnd: today.plus({ days: 335 }).toISODate(),
        settings: { coverage: { denial_of_service: 'not_covered' } },
      }),
      201,
    )
  ).id;
  await ok(
    t.admin.call('POST', '/users', {
      email: people.manager.email,
      name: people.manager.name,
      role: 'ir_manager',
      password: PASSWORD,
    }),
    201,
  );
});

describe('service requests in the web UI', () => {
  it('a requester files a proactive request: the date picker refuses days before the earliest start, and a raised lead time is explained', async () => {
    const requester = await apiSignIn(t.product.url, people.requester.email, PASSWORD);
    const catalog = await ok(
      requester.call<{ items: { id: string; name: string }[] }>('GET', '/catalog?kind=proactive'),
    );
    const tabletop = catalog.items.find((i) => i.name === 'Tabletop exercise')!;
    const lead = await ok(
      requester.call<{ earliestStart: string; leadTimeDays: number }>(
        'GET',
        `/requests/lead-time?contractId=${contractId}&catalogItemId=${tabletop.id}`,
      ),
    );
    expect(lead.leadTimeDays).toBe(28);

    const page = await signIn('requester');
    await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('link', { name: 'Plan proactive work' }).click();
    await page.getByRole('heading', { name: 'What would you like us to do?' }).waitFor();
    await page.getByLabel('Service').selectOption({ label: 'Tabletop exercise' });
    // The item's scope, sizes and lead time are shown before anything is chosen.
    await page.getByRole('table', { name: 'Sizes of Tabletop exercise' }).waitFor();
    const hint = page.getByTestId('earliest-start');
    await hint.waitFor();
    expect(await hint.textContent()).toContain(
      DateTime.fromISO(lead.earliestStart).setLocale('en-GB').toFormat('d LLL yyyy'),
    );
    expect(await hint.textContent()).toContain(ZONE);

    // The calendar opens on the earliest allowed start's month; the day before it is greyed out and cannot be picked.
    await page.getByLabel('Desired start').click();
    const tooEarly = page.getByRole('button', { name: dayLabel(dayBefore(lead.earliestStart)), exact: true });
    const earliest = page.getByRole('button', { name: dayLabel(lead.earliestStart), exact: true });
    await earliest.waitFor();
    expect(await tooEarly.isDisabled()).toBe(true);
    expect(await earliest.isDisabled()).toBe(false);
    await snapshot(page, 'requests-proactive-picker');

    // Demand is high: the firm raises its lead time while the customer is still choosing.
    await ok(
      t.admin.call('PATCH', '/settings', {
        leadTimeDays: 35,
        reason: 'Busy season: every consultant booked for five weeks',
      }),
    );
    const raised = DateTime.fromISO(lead.earliestStart).plus({ days: 7 }).toISODate()!;
    await earliest.click();
    await page.getByLabel('What do you need?').fill('A tabletop exercise for the board on a ransomware scenario.');
    const before = (await listRequests(t.admin)).length;
    await page.getByRole('button', { name: 'Send request' }).click();
    // The server's refusal names the earliest allowed date, under the date field; nothing was recorded.
    const refusal = page.getByText(`The earliest allowed start is ${raised}`);
    await refusal.waitFor();
    expect(await page.getByLabel('Desired start').getAttribute('aria-invalid')).toBe('true');
    expect((await listRequests(t.admin)).length).toBe(before);
    await snapshot(page, 'requests-proactive-refused');

    // The calendar now greys out everything before the new earliest start; that day is accepted.
    await page.getByLabel('Desired start').click();
    const newEarliest = page.getByRole('button', { name: dayLabel(raised), exact: true });
    await newEarliest.waitFor();
    expect(await page.getByRole('button', { name: dayLabel(dayBefore(raised)), exact: true }).isDisabled()).toBe(true);
    await newEarliest.click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL((u) => /^\/portal\/requests\/req_/.test(u.pathname));
    await page.getByText('We have your request').waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const saved = await ok(t.admin.call<Request>('GET', `/requests/${id}`));
    expect(saved).toMatchObject({ kind: 'proactive', status: 'received', desiredStart: raised, earliestStart: raised });
    await ok(t.admin.call('PATCH', '/settings', { leadTimeDays: 28, reason: 'Back to the usual four weeks' }));
  });

  it('an emergency from the portal shows its SLA targets; the IR manager sees it counting down, records the first call and books a scoping call', async () => {
    const ciso = await signIn('ciso');
    await ciso.goto(`${t.product.url}/portal/requests`);
    await ciso.getByRole('link', { name: 'Emergency: get help now' }).click();
    const form = ciso.getByRole('form', { name: 'Emergency request' });
    await form.waitFor();
    await form.getByLabel('What is happening?').selectOption({ label: 'Ransomware' });
    await form.getByRole('radio', { name: /^P1 · Critical/ }).check();
    await form.getByLabel('Someone is needed on site').check();
    await form
      .getByLabel('What do you see?')
      .fill('File servers encrypted at 03:07, ransom note on every share. Call me on +1 312 555 0100.');
    await form.getByRole('button', { name: 'Send emergency request' }).click();
    await ciso.waitForURL((u) => /^\/portal\/requests\/req_/.test(u.pathname));
    const confirmation = ciso.getByRole('status').filter({ hasText: 'We have your emergency request' });
    await confirmation.waitFor();
    for (const target of ['Initial contact', 'Remote work started', 'On-site arrival'])
      await confirmation.getByText(target).waitFor();
    expect(await confirmation.textContent()).toContain('24×7');
    await snapshot(ciso, 'requests-emergency-confirmation');
    const id = new URL(ciso.url()).pathname.split('/').at(-1)!;
    const filed = await ok(t.admin.call<Request>('GET', `/requests/${id}`));
    expect(filed.slaTargets.map((x) => [x.kind, x.targetMinutes, x.status])).toEqual([
      ['initial_contact', 60, 'pending'],
      ['remote_start', 240, 'pending'],
      ['onsite_arrival', 1440, 'pending'],
    ]);

    // The board counts down in the browser: the same target turns at risk, then breached, as time passes.
    const board = await signIn('manager');
    await board.clock.install();
    await board.goto(`${t.product.url}/requests`);
    const row = board.locator(`tr[data-request="${id}"]`);
    const chip = row.locator('[data-sla-kind="initial_contact"]');
    await chip.waitFor();
    expect(await board.locator('tr[data-request]').first().getAttribute('data-request')).toBe(id); // emergencies first
    expect(await chip.getAttribute('data-sla-status')).toBe('pending');
    expect(await chip.textContent()).toMatch(/due in (59|60) min/);
    await board.clock.fastForward('46:00');
    await expect.poll(() => chip.getAttribute('data-sla-status')).toBe('at_risk');
    expect(await chip.textContent()).toMatch(/due in 1[34] min/);
    await board.clock.fastForward('20:00');
    await expect.poll(() => chip.getAttribute('data-sla-status')).toBe('breached');
    expect(await chip.textContent()).toMatch(/overdue by [56] min/);
    // The browser's clock belongs to the whole browser context: back to real time for what follows.
    await board.clock.setSystemTime(new Date());
    await board.close();

    // On the request page (real time again) the IR manager records the call back: the target turns met.
    const manager = await signIn('manager');
    await manager.goto(`${t.product.url}/requests`);
    await manager.locator(`tr[data-request="${id}"]`).getByRole('link').click();
    await manager.getByRole('heading', { name: 'Northwind Freight: P1 ransomware' }).waitFor();
    const initial = manager.locator('tr[data-sla-row="initial_contact"]');
    await initial.getByText('Pending').waitFor();
    await manager.getByRole('button', { name: 'Record initial contact' }).click();
    const record = manager.getByRole('dialog', { name: 'Record: Initial contact' });
    await record.getByRole('button', { name: 'Record', exact: true }).click();
    await record.waitFor({ state: 'hidden' });
    await initial.getByText('Met', { exact: true }).waitFor();
    expect(await manager.getByTestId('countdown-initial_contact').textContent()).toMatch(/^met with .* to spare$/);
    const met = await ok(t.admin.call<Request>('GET', `/requests/${id}`));
    expect(met.slaTargets.find((x) => x.kind === 'initial_contact')).toMatchObject({ status: 'met' });

    // A scoping call with the CISO (the requester, chosen already) and the IT director: both get an invitation.
    await manager.getByRole('button', { name: 'Book scoping call' }).click();
    const book = manager.getByRole('dialog', { name: 'Book a scoping call' });
    await expect(book.getByRole('checkbox', { name: people.ciso.name }).isChecked()).resolves.toBe(true);
    await book.getByRole('checkbox', { name: people.itDirector.name }).check();
    await book.getByLabel('How to join').fill('https://meet.irfirm.example/northwind');
    await book.getByRole('button', { name: 'Book call' }).click();
    await book.waitFor({ state: 'hidden' });
    await manager
      .locator('[data-call]')
      .first()
      .getByText(/With .*Dana Whitfield.*Ravi Patel|With .*Ravi Patel.*Dana Whitfield/)
      .waitFor();
    await manager.getByRole('heading', { name: 'Timeline' }).waitFor();
    await snapshot(manager, 'requests-emergency-staff');
    expect((await ok(t.admin.call<Request>('GET', `/requests/${id}`))).status).toBe('scoping');

    for (const who of [people.ciso, people.itDirector]) {
      const mail = await waitForMail(t.admin, who.email, /Scoping call: Northwind Freight/);
      const raw = await t.admin.call<string>('GET', `/mailbox/${mail.id}/raw`);
      const parsed = await simpleParser(raw.body);
      const ics = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8');
      expect(ics, 'the invitation carries an iCalendar event').toBeDefined();
      const cal = new ICAL.Component(ICAL.parse(ics!));
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
      expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toContain(`mailto:${who.email}`);
    }
  });

  it('a hotline call for an incident the contract does not cover is logged, and the notice says what that means', async () => {
    const page = await signIn('manager');
    await page.goto(`${t.product.url}/requests`);
    await page.getByRole('link', { name: 'Log a request' }).click();
    const form = page.getByRole('form', { name: 'Log a request' });
    await form.getByRole('combobox', { name: 'Customer' }).click();
    await page.getByRole('option', { name: 'Northwind Freight' }).click();
    await expect.poll(() => form.getByLabel('Contract').inputValue()).toBe(contractId);
    await form.getByLabel('Requester').selectOption({ label: `${people.ciso.name} (point of contact)` });
    await form.getByLabel('What is happening?').selectOption({ label: 'Denial of service' });
    await form.getByRole('radio', { name: /^P2 · High/ }).check();
    await form.getByLabel('What do you see?').fill('Web shop unreachable since 02:40; traffic from many addresses.');
    await form.getByRole('button', { name: 'Log request' }).click();
    await page.waitForURL((u) => /^\/requests\/req_/.test(u.pathname));
    await page.getByText('Request logged').waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Not covered' })
      .getByText('does not cover denial of service incidents')
      .waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const logged = await ok(t.admin.call<Request & { channel: string }>('GET', `/requests/${id}`));
    expect(logged).toMatchObject({ kind: 'emergency', channel: 'hotline', flags: ['not_covered'] });
    await snapshot(page, 'requests-intake-not-covered');
  });

  it('the SLA report of the contract counts the target met on the request page', async () => {
    const page = await signIn('manager');
    await page.goto(`${t.product.url}/requests`);
    await page.getByRole('link', { name: 'SLA report' }).click();
    await page.getByRole('heading', { name: 'SLA report', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Customer' }).click();
    await page.getByRole('option', { name: 'Northwind Freight' }).click();
    await page.getByLabel('Contract').selectOption({ value: contractId });
    await page.waitForURL((u) => u.searchParams.get('contractId') === contractId);
    const initial = page.locator('[aria-label="Initial contact results"]');
    await page.getByText('2 emergency requests').waitFor();
    expect(await page.getByTestId('met-initial_contact').textContent()).toBe('1');
    expect(await page.getByTestId('breached-initial_contact').textContent()).toBe('0');
    expect(await initial.textContent()).toMatch(/Median time to meet: \d+ min/);
    await snapshot(page, 'requests-sla-report');
  });

  it('an admin raises the firm-wide lead time with a reason, and adds a service that can be switched off', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/settings/firm`);
    const form = page.getByRole('form', { name: 'Firm-wide settings' });
    await form.getByLabel('Proactive lead time (days)').fill('42');
    await form.getByRole('button', { name: 'Save settings' }).click();
    // No reason: the server refuses and says so under the reason; nothing changed.
    await form.locator('.mantine-InputWrapper-error').first().waitFor();
    expect(await form.getByLabel(/^Reason for the change/).getAttribute('aria-invalid')).toBe('true');
    expect((await ok(t.admin.call<{ leadTimeDays: number }>('GET', '/settings'))).leadTimeDays).toBe(28);
    await form.getByLabel(/^Reason for the change/).fill('Six weeks of bookings ahead');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    expect((await ok(t.admin.call<{ leadTimeDays: number }>('GET', '/settings'))).leadTimeDays).toBe(42);

    await page.getByRole('link', { name: 'Service catalog' }).click();
    await page.getByRole('button', { name: 'Add service' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a service' });
    await dialog.getByLabel(/^Name/).fill('Forensic readiness workshop');
    await dialog
      .getByLabel(/^Standard scope/)
      .fill('A one-day workshop on log retention, evidence handling and first response.');
    await dialog.getByLabel('Size 1 label').fill('One day');
    await dialog.getByLabel('Size 1 estimate in hours').fill('8');
    await dialog.getByLabel('Size 1 fixed price in service units').fill('8');
    await dialog.getByRole('checkbox', { name: 'Final report' }).check();
    await dialog.getByRole('button', { name: 'Add service' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page
      .getByRole('table', { name: 'Service catalog' })
      .getByRole('row')
      .filter({ hasText: 'Forensic readiness workshop' });
    await row.waitFor();
    expect(await row.textContent()).toContain('S: 8h 00m · 8.00 SU');
    const requester = await apiSignIn(t.product.url, people.requester.email, PASSWORD);
    const offered = async () =>
      (await ok(requester.call<{ items: { name: string }[] }>('GET', '/catalog?kind=proactive&limit=200'))).items.some(
        (i) => i.name === 'Forensic readiness workshop',
      );
    expect(await offered()).toBe(true);
    // By keyboard, as a person using no mouse would.
    await row.getByRole('switch', { name: 'Forensic readiness workshop offered to customers' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('Service hidden').waitFor();
    expect(await offered()).toBe(false);
    await snapshot(page, 'requests-catalog');
  });

  it('a customer viewer sees the portal but no request form', async () => {
    const page = await signIn('viewer');
    await page.waitForURL((u) => u.pathname === '/portal');
    const nav = page.getByRole('navigation', { name: 'Portal navigation' });
    await nav.getByRole('link', { name: 'Statements' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Requests' }).count()).resolves.toBe(0);
    await page.goto(`${t.product.url}/portal/requests/new`);
    await page.getByRole('heading', { name: 'No access to this page' }).waitFor();
    await expect(page.getByRole('button', { name: 'Send emergency request' }).count()).resolves.toBe(0);
    await expect(page.getByRole('form', { name: 'Emergency request' }).count()).resolves.toBe(0);
  });
});
