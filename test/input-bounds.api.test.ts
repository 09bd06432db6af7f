/**
 * Issue #20, defect 7: business dates are bounded to 2000–2100, amounts are digits only, names hold no
 * control or bidi characters, and customer names are unique after NFKC without zero-width characters.
 * Every refusal is a 400 or 409 problem with its code, and writes nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from './support/contract-factories.ts';
import { makeEngagement } from './support/engagement-factories.ts';
import { fileExpense, makeExpenseWorld } from './support/expense-factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeExpenseWorld>>;
let admin: Auth;
let customerId: string;
let contractId: string;
let engagementId: string;
let requestId: string;

beforeAll(async () => {
  t = await createTestEnv();
  w = await makeExpenseWorld(t);
  admin = w.staff.admin.auth;
  customerId = (await makeCustomer(t, { name: 'Bounds Customer' })).customerId;
  const e = await makeEngagement(t, {
    team: [{ userId: w.staff.consultant.id, role: 'lead' }],
    contractOptions: { initialAmount: 100 * 60 },
  });
  engagementId = e.id;
  contractId = e.contract.id;
  const r = await call(t.app, admin, 'POST', '/api/v1/requests', {
    kind: 'emergency',
    contractId,
    incidentType: 'ransomware',
    severity: 'P1',
    description: 'File servers encrypted.',
  });
  expect(r.statusCode, r.body).toBe(201);
  requestId = r.json().id;
});
afterAll(async () => t.close());

const tables = [
  'organizations',
  'users',
  'api_tokens',
  'customers',
  'contacts',
  'sites',
  'contracts',
  'ledger_entries',
  'contract_balances',
  'catalog_items',
  'engagements',
  'effort_entries',
  'expenses',
  'stored_files',
  'service_requests',
  'request_milestones',
  'scoping_calls',
  'audit_events',
  'outbox',
];

/** Every row of every table a refused request could write, as one string (a token's last use is no write of the request's). */
async function snapshot(): Promise<string> {
  const out: string[] = [];
  for (const table of tables) {
    const row = sql`(to_jsonb(x) - 'last_used_at')::text`;
    const r = await sql<{
      n: string;
      h: string;
    }>`SELECT count(*)::text AS n, md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS h FROM ${sql.table(table)} x`.execute(
      t.db.kysely,
    );
    out.push(`${table}:${r.rows[0]!.n}:${r.rows[0]!.h}`);
  }
  return out.join(' ');
}

type Response = { statusCode: number; body: string; headers: Record<string, unknown>; json(): unknown };
type ProblemBody = { code: string; detail: string; errors?: { path: string; message: string }[] };

/** Runs a request that must be refused with `status` and `code`, and proves that nothing was written. */
async function refused(send: () => Promise<Response>, status: number, code: string): Promise<ProblemBody> {
  const before = await snapshot();
  const r = await send();
  expect(r.statusCode, r.body).toBe(status);
  expect(String(r.headers['content-type'])).toContain('application/problem+json');
  const body = r.json() as ProblemBody;
  expect(body.code).toBe(code);
  expect(await snapshot()).toBe(before);
  return body;
}

const api =
  (method: 'POST' | 'PATCH', url: string, body: unknown, auth: Auth = admin) =>
  () =>
    call(t.app, auth, method, url, body) as Promise<Response>;
const RANGE = /between 2000-01-01 and 2100-12-31/;

