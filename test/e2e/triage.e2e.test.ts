/**
 * Triage in the browser on the demo data (issue 16): the requests board sorts by severity, then by the earliest
 * SLA due time, shows each request's owner in its own column and the requester's phone; on a request's page the
 * Triage card assigns the owner (the first owner records the initial contact, once), the "Contacted" action is
 * noted without moving it, and the milestone appears on the request's timeline.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/staff.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const t = browserSuite({ env: { IMR_DEMO: '1' } });
const MANAGER = 'maria.keller@irfirm.example';

interface Target {
  kind: string;
  dueAt: string;
  status: string;
  metAt: string | null;
}
interface Request {
  id: string;
  number: string;
  kind: 'emergency' | 'proactive';
  severity: string | null;
  status: string;
  requesterPhone: string | null;
  owner: { id: string | null; name: string } | null;
  slaTargets: Target[];
  milestones: { kind: string; at: string; source: string }[];
}

const severityRank = (r: Request) => (r.kind === 'emergency' ? 0 : 1) * 10 + (r.severity ? Number(r.severity[1]) : 9);
/** The earliest due time of the targets not met yet (none: last). */
const nextDue = (r: Request) =>
  Math.min(...r.slaTargets.filter((x) => !x.metAt).map((x) => Date.parse(x.dueAt)), Number.POSITIVE_INFINITY);

async function request(id: string): Promise<Request> {
  const r = await t.admin.call<Request>('GET', `/requests/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** The board's rows in the order shown. */
async function boardIds(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Requests' }).locator('tbody tr[data-request]');
  await rows.first().waitFor();
  return rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-request') ?? ''));
}

describe('triage in the browser (demo data)', () => {
  it('the board sorts by severity then SLA due, with the owner column and the requester’s phone', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, MANAGER, DEMO_PASSWORD);
    await page.goto(`${t.product.url}/requests`);
    const ids = await boardIds(page);
    const shown = await Promise.all(ids.map(request));
    expect(shown.filter((r) => r.kind === 'emergency').length).toBeGreaterThanOrEqual(3);
    expect(shown[0]).toMatchObject({ kind: 'emergency', severity: 'P1' });
    for (let i = 1; i < shown.length; i++) {
      const [a, b] = [shown[i - 1]!, shown[i]!];
      expect(severityRank(a), `${a.number} before ${b.number}`).toBeLessThanOrEqual(severityRank(b));
      if (severityRank(a) === severityRank(b))
        expect(nextDue(a), `${a.number} due before ${b.number}`).toBeLessThanOrEqual(nextDue(b));
    }
    const table = page.getByRole('table', { name: 'Requests' });
    await table.getByRole('columnheader', { name: 'Owner' }).waitFor();
    const owned = shown.find((r) => r.owner)!;
    const unowned = shown.find((r) => !r.owner)!;
    await table.locator(`tr[data-request="${owned.id}"]`).getByRole('cell', { name: owned.owner!.name }).waitFor();
    await table.locator(`tr[data-request="${unowned.id}"]`).getByRole('cell', { name: 'No owner yet' }).waitFor();
    const withPhone = shown.find((r) => r.requesterPhone)!;
    expect(await table.locator(`tr[data-request="${withPhone.id}"]`).innerText()).toContain(withPhone.requesterPhone);
    await snapshot(page, 'triage-board');
  });

  it('assigning the first owner records the initial contact once; “Contacted” and a new owner do not move it', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, MANAGER, DEMO_PASSWORD);
    await page.goto(`${t.product.url}/requests`);
    const shown = await Promise.all((await boardIds(page)).map(request));
    // An emergency nobody has triaged or contacted yet: its initial contact is still open.
    const target = shown.find(
      (r) => r.kind === 'emergency' && !r.owner && !r.milestones.some((m) => m.kind === 'initial_contact'),
    )!;
    expect(target, 'an untriaged emergency in the demo').toBeDefined();
    await page.goto(`${t.product.url}/requests/${target.id}`);

    const triage = page.getByRole('region', { name: 'Triage', exact: true });
    const phone = triage.getByRole('link', { name: target.requesterPhone ?? /\+/ });
    if (target.requesterPhone) await phone.waitFor();
    const owner = triage.getByRole('combobox', { name: /^Owner/ });
    await owner.click();
    await page.getByRole('option', { name: 'Lena Fischer (Consultant)' }).click();
    await expect.poll(async () => (await request(target.id)).owner?.name).toBe('Lena Fischer');
    const first = (await request(target.id)).milestones.filter((m) => m.kind === 'initial_contact');
    expect(first).toHaveLength(1);
    expect(first[0]!.source).toBe('triage');
    await triage.getByText(/^Initial contact recorded for /).waitFor();

    // The one-click action: noted on the timeline, the initial contact stays at the first one.
    await triage.getByLabel('Contacted by').selectOption('email');
    await triage.getByRole('button', { name: 'Contacted' }).click();
    await page.getByText('The initial contact stays at the first one.').waitFor();
    // A second owner: the request changes hands, its initial contact does not move.
    await owner.click();
    await page.getByRole('option', { name: 'James Okafor (IR manager)' }).click();
    await expect.poll(async () => (await request(target.id)).owner?.name).toBe('James Okafor');
    const after = await request(target.id);
    expect(after.milestones.filter((m) => m.kind === 'initial_contact')).toEqual(first);
    expect(after.slaTargets.find((x) => x.kind === 'initial_contact')).toMatchObject({ metAt: first[0]!.at });

    const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
    await timeline.getByText('Met: Initial contact').waitFor();
    await timeline.getByText('Owner: Lena Fischer').waitFor();
    await timeline.getByText('Owner: James Okafor').waitFor();
    await timeline.getByText('Customer contacted by e-mail').waitFor();
    expect(await timeline.getByText('Met: Initial contact').count()).toBe(1);
    await snapshot(page, 'triage-request');
  });
});
