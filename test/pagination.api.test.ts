import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEngagement, makeStaff, makeTenant } from './support/expense-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

// Found by the fuzz suite (test/fuzz): a cursor is base64url of the last item's key, and a forged one
// whose key holds a NUL, bytes that are not UTF-8, or a date that does not exist reached the database and
// answered 500. Every list refuses it as 400 VALIDATION_FAILED. (The audit log and the inbound mail list
// parse their cursor as a number; their malformed cursors are issue #20's defect 4, fixed on its own.)

let t: TestEnv;
let lists: string[];
beforeAll(async () => {
  t = await createTestEnv();
  const staff = await makeStaff(t);
  const tenant = await makeTenant(t);
  const engagement = await makeEngagement(t, tenant, { team: [{ userId: staff.consultant.id }] });
  admin = staff.admin.auth;
  lists = [
    '/api/v1/users',
    '/api/v1/customers',
    `/api/v1/customers/${tenant.customerId}/sites`,
    `/api/v1/customers/${tenant.customerId}/contacts`,
    '/api/v1/contracts',
    `/api/v1/contracts/${tenant.contractId}/ledger`,
    '/api/v1/catalog',
    '/api/v1/requests',
    '/api/v1/mailbox',
    '/api/v1/engagements',
    `/api/v1/engagements/${engagement.id}/expenses`,
    `/api/v1/engagements/${engagement.id}/deliverables`,
    `/api/v1/engagements/${engagement.id}/effort`,
    '/api/v1/effort',
    '/api/v1/work-orders',
    '/api/v1/change-orders',
  ];
});
afterAll(async () => t.close());
let admin: { token: string };

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const forged: [string, string][] = [
  ['a key that is one NUL byte', 'AA'],
  ['a key with a NUL inside', b64('usr_01\u0000x')],
  ['bytes that are not UTF-8', b64(Buffer.from([0xff, 0xfe, 0x41]))],
  ['characters outside base64url', '"; DROP TABLE users; --'],
  ['a date-and-id key with a date that does not exist', b64('2026-13-45|eff_01')],
  ['a date-and-id key with a NUL in the date', b64('2026-01-0\u0000|eff_01')],
  ['a JSON key with an escaped NUL', b64('["Northwind\\u0000","cus_01"]')],
];

describe('a forged list cursor', () => {
  it.each(forged)('with %s is refused as 400 on every list, not 500', async (_what, cursor) => {
    const answers: string[] = [];
    for (const url of lists) {
      const r = await call(t.app, admin, 'GET', `${url}?cursor=${encodeURIComponent(cursor)}`);
      answers.push(`${url} ${r.statusCode} ${r.statusCode >= 400 ? r.json().code : ''}`.trim());
      if (r.statusCode >= 400) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // A list whose key does not contain the forged part may answer 200 (an empty or a later page) but never 500.
    expect(answers.filter((a) => !/ (400 VALIDATION_FAILED|200)$/.test(a))).toEqual([]);
  });

  it('still pages with the cursor the list gave', async () => {
    for (let i = 0; i < 3; i++) await call(t.app, admin, 'POST', '/api/v1/tokens', { name: `paging ${i}` });
    const first = await call(t.app, admin, 'GET', '/api/v1/users?limit=1');
    expect(first.statusCode).toBe(200);
    const next = first.json().nextCursor as string;
    expect(next).toBeTruthy();
    const second = await call(t.app, admin, 'GET', `/api/v1/users?limit=1&cursor=${next}`);
    expect(second.statusCode).toBe(200);
    expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
  });
});
