import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/staff.ts';
import { apiSignIn, type ApiSession } from './support/api.ts';
import { formatViolations, seriousViolations, settled } from './support/axe.ts';
import { signInThroughForm } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

// Every main page of the staff app and of the portal, with the demo data, checked by axe-core with every
// rule on: no critical or serious violation. Each failure prints the page, the rule and the elements.
const t = browserSuite({ env: { IMR_DEMO: 'true' } });

const manager = 'maria.keller@irfirm.example';
const consultant = 'lena.fischer@irfirm.example';
const accountManager = 'tom.becker@irfirm.example';
const approver = 'katrin.vogel@contoso-health.example';

interface Item {
  id: string;
  status?: string;
}
const items = async (s: ApiSession, path: string): Promise<Item[]> => {
  const r = await s.call<{ items?: Item[] }>('GET', path);
  if (r.status !== 200 || !r.body.items) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items;
};
const first = async (s: ApiSession, path: string, status?: string): Promise<string> => {
  const list = await items(s, path);
  const hit = (status && list.find((i) => i.status === status)) || list[0];
  if (!hit) throw new Error(`GET ${path} listed nothing`);
  return hit.id;
};

const staffPages: Record<string, string> = {};
const portalPages: Record<string, string> = {};
let approvalLink = '';

beforeAll(async () => {
  const staff = await apiSignIn(t.product.url, manager, DEMO_PASSWORD);
  const customer = await first(staff, '/customers');
  const contract = await first(staff, '/contracts', 'active');
  Object.assign(staffPages, {
    dashboard: '/',
    customer: `/customers/${customer}`,
    contract: `/contracts/${contract}`,
    'contract, Statements tab': `/contracts/${contract}?tab=statements`,
    request: `/requests/${await first(staff, '/requests')}`,
    'work order (EWO)': `/work-orders/${await first(staff, '/work-orders', 'awaiting_approval')}`,
    engagement: `/engagements/${await first(staff, '/engagements', 'in_progress')}`,
    timesheet: '/timesheet',
  });

  const portal = await apiSignIn(t.product.url, approver, DEMO_PASSWORD);
  Object.assign(portalPages, {
    'portal home': '/portal',
    'portal request': `/portal/requests/${await first(portal, '/requests')}`,
    'portal approval': `/portal/approvals/work_order/${await first(portal, '/work-orders', 'awaiting_approval')}`,
    'portal engagement': `/portal/engagements/${await first(portal, '/engagements')}`,
    'portal contract': `/portal/contracts/${await first(portal, '/contracts', 'active')}`,
    'portal statements': '/portal/statements',
  });

  // The signed link of an approval email (the demo sends one for each EWO it puts before a customer).
  const mails = await items(t.admin, '/mailbox');
  for (const m of mails) {
    const message = (await t.admin.call<{ text: string }>('GET', `/mailbox/${m.id}`)).body;
    const token = /\/approve\/([A-Za-z0-9_-]+)/.exec(message.text ?? '')?.[1];
    if (token) {
      approvalLink = `/approve/${token}`;
      break;
    }
  }
  if (!approvalLink) throw new Error('The demo sent no approval email with a signed link');
});

async function check(page: Page, name: string, path: string, open?: RegExp): Promise<string> {
  await page.goto(`${t.product.url}${path}`);
  await settled(page);
  if (open) {
    // What a click shows is scanned too (a tab panel's card opened by its button).
    await page.getByRole('button', { name: open }).first().click();
    await settled(page);
  }
  return formatViolations(`${name} (${path})`, await seriousViolations(page));
}

/** Signs in as this demo user and checks each page; returns the violations of all, or ''. */
async function checkAs(email: string, pages: Record<string, string>): Promise<string> {
  const page = await t.browser.newPage();
  await signInThroughForm(page, t.product.url, email, DEMO_PASSWORD);
  const report: string[] = [];
  for (const [name, path] of Object.entries(pages)) report.push(await check(page, name, path));
  return report.filter(Boolean).join('\n');
}

describe('accessibility (axe-core, every rule, no critical or serious violation)', () => {
  it('the sign-in page and the signed approval link page', async () => {
    const page = await t.browser.newPage();
    const report = [await check(page, 'sign-in', '/login'), await check(page, 'approval link', approvalLink)];
    expect(report.filter(Boolean).join('\n')).toBe('');
  });

  it('the staff app: dashboard, customer, contract and its statements, request, EWO, engagement, timesheet', async () => {
    expect(await checkAs(manager, staffPages)).toBe('');
  });

  it('the staff contract page on its Statements tab with this month so far shown', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, manager, DEMO_PASSWORD);
    const path = staffPages['contract, Statements tab']!;
    const report = await check(page, 'contract, Statements tab, month so far', path, /^Show this month so far/);
    await page.getByRole('heading', { name: /This month so far/ }).waitFor();
    expect(report).toBe('');
  });

  it('the consultant’s and the account manager’s dashboards', async () => {
    const report = [
      await checkAs(consultant, { 'consultant dashboard': '/' }),
      await checkAs(accountManager, { 'account manager dashboard': '/' }),
    ];
    expect(report.filter(Boolean).join('\n')).toBe('');
  });

  it('the portal: home, request, approval, engagement, contract, statements', async () => {
    expect(await checkAs(approver, portalPages)).toBe('');
  });
});
