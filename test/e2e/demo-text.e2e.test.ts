/**
 * Issue 16's "done when": with the demo loaded, what people read on the main pages of the staff app and the
 * portal, and in the demo's emails, shows no internal id, no UTC ISO instant, no slug of the product's
 * vocabulary and no schema jargon. Each page's visible text is scanned as a person sees it (innerText).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/staff.ts';
import { labels } from '../../src/shared/labels.ts';
import { apiSignIn } from './support/api.ts';
import { signInThroughForm } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const t = browserSuite({ env: { IMR_DEMO: '1' } });

/** Every slug of the product's vocabulary that a person could mistake for a word: those with an underscore. */
const slugs = [
  ...new Set(Object.values(labels).flatMap((map) => Object.keys(map).filter((value) => value.includes('_')))),
];
const forbidden: { what: string; pattern: RegExp }[] = [
  { what: 'an internal id', pattern: /\b[a-z]{2,4}_[0-9a-z]{20,}\b/ },
  { what: 'an ISO instant', pattern: /\d{4}-\d\d-\d\dT\d\d:\d\d/ },
  { what: 'a slug', pattern: new RegExp(`\\b(${slugs.join('|')})\\b`) },
  {
    what: 'schema jargon',
    pattern: /expected one of|Too small|Too big|Invalid option|Invalid input|received undefined/,
  },
];

/**
 * The findings in one text: what was found and the words around it. Web addresses are left out: a link names the
 * page it opens, it is not a word a person reads (the links of emails are checked on their own, below).
 */
function findings(where: string, shown: string): string[] {
  const text = shown.replace(/https?:\/\/\S+/g, '<link>');
  const out: string[] = [];
  for (const { what, pattern } of forbidden) {
    const m = new RegExp(pattern.source, 'g');
    for (const hit of text.matchAll(m)) {
      const at = hit.index ?? 0;
      out.push(
        `${where}: ${what} "${hit[0]}" in "…${text.slice(Math.max(0, at - 40), at + 60).replace(/\s+/g, ' ')}…"`,
      );
    }
  }
  return out;
}