describe('business dates are bounded to 2000-01-01 … 2100-12-31', () => {
  const badDates = ['0001-01-01', '1900-01-01', '1999-12-31', '2101-01-01', '9999-12-31'];

  it.each(badDates)('refuses an expense dated %s', async (date) => {
    const p = await refused(
      () => fileExpense(t, w.staff.consultant.auth, w.engagement.id, { fields: { date } }) as Promise<Response>,
      400,
      'VALIDATION_FAILED',
    );
    expect(p.errors?.[0]).toMatchObject({ path: 'body.date', message: expect.stringMatching(RANGE) });
  });

  it.each([
    ['0001-01-01', '9999-12-31'],
    ['1900-01-01', '2026-12-31'],
    ['2026-01-01', '2101-01-01'],
  ])('refuses a contract term from %s to %s', async (termStart, termEnd) => {
    const p = await refused(
      api('POST', '/api/v1/contracts', {
        customerId,
        number: `B-${termStart}-${termEnd}`,
        termStart,
        termEnd,
        unit: 'hours',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(p.detail).toMatch(RANGE);
  });

  it('refuses out-of-range term dates when a contract is edited or renewed', async () => {
    await refused(api('PATCH', `/api/v1/contracts/${contractId}`, { termEnd: '9999-12-31' }), 400, 'VALIDATION_FAILED');
    await refused(
      api('POST', `/api/v1/contracts/${contractId}/renew`, { number: 'B-RENEW', termEnd: '9999-12-31' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it.each(['0001-01-01', '1900-01-01', '2101-01-01'])('refuses effort dated %s, logged or corrected', async (date) => {
    const url = `/api/v1/engagements/${engagementId}/effort`;
    const p = await refused(
      api('POST', url, { date, minutes: 30, activity: 'analysis' }, w.staff.consultant.auth),
      400,
      'VALIDATION_FAILED',
    );
    expect(p.errors?.[0]?.message).toMatch(RANGE);
    await refused(
      api('PATCH', '/api/v1/effort/eff_nonexistent', { date }, w.staff.consultant.auth),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses request times, milestones, scoping calls and engagement schedules outside the range', async () => {
    const emergency = {
      kind: 'emergency',
      contractId,
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'Encrypted.',
    };
    await refused(
      api('POST', '/api/v1/requests', { ...emergency, channel: 'hotline', receivedAt: '0001-01-01T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      api('POST', '/api/v1/requests', {
        kind: 'proactive',
        contractId,
        catalogItemId: 'cat_x',
        desiredStart: '9999-12-31',
        description: 'Tabletop.',
      }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      api('POST', `/api/v1/requests/${requestId}/milestones`, {
        kind: 'initial_contact',
        at: '1900-01-01T09:00:00+01:00',
      }),
      400,
      'VALIDATION_FAILED',
    );
    const call1 = await refused(
      api('POST', `/api/v1/requests/${requestId}/scoping-calls`, {
        startsAt: '2101-01-01T10:00:00Z',
        durationMinutes: 30,
        attendees: [w.staff.manager.id],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(call1.detail).toMatch(RANGE);
    const plan = await refused(
      api('PATCH', `/api/v1/engagements/${engagementId}`, { plannedStart: '1900-01-01' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(plan.detail).toMatch(RANGE);
    await refused(
      api('PATCH', `/api/v1/engagements/${engagementId}`, { plannedEnd: '2101-01-01T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses report and list filters outside the range', async () => {
    for (const url of [
      `/api/v1/reports/expenses?from=1900-01-01`,
      `/api/v1/effort?from=0001-01-01`,
      `/api/v1/reports/sla?to=9999-12-31`,
    ]) {
      const r = await call(t.app, admin, 'GET', url);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
      expect(r.json().detail).toMatch(RANGE);
    }
  });

  it('accepts the edge dates themselves', async () => {
    const c = await call(t.app, admin, 'POST', '/api/v1/contracts', {
      customerId,
      number: 'B-EDGES',
      termStart: '2000-01-01',
      termEnd: '2100-12-31',
      unit: 'hours',
    });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ termStart: '2000-01-01', termEnd: '2100-12-31' });
    const e = await fileExpense(t, w.staff.consultant.auth, w.engagement.id, {
      fields: { date: '2000-01-01', amount: '1' },
    });
    expect(e.statusCode, e.body).toBe(201);
    expect(e.json()).toMatchObject({ date: '2000-01-01', amount: { amount: 1 } });
    const plan = await call(t.app, admin, 'PATCH', `/api/v1/engagements/${engagementId}`, {
      plannedStart: '2000-01-01',
      plannedEnd: '2100-12-31T23:59:59+14:00',
    });
    expect(plan.statusCode, plan.body).toBe(200);
  });
});

describe('expense amounts are digits only', () => {
  it.each([' 12', '12 ', ' 12 ', '1e3', '+12', '0x10', '12.5', '1,200', '012', '-12', '１２', '12\u00a0', ''])(
    'refuses the amount %j',
    async (amount) => {
      const p = await refused(
        () => fileExpense(t, w.staff.consultant.auth, w.engagement.id, { fields: { amount } }) as Promise<Response>,
        400,
        'VALIDATION_FAILED',
      );
      expect(p.errors?.[0]).toMatchObject({ path: 'body.amount', message: expect.stringContaining('digits only') });
    },
  );

  it('refuses a currency code with spaces around it', async () => {
    await refused(
      () =>
        fileExpense(t, w.staff.consultant.auth, w.engagement.id, { fields: { currency: ' EUR' } }) as Promise<Response>,
      400,
      'VALIDATION_FAILED',
    );
  });

  it('accepts 1 and the largest amount', async () => {
    for (const amount of ['1', '10000000000']) {
      const r = await fileExpense(t, w.staff.consultant.auth, w.engagement.id, { fields: { amount } });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().amount.amount).toBe(Number(amount));
    }
  });
});

describe('names hold no control or bidi characters', () => {
  // U+0000 never reaches a name's rule through the API: the server refuses it centrally as NUL_CHARACTER
  // (test/refused-input.api.test.ts); src/shared/names.test.ts covers the rule itself.
  const bad: [string, string, RegExp][] = [
    ['bell', 'Northwind\u0007', /control character \(U\+0007\)/],
    ['line feed', 'North\nwind', /control character \(U\+000A\)/],
    ['tab at the end', 'Northwind\t', /control character \(U\+0009\)/],
    ['C1 control', 'North\u0085wind', /control character \(U\+0085\)/],
    ['right-to-left override', 'Acme \u202eecnaniF', /bidirectional control \(U\+202E\)/],
    ['isolate', 'Acme \u2067Finance\u2069', /bidirectional control \(U\+2067\)/],
    ['right-to-left mark', 'Acme\u200f', /bidirectional control \(U\+200F\)/],
  ];

  it.each(bad)('refuses a customer name with a %s', async (_what, name, message) => {
    const p = await refused(api('POST', '/api/v1/customers', { name, timeZone: 'UTC' }), 400, 'VALIDATION_FAILED');
    expect(p.errors?.[0]).toMatchObject({ path: 'body.name', message: expect.stringMatching(message) });
    await refused(api('PATCH', `/api/v1/customers/${customerId}`, { name }), 400, 'VALIDATION_FAILED');
  });

  it.each(bad)(
    'refuses a contact, site, user, token, contract number, engagement title, top-up reference and catalog item with a %s',
    async (_what, name) => {
      await refused(
        api('POST', `/api/v1/customers/${customerId}/contacts`, { name, email: 'pat@bounds.test' }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(api('POST', `/api/v1/customers/${customerId}/sites`, { name }), 400, 'VALIDATION_FAILED');
      await refused(
        api('POST', '/api/v1/users', { name, email: 'new.user@firm.test', role: 'consultant' }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(api('POST', '/api/v1/tokens', { name }), 400, 'VALIDATION_FAILED');
      await refused(
        api('POST', '/api/v1/contracts', {
          customerId,
          number: name,
          termStart: '2026-01-01',
          termEnd: '2026-12-31',
          unit: 'hours',
        }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(api('PATCH', `/api/v1/engagements/${engagementId}`, { title: name }), 400, 'VALIDATION_FAILED');
      await refused(
        api('POST', `/api/v1/contracts/${contractId}/top-ups`, { amount: 60, reference: name }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(
        api('POST', '/api/v1/catalog', { kind: 'proactive', name, description: 'A tabletop exercise.' }),
        400,
        'VALIDATION_FAILED',
      );
    },
  );

  it.each([
    'Société Générale Sécurité',
    '株式会社東京インシデント',
    'شركة الرياض للأمن السيبراني',
    'Café ☕ 🚀 Ops',
    '👨‍👩‍👧 Family Office',
    'مهدی‌زاده و شرکا',
  ])('accepts the customer, contact and site name %s', async (name) => {
    const c = await call(t.app, admin, 'POST', '/api/v1/customers', { name: `  ${name} `, timeZone: 'UTC' });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().name).toBe(name);
    const contact = await call(t.app, admin, 'POST', `/api/v1/customers/${c.json().id}/contacts`, {
      name,
      email: `x${c.json().id}@bounds.test`,
    });
    expect(contact.statusCode, contact.body).toBe(201);
    expect(contact.json().name).toBe(name);
    const site = await call(t.app, admin, 'POST', `/api/v1/customers/${c.json().id}/sites`, { name });
    expect(site.statusCode, site.body).toBe(201);
  });
});

describe('customer names are unique after NFKC, without zero-width characters, case or extra spaces', () => {
  let northwind: { id: string; name: string };
  beforeAll(async () => {
    const r = await call(t.app, admin, 'POST', '/api/v1/customers', {
      name: 'Northwind Freight',
      timeZone: 'America/Chicago',
    });
    expect(r.statusCode, r.body).toBe(201);
    northwind = r.json();
  });

  it.each([
    ['a zero-width space', 'Nor\u200bthwind Freight'],
    ['full-width letters', 'Ｎｏｒｔｈｗｉｎｄ Freight'],
    ['full-width letters and space', 'Ｎｏｒｔｈｗｉｎｄ\u3000Ｆｒｅｉｇｈｔ'],
    ['a word joiner and a zero-width joiner', 'North\u2060wind Fre\u200dight'],
    ['a byte-order mark and a no-break space', '\ufeffNorthwind\u00a0Freight'],
    ['another case and doubled spaces', 'NORTHWIND   freight'],
  ])('refuses a look-alike with %s, naming the existing customer', async (_what, name) => {
    const p = await refused(api('POST', '/api/v1/customers', { name, timeZone: 'UTC' }), 409, 'NAME_TAKEN');
    expect(p.detail).toContain('"Northwind Freight"');
  });

  it('refuses renaming another customer to a look-alike, and lets a customer rename itself to one', async () => {
    const other = await call(t.app, admin, 'POST', '/api/v1/customers', { name: 'Southwind Freight', timeZone: 'UTC' });
    expect(other.statusCode, other.body).toBe(201);
    const p = await refused(
      api('PATCH', `/api/v1/customers/${other.json().id}`, { name: 'Ｎｏｒｔｈｗｉｎｄ Freight' }),
      409,
      'NAME_TAKEN',
    );
    expect(p.detail).toContain('"Northwind Freight"');
    const self = await call(t.app, admin, 'PATCH', `/api/v1/customers/${northwind.id}`, { name: 'NORTHWIND FREIGHT' });
    expect(self.statusCode, self.body).toBe(200);
    expect(self.json().name).toBe('NORTHWIND FREIGHT');
  });

  it('refuses a decomposed accent as the same name, but not a different letter', async () => {
    const cafe = await call(t.app, admin, 'POST', '/api/v1/customers', { name: 'Café Müller', timeZone: 'UTC' });
    expect(cafe.statusCode, cafe.body).toBe(201);
    await refused(
      api('POST', '/api/v1/customers', { name: 'Cafe\u0301 Mu\u0308ller', timeZone: 'UTC' }),
      409,
      'NAME_TAKEN',
    );
    const muller = await call(t.app, admin, 'POST', '/api/v1/customers', { name: 'Cafe Muller', timeZone: 'UTC' });
    expect(muller.statusCode, muller.body).toBe(201);
  });

  it('finds customers by a search in any of those forms', async () => {
    const r = await call(t.app, admin, 'GET', `/api/v1/customers?q=${encodeURIComponent('ｎｏｒｔｈ\u200bwind')}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((c: { id: string }) => c.id)).toContain(northwind.id);
  });
});
