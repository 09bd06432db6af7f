import { describe, expect, it } from 'vitest';
import { itemLink, itemPath, type LinkedItem } from './links.ts';
import { audienceOf } from './mail.rules.ts';
import type { RecipientRow } from './mail.repo.ts';

describe('itemLink: the page of an item by reader', () => {
  const cases: [LinkedItem, string, string][] = [
    [{ type: 'request', number: 'REQ-2026-0001' }, '/portal/requests/REQ-2026-0001', '/requests/REQ-2026-0001'],
    [
      { type: 'engagement', number: 'ENG-2026-0001' },
      '/portal/engagements/ENG-2026-0001',
      '/engagements/ENG-2026-0001',
    ],
    [
      { type: 'work_order', number: 'EWO-2026-0001', engagementNumber: 'ENG-2026-0001' },
      '/portal/engagements/ENG-2026-0001',
      '/work-orders/EWO-2026-0001',
    ],
    [
      { type: 'work_order', number: 'EWO-2026-0001', requestNumber: 'REQ-2026-0001' },
      '/portal/requests/REQ-2026-0001',
      '/work-orders/EWO-2026-0001',
    ],
    [{ type: 'work_order', number: 'EWO-2026-0001' }, '/portal/approvals', '/work-orders/EWO-2026-0001'],
    [
      { type: 'change_order', number: 'CO-2026-0001', engagementNumber: 'ENG-2026-0001' },
      '/portal/engagements/ENG-2026-0001',
      '/engagements/ENG-2026-0001',
    ],
    [
      { type: 'approval', subject: 'work_order', number: 'EWO-2026-0001' },
      '/portal/approvals/work_order/EWO-2026-0001',
      '/work-orders/EWO-2026-0001',
    ],
    [
      { type: 'approval', subject: 'change_order', number: 'CO-2026-0001', engagementNumber: 'ENG-2026-0001' },
      '/portal/approvals/change_order/CO-2026-0001',
      '/engagements/ENG-2026-0001',
    ],
    [{ type: 'contract', id: 'ctr_1' }, '/portal/contracts/ctr_1', '/contracts/ctr_1'],
    [{ type: 'statements', contractId: 'ctr_1' }, '/portal/statements', '/contracts/ctr_1'],
    [{ type: 'home' }, '/portal', '/'],
  ];
  it.each(cases)('%o: a contact opens %s, staff %s', (item, contact, staff) => {
    expect(itemPath('contact', item)).toBe(contact);
    expect(itemPath('staff', item)).toBe(staff);
  });

  it('joins the public URL without a double slash and escapes what it is given', () => {
    expect(itemLink('https://imr.example/', 'contact', { type: 'request', number: 'a/b' })).toBe(
      'https://imr.example/portal/requests/a%2Fb',
    );
  });

  it('names numbered items by their human number: no internal id in a link', () => {
    const internalId = /\b[a-z]{2,4}_[0-9a-z]{20,}\b/;
    for (const [item] of cases.filter(([i]) => i.type !== 'contract' && i.type !== 'statements'))
      for (const kind of ['contact', 'staff'] as const) expect(itemPath(kind, item)).not.toMatch(internalId);
  });
});

describe('audienceOf: who reads an address, in which zone', () => {
  const row = (r: Partial<RecipientRow>): RecipientRow => ({
    email: 'x@y.test',
    source: 'contact',
    own_zone: null,
    contact_zone: null,
    customer_zone: 'America/Chicago',
    role: null,
    ...r,
  });
  it("a contact in its own zone, else its customer's", () => {
    expect(audienceOf([row({ own_zone: 'Asia/Tokyo' })], 'Europe/Berlin')).toEqual({
      kind: 'contact',
      timeZone: 'Asia/Tokyo',
    });
    expect(audienceOf([row({})], 'Europe/Berlin')).toEqual({ kind: 'contact', timeZone: 'America/Chicago' });
  });
  it("a portal user: his own zone, then his contact's, then the customer's", () => {
    const user = row({ source: 'user', role: 'customer_approver', contact_zone: 'Asia/Tokyo' });
    expect(audienceOf([user], 'UTC').timeZone).toBe('Asia/Tokyo');
    expect(audienceOf([{ ...user, own_zone: 'Europe/Paris' }], 'UTC').timeZone).toBe('Europe/Paris');
    expect(audienceOf([{ ...user, contact_zone: null }], 'UTC')).toEqual({
      kind: 'contact',
      timeZone: 'America/Chicago',
    });
  });
  it("staff in their own zone, else the firm's default; staff wins over a contact of the same address", () => {
    const staff = row({ source: 'user', role: 'ir_manager', customer_zone: null });
    expect(audienceOf([staff], 'Europe/Berlin')).toEqual({ kind: 'staff', timeZone: 'Europe/Berlin' });
    expect(audienceOf([row({}), { ...staff, own_zone: 'Asia/Kolkata' }], 'UTC')).toEqual({
      kind: 'staff',
      timeZone: 'Asia/Kolkata',
    });
  });
  it('an address nobody has reads as the fallback', () => {
    expect(audienceOf([], 'Europe/Berlin')).toEqual({ kind: 'contact', timeZone: 'Europe/Berlin' });
    expect(audienceOf([], 'UTC', { kind: 'staff', timeZone: 'Asia/Tokyo' })).toEqual({
      kind: 'staff',
      timeZone: 'Asia/Tokyo',
    });
  });
});
