import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, fileExpense, makeExpenseWorld } from './support/expense-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeExpenseWorld>>;

beforeAll(async () => {
  t = await createTestEnv();
  w = await makeExpenseWorld(t);
});
afterAll(async () => t.close());

const listUrl = (id: string) => `/api/v1/engagements/${id}/expenses`;
/** Files an expense without a currency and answers the currency it was stored in. */
async function filedWithoutCurrency(engagementId: string, auth = w.staff.admin.auth): Promise<string> {
  const r = await fileExpense(t, auth, engagementId, { fields: { currency: undefined } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().amount.currency;
}
const defaultOf = async (engagementId: string): Promise<string> =>
  (await call(t.app, w.staff.admin.auth, 'GET', listUrl(engagementId))).json().defaultCurrency;

describe("an expense's currency when none is given", () => {
  it("is the firm's default currency (EUR until an admin changes it) while the contract has no commercial terms", async () => {
    expect(await defaultOf(w.engagement.id)).toBe('EUR');
    expect(await filedWithoutCurrency(w.engagement.id, w.staff.consultant.auth)).toBe('EUR');

    const set = await call(t.app, w.staff.admin.auth, 'PATCH', '/api/v1/settings', {
      defaultCurrency: 'CHF',
      reason: 'Our books are in Swiss francs',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().defaultCurrency).toBe('CHF');
    expect(await defaultOf(w.engagement.id)).toBe('CHF');
    expect(await filedWithoutCurrency(w.engagement.id, w.staff.consultant.auth)).toBe('CHF');
  });

  it("is the contract's currency once its commercial terms are set; a currency given is kept", async () => {
    const terms = await call(t.app, w.staff.admin.auth, 'PUT', `/api/v1/contracts/${w.other.contractId}/terms`, {
      currency: 'USD',
      retainerPriceMinor: 5_000_000,
      topupRateMinor: 15_000,
      overageRateMinor: 18_000,
      paymentTermDays: 30,
      billingLegalName: 'Other Corp',
      billingAddress: '1 Main St',
      taxId: 'US-1',
      billingContactName: 'Pat Payable',
      billingContactEmail: 'ap@other.example',
    });
    expect(terms.statusCode, terms.body).toBe(200);
    expect(await defaultOf(w.otherEngagement.id)).toBe('USD');
    expect(await filedWithoutCurrency(w.otherEngagement.id, w.staff.outsider.auth)).toBe('USD');
    const given = await fileExpense(t, w.staff.outsider.auth, w.otherEngagement.id, { fields: { currency: 'JPY' } });
    expect(given.json().amount.currency).toBe('JPY');
    // The first tenant's contract still has no terms: the firm's default.
    expect(await defaultOf(w.engagement.id)).toBe('CHF');
  });

  it('refuses a default currency that is not in circulation, changing nothing', async () => {
    const before = await counts(t);
    for (const defaultCurrency of ['XYZ', 'eur', 'EURO']) {
      const r = await call(t.app, w.staff.admin.auth, 'PATCH', '/api/v1/settings', {
        defaultCurrency,
        reason: 'typo',
      });
      expect(r.statusCode).toBe(400);
      expect([...new Set(r.json().errors.map((e: { path: string }) => e.path))]).toEqual(['body.defaultCurrency']);
    }
    const notAdmin = await call(t.app, w.staff.manager.auth, 'PATCH', '/api/v1/settings', {
      defaultCurrency: 'GBP',
      reason: 'not mine to change',
    });
    expect(notAdmin.statusCode).toBe(403);
    expect(await counts(t)).toEqual(before);
    expect((await call(t.app, w.staff.admin.auth, 'GET', '/api/v1/settings')).json().defaultCurrency).toBe('CHF');
  });
});
