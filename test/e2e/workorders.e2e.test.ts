import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn, waitForMail, type ApiSession } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

// Journey 1, step 3: on the scoping call at 3 a.m. the IR manager drafts Northwind's EWO from the
// emergency template, estimates 40 h, sees 120 h available and 80 h after, sends it to the CISO, and
// later revises it (version 2) and reads what changed.
const PASSWORD = 'Northwind-WorkOrders-2026';
const manager = { email: 'maria.keller@irfirm.example', name: 'Maria Keller' };
const ciso = { email: 'dana.whitfield@northwind.example', name: 'Dana Whitfield' };

interface WorkOrderBody {
  id: string;
  number: string;
  requestId: string;
  status: string;
  version: number;
  revision: number;
  contentHash: string | null;
  title: string;
  estimate: { total: { display: string } };
}

async function created<T extends { id: string }>(p: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await p;
  if (r.status !== 201) throw new Error(`expected 201, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const t = browserSuite();

// Through the API, as the firm would: an IR manager; Northwind with its CISO (may approve) and a 120 h
// retainer; the ransomware call logged by the IR manager, not drafted yet.
beforeAll(async () => {
  await created(
    t.admin.call<{ id: string }>('POST', '/users', {
      email: manager.email,
      name: manager.name,
      role: 'ir_manager',
      password: PASSWORD,
    }),
  );
  const customer = await created(
    t.admin.call<{ id: string }>('POST', '/customers', { name: 'Northwind Freight', timeZone: 'America/Chicago' }),
  );
  await created(
    t.admin.call<{ id: string }>('POST', `/customers/${customer.id}/contacts`, {
      name: ciso.name,
      email: ciso.email,
      canApprove: true,
      canRequest: true,
    }),
  );
  const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  const contract = await created(
    t.admin.call<{ id: string }>('POST', '/contracts', {
      customerId: customer.id,
      number: 'NW-IMR-E2E',
      termStart: day(-60),
      termEnd: day(300),
      unit: 'hours',
      initialAmount: 120 * 60,
    }),
  );
  const irManager: ApiSession = await apiSignIn(t.product.url, manager.email, PASSWORD);
  await created(
    irManager.call<{ id: string }>('POST', '/requests', {
      kind: 'emergency',
      contractId: contract.id,
      incidentType: 'ransomware',
      severity: 'P1',
      onsiteRequired: false,
      channel: 'hotline',
      description: 'File servers encrypted; ransom note on every share.',
    }),
  );
});

async function signIn(): Promise<Page> {
  const page = await t.browser.newPage();
  await signInThroughForm(page, t.product.url, manager.email, PASSWORD);
  return page;
}

/** Waits until the editor says every change is saved (the server's figures are then current). */
const allSaved = (page: Page) => page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();

const workOrderIdOf = (page: Page): string => /\/work-orders\/(ewo_[a-z0-9]+)/.exec(page.url())![1]!;

/** Signs in and opens the (only) work order from the list. */
async function openWorkOrder(): Promise<{ page: Page; id: string }> {
  const page = await signIn();
  await page.goto(`${t.product.url}/work-orders`);
  await page.getByRole('table', { name: 'Work orders' }).getByRole('link', { name: /EWO-/ }).click();
  await page.waitForURL(/\/work-orders\/ewo_/);
  return { page, id: workOrderIdOf(page) };
}

describe('drafting, sending and revising a work order', () => {
  it('drafts the emergency EWO, estimates 40 h with the balance impact live, sends it, and shows the sent version with its hash', async () => {
    const page = await signIn();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Work orders' }).click();
    await page.getByText('No work orders yet').waitFor();
    await page.getByRole('button', { name: 'Draft a work order' }).first().click();
    await page.getByRole('listitem', { name: 'Draft a work order for Northwind Freight: P1 ransomware' }).click();
    await page.waitForURL(/\/work-orders\/ewo_/);
    const id = workOrderIdOf(page);
    await page
      .getByRole('heading', { level: 1, name: /EWO-\d{4}-\d{4}: Emergency incident response: P1 ransomware/ })
      .waitFor();

    // Replace the template's lines with the manager's own: 24 h forensic lead, 16 h containment lead.
    await page.getByRole('button', { name: 'Remove line 2' }).click();
    await page.getByRole('button', { name: 'Remove line 1' }).click();
    await page.getByText('No effort estimated yet').waitFor();
    await page.getByRole('button', { name: 'Add estimate line' }).click();
    await page.getByLabel('Line 1: role').fill('forensic lead');
    await page.getByLabel('Line 1: effort').fill('a day');
    await page.getByText('"a day" is not an amount of time').waitFor();
    // Too much for the retainer: the balance card says approval would be refused, in red.
    await page.getByLabel('Line 1: effort').fill('200h');
    await page.getByText('Approval would be refused').waitFor();
    expect(await page.getByTestId('impact-after').textContent()).toBe('-80h 00m');
    await snapshot(page, 'workorder-refused');

    await page.getByLabel('Line 1: effort').fill('24h');
    await page.getByRole('button', { name: 'Add estimate line' }).click();
    await page.getByLabel('Line 2: role').fill('containment lead');
    await page.getByLabel('Line 2: effort').fill('16h');
    await page
      .getByLabel('Pre-authorised actions', { exact: true })
      .fill('Isolate affected hosts from the network\nDisable compromised accounts');
    // Saved a moment after typing stops: the server then holds exactly what the page shows.
    const saved = () =>
      t.admin
        .call<WorkOrderBody & { estimateLines: unknown[]; preAuthorizedActions: string[] }>('GET', `/work-orders/${id}`)
        .then((r) => r.body);
    await expect
      .poll(async () => (await saved()).preAuthorizedActions, { timeout: 10_000 })
      .toEqual(['Isolate affected hosts from the network', 'Disable compromised accounts']);
    expect((await saved()).estimateLines).toEqual([
      { activity: 'analysis', role: 'forensic lead', minutes: 24 * 60 },
      { activity: 'analysis', role: 'containment lead', minutes: 16 * 60 },
    ]);
    await allSaved(page);
    await expect.poll(() => page.getByTestId('estimate-total').textContent()).toBe('40h 00m');
    expect(await page.getByTestId('impact-before').textContent()).toBe('120h 00m');
    expect(await page.getByTestId('impact-after').textContent()).toBe('80h 00m');
    expect(await page.getByText('Approval would be refused').count()).toBe(0);
    await snapshot(page, 'workorder-editor');

    // The preview prints the sections of the PDF.
    await page.getByRole('tab', { name: 'Preview' }).click();
    const doc = page.getByRole('article', { name: /Engagement Work Order EWO-.* version 1/ });
    for (const section of ['Scope', 'Estimate and pricing', 'Deliverables', 'Pre-authorised actions', 'Approval'])
      await doc.getByRole('heading', { name: section, exact: true }).waitFor();
    await doc.getByText('Disable compromised accounts').waitFor();

    await page.getByRole('button', { name: 'Send for approval' }).click();
    const dialog = page.getByRole('dialog', { name: /Send EWO-.* version 1 for approval/ });
    await dialog.getByRole('list', { name: 'Recipients' }).getByText(ciso.name).waitFor();
    await dialog.getByText('48 hours after sending').waitFor();
    await snapshot(page, 'workorder-send');
    await dialog.getByRole('button', { name: 'Send to 1 contact' }).click();

    const hash = page.getByTestId('sent-hash');
    await hash.waitFor();
    const sent = (await t.admin.call<WorkOrderBody>('GET', `/work-orders/${id}`)).body;
    expect(sent.status).toBe('sent');
    expect(sent.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hash.textContent()).toBe(sent.contentHash);
    await page.getByText("Sent: waiting for the customer's approval").waitFor();
    expect(await page.getByRole('textbox').count()).toBe(0); // read-only now
    // The card the sent version is priced with, frozen and in words (issue 17).
    const card = page.getByRole('region', { name: 'Rate card' });
    await card.getByText(`From ${sent.number} version 1`).waitFor();
    await card.getByText(/^Time is rounded up to \d+ minutes per entry\.$/).waitFor();
    const pdf = page.getByRole('link', { name: 'Download PDF' });
    expect(await pdf.getAttribute('href')).toBe(`/api/v1/work-orders/${id}/pdf?version=1`);
    const download = await fetch(`${t.product.url}/api/v1/work-orders/${id}/pdf?version=1`, {
      headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    await snapshot(page, 'workorder-sent');

    const mail = await waitForMail(t.admin, ciso.email, /^Approval needed: EWO-\d{4}-\d{4} v1/);
    expect(mail.text).toContain('40h 00m');
    expect(mail.text).toContain('80h 00m');

    // The request's page shows its work order: number, status, what approval reserves, with a link back.
    await page.goto(`${t.product.url}/requests/${sent.requestId}`);
    const panel = page.getByRole('region', { name: 'Work order' });
    await panel.getByText('sent', { exact: false }).first().waitFor();
    await panel.getByText('40h 00m').waitFor();
    await panel.getByRole('link', { name: sent.number }).click();
    await page.waitForURL(`${t.product.url}/work-orders/${id}`);
  });

  it('revises the sent version after a clear warning and shows what changed between versions 1 and 2', async () => {
    const { page, id } = await openWorkOrder();
    await page.getByTestId('sent-hash').waitFor();

    await page.getByRole('button', { name: 'Revise' }).click();
    const dialog = page.getByRole('dialog', { name: /Revise EWO-/ });
    await dialog.getByText(/links and the reply-to addresses emailed to the customer stop working/).waitFor();
    await dialog.getByRole('button', { name: 'Start version 2' }).click();
    await page.getByText('Version 2 is a draft').waitFor();

    await page.getByLabel('Line 2: effort').fill('20h');
    await page
      .getByLabel('In scope', { exact: true })
      .fill('Remote triage and containment advice\nOn-site forensics in Chicago');
    await allSaved(page);
    await expect.poll(() => page.getByTestId('reservation').textContent()).toBe('44h 00m');

    await page.getByRole('tab', { name: 'Versions' }).click();
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.getByText('Superseded').waitFor();
    await versions.getByText('revised as version 2').waitFor();
    const diff = page.getByRole('table', { name: 'Differences between Version 1 and Version 2 (draft)' });
    await diff.waitFor();
    expect(await diff.getByTestId('diff-estimateLines').textContent()).toContain(
      'analysis · containment lead · 20h 00m = 20h 00m',
    );
    expect(await diff.getByTestId('diff-reservation').textContent()).toMatch(/40h 00m.*44h 00m/);
    expect(await diff.getByTestId('diff-inScope').textContent()).toContain('On-site forensics in Chicago');
    expect(await diff.getByTestId('diff-title').count()).toBe(0);
    await snapshot(page, 'workorder-versions');

    const v = (await t.admin.call<{ version: number; status: string }[]>('GET', `/work-orders/${id}/versions`)).body;
    expect(v.map((x) => [x.version, x.status])).toEqual([
      [1, 'superseded'],
      [2, 'draft'],
    ]);
  });

  it('says plainly when the draft changed elsewhere (409 STALE_REVISION) and reloads the latest version', async () => {
    const { page, id } = await openWorkOrder();
    await page.getByText('Version 2 is a draft').waitFor();

    // A colleague renames it meanwhile.
    const colleague = await apiSignIn(t.product.url, manager.email, PASSWORD);
    const current = (await colleague.call<WorkOrderBody>('GET', `/work-orders/${id}`)).body;
    const renamed = await colleague.call<WorkOrderBody>('PATCH', `/work-orders/${id}`, {
      title: 'P1 ransomware at Northwind, Chicago',
      revision: current.revision,
    });
    expect(renamed.status).toBe(200);

    await page.getByRole('textbox', { name: /^Scope/ }).fill('Contain the ransomware and restore the file servers.');
    const alert = page.getByRole('alert').filter({ hasText: 'This work order changed elsewhere' });
    await alert.waitFor();
    await alert.getByText(/changed since you read it/).waitFor();
    const after = (await t.admin.call<WorkOrderBody & { scope: string }>('GET', `/work-orders/${id}`)).body;
    expect(after.revision).toBe(renamed.body.revision); // the stale edit changed nothing
    expect(after.scope).not.toBe('Contain the ransomware and restore the file servers.');
    await snapshot(page, 'workorder-stale');

    await alert.getByRole('button', { name: 'Reload the latest version' }).click();
    await page.getByRole('heading', { level: 1, name: /P1 ransomware at Northwind, Chicago/ }).waitFor();
    expect(await page.getByRole('textbox', { name: /^Title/ }).inputValue()).toBe(
      'P1 ransomware at Northwind, Chicago',
    );
    expect(await page.getByRole('alert').filter({ hasText: 'This work order changed elsewhere' }).count()).toBe(0);
  });

  it('opened by its number (the address emails link to), the draft saves edit after edit', async () => {
    const { page, id } = await openWorkOrder();
    const { number } = (await t.admin.call<WorkOrderBody>('GET', `/work-orders/${id}`)).body;
    await page.goto(`${t.product.url}/work-orders/${number}`);
    await page.getByText('Version 2 is a draft').waitFor();
    const scope = page.getByRole('textbox', { name: /^Scope/ });
    await scope.fill('First pass: contain the ransomware.');
    await allSaved(page);
    await scope.fill('Second pass: contain the ransomware and restore the file servers.');
    await allSaved(page);
    expect(await page.getByRole('alert').filter({ hasText: 'This work order changed elsewhere' }).count()).toBe(0);
    const after = (await t.admin.call<WorkOrderBody & { scope: string }>('GET', `/work-orders/${id}`)).body;
    expect(after.scope).toBe('Second pass: contain the ransomware and restore the file servers.');
    await page.reload();
    expect(await page.getByRole('textbox', { name: /^Scope/ }).inputValue()).toBe(after.scope);
  });
});
