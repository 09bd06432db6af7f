import { describe, expect, it } from 'vitest';
import { itemLink, itemPath, type LinkedItem } from './links.ts';
import { audienceOf } from './mail.rules.ts';
import type { RecipientRow } from './mail.repo.ts';

describe('itemLink: the page of an item by reader', () => {
  const cases: [LinkedItem, string, string][] = [
    [{ type: 'request', id: 'req_1' }, '/portal/requests/req_1', '/requests/req_1'],
    [{ type: 'engagement', id: 'eng_1' }, '/portal/engagements/eng_1', '/engagements/eng_1'],
    [{ type: 'work_order', id: 'wo_1', engagementId: 'eng_1' }, '/portal/engagements/eng_1', '/work-orders/wo_1'],
    [{ type: 'work_order', id: 'wo_1', requestId: 'req_1' }, '/portal/requests/req_1', '/work-orders/wo_1'],
    [{ type: 'work_order', id: 'wo_1' }, '/portal/approvals', '/work-orders/wo_1'],
    [{ type: 'change_order', id: 'co_1', engagementId: 'eng_1' }, '/portal/engagements/eng_1', '/engagements/eng_1'],
    [{ type: 'approval', subject: 'work_order', id: 'wo_1' }, '/portal/approvals/work_order/wo_1', '/work-orders/wo_1'],
    [
      { type: 'approval', subject: 'change_order', id: 'co_1', engagementId: 'eng_1' },
      '/portal/approvals/change_order/co_1',
      '/engagements/eng_1',
    ],
    [{ type: 'contract', id: 'ctr_1' }, '/portal/contracts/ctr_1', '/contracts/ctr_1'],
    [{ type: 'statements', contractId: 'ctr_1' }, '/portal/statements', '/contracts/ctr_1'],
    [{ type: 'home' }, '/portal', '/'],
  ];
  it.each(cases)('%o: a contact opens %s, staff %s', (item, contact, staff) => {
    expect(itemPath('contact', item)).toBe(contact);
    expect(itemPath('staff', item)).toBe(staff);
  });

  it('joins the public URL without a double slash and escapes ids', () => {
    expect(itemLink('https://imr.example/', 'contact', { type: 'request', id: 'a/b' })).toBe(
      'https://imr.example/portal/requests/a%2Fb',
    );
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