/** Opens a page, waits for its data to settle, and returns what it shows. */
async function pageText(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page
    .locator('.mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
  return page.locator('body').innerText();
}

async function scanAs(email: string, paths: string[]): Promise<string[]> {
  const page = await t.browser.newPage();
  await signInThroughForm(page, t.product.url, email, DEMO_PASSWORD);
  const out: string[] = [];
  for (const path of paths) out.push(...findings(`${email} ${path}`, await pageText(page, `${t.product.url}${path}`)));
  await page.close();
  return out;
}

interface Listed {
  items: { id: string }[];
}

describe('what people read with the demo loaded', () => {
  it('the main pages of the portal and the staff app show no id, ISO instant, slug or schema jargon', async () => {
    const manager = await apiSignIn(t.product.url, 'maria.keller@irfirm.example', DEMO_PASSWORD);
    const first = async (path: string) => (await manager.call<Listed>('GET', path)).body.items[0]?.id;
    const [request, engagement, workOrder, contract, customer] = await Promise.all([
      first('/requests?limit=1'),
      first('/engagements?limit=1'),
      first('/work-orders?limit=1'),
      first('/contracts?limit=1'),
      first('/customers?limit=1'),
    ]);
    const staffPages = [
      '/',
      '/requests',
      `/requests/${request}`,
      '/work-orders',
      `/work-orders/${workOrder}`,
      '/engagements',
      `/engagements/${engagement}`,
      `/contracts/${contract}`,
      `/customers/${customer}`,
      '/timeline',
    ];
    const customerUser = await apiSignIn(t.product.url, 'dana.whitfield@northwind.example', DEMO_PASSWORD);
    const mine = async (path: string) => (await customerUser.call<Listed>('GET', path)).body.items[0]?.id;
    const [portalRequest, portalEngagement] = await Promise.all([
      mine('/requests?limit=1'),
      mine('/engagements?limit=1'),
    ]);
    const portalPages = [
      '/portal',
      '/portal/requests',
      `/portal/requests/${portalRequest}`,
      '/portal/engagements',
      `/portal/engagements/${portalEngagement}`,
      '/portal/approvals',
      '/portal/statements',
    ];
    const found = [
      ...(await scanAs('maria.keller@irfirm.example', staffPages)),
      ...(await scanAs('lena.fischer@irfirm.example', ['/', '/timesheet', '/engagements'])),
      ...(await scanAs('tom.becker@irfirm.example', ['/', '/billing'])),
      ...(await scanAs('dana.whitfield@northwind.example', portalPages)),
    ];
    expect(found).toEqual([]);
  });

  it("the demo's emails (subject, text and HTML as read) show no id, ISO instant, slug or schema jargon", async () => {
    const list = await t.admin.call<{ items: { id: string; subject: string }[] }>('GET', '/mailbox?limit=200');
    expect(list.body.items.length).toBeGreaterThan(10);
    const found: string[] = [];
    // One page for every message: opening a page per email took most of the test's time on a busy machine.
    const page = await t.browser.newPage();
    for (const item of list.body.items) {
      const m = await t.admin.call<{ subject: string; text: string; html: string }>('GET', `/mailbox/${item.id}`);
      await page.setContent(m.body.html ?? '');
      const html = await page.locator('body').innerText();
      found.push(...findings(`email "${m.body.subject}"`, `${m.body.subject}\n${m.body.text}\n${html}`));
    }
    await page.close();
    expect(found).toEqual([]);
  });

  it("the links of the demo's emails name requests, engagements and work orders by number, never by id", async () => {
    const list = await t.admin.call<{ items: { id: string }[] }>('GET', '/mailbox?limit=200');
    const internalId = /\b[a-z]{2,4}_[0-9a-z]{20,}\b/;
    const found: string[] = [];
    let itemLinks = 0;
    for (const item of list.body.items) {
      const m = await t.admin.call<{ subject: string; text: string; html: string }>('GET', `/mailbox/${item.id}`);
      const hrefs = [...(m.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((h) => h[1]!);
      const inText = [...m.body.text.matchAll(/https?:\/\/\S+/g)].map((h) => h[0]);
      for (const link of [...hrefs, ...inText]) {
        // The path only: one-time tokens in a query string are secrets, not names. Contracts have no number
        // the addresses resolve (their numbers are the firm's own, free-form), so their pages keep the id.
        const path = new URL(link.replace(/&amp;/g, '&')).pathname;
        if (/^\/(portal\/)?(requests|engagements|work-orders|approvals)\//.test(path)) itemLinks += 1;
        if (internalId.test(path) && !/^\/(portal\/)?contracts\//.test(path))
          found.push(`email "${m.body.subject}": ${path}`);
      }
    }
    expect(itemLinks).toBeGreaterThan(3);
    expect(found).toEqual([]);
  });

  it('a portal request and a staff engagement open by number, as the emails link them', async () => {
    const customerUser = await apiSignIn(t.product.url, 'dana.whitfield@northwind.example', DEMO_PASSWORD);
    const mine = await customerUser.call<{ items: { number: string; status: string }[] }>('GET', '/requests?limit=50');
    const request = mine.body.items[0]!;
    const portal = await t.browser.newPage();
    await signInThroughForm(portal, t.product.url, 'dana.whitfield@northwind.example', DEMO_PASSWORD);
    await portal.goto(`${t.product.url}/portal/requests/${request.number}`);
    await portal.getByText(request.number).first().waitFor();
    expect(await portal.locator('body').innerText()).not.toMatch(/could not be loaded|Could not load|not found/i);
    await portal.close();

    const manager = await apiSignIn(t.product.url, 'maria.keller@irfirm.example', DEMO_PASSWORD);
    const engagements = await manager.call<{ items: { number: string }[] }>('GET', '/engagements?limit=1');
    const staff = await t.browser.newPage();
    await signInThroughForm(staff, t.product.url, 'maria.keller@irfirm.example', DEMO_PASSWORD);
    await staff.goto(`${t.product.url}/engagements/${engagements.body.items[0]!.number}`);
    await staff.getByText(engagements.body.items[0]!.number).first().waitFor();
    expect(await staff.locator('body').innerText()).not.toMatch(/Could not load/);
    await staff.close();
  });
});
