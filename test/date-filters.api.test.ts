import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEngagement, makeStaff, makeTenant } from './support/expense-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

// Found by the fuzz suite (test/fuzz): GET /reports/sla?to=9999-12-31 answered 500, because the day after
// the last day of year 9999 is no date the database takes. Date filters of lists and reports answer the
// extreme dates their schema allows with 200 (an empty or a full period) or 400, never 500.

let t: TestEnv;
let admin: { token: string };
let urls: string[];
beforeAll(async () => {
  t = await createTestEnv();
  const staff = await makeStaff(t);
  const tenant = await makeTenant(t);
  await makeEngagement(t, tenant, { team: [{ userId: staff.consultant.id }] });
  admin = staff.admin.auth;
  urls = [
    '/api/v1/reports/sla',
    `/api/v1/reports/sla?contractId=${tenant.contractId}&`,
    '/api/v1/reports/expenses',
    `/api/v1/reports/expenses?contractId=${tenant.contractId}&`,
    '/api/v1/effort',
    `/api/v1/contracts/${tenant.contractId}/ledger`,
  ].map((u) => (u.endsWith('&') ? u : `${u}?`));
});
afterAll(async () => t.close());

describe('date filters at the ends of the calendar', () => {
  it.each([
    ['to=9999-12-31'],
    ['from=9999-12-31'],
    ['from=0000-01-01'],
    ['from=0000-01-01&to=9999-12-31'],
    ['to=0000-01-01'],
  ])('%s answers 200 or 400 on every list and report', async (query) => {
    const answers: string[] = [];
    for (const url of urls) {
      const r = await call(t.app, admin, 'GET', `${url}${query}`);
      if (r.statusCode !== 200 && r.statusCode !== 400)
        answers.push(`${url}${query} → ${r.statusCode} ${r.body.slice(0, 120)}`);
      if (r.statusCode === 400) expect(r.json().code).toBe('VALIDATION_FAILED');
    }
    expect(answers).toEqual([]);
  });
});
