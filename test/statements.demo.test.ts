import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueAt } from '../src/core/statements/statements.rules.ts';
import { loadDemoData } from '../src/demo/index.ts';
import { DEMO_PASSWORD } from '../src/demo/staff.ts';
import { makeProvider } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
  await makeProvider(t);
  await loadDemoData(t.core);
});
afterAll(async () => t.close());

it('issues the demo history statements by the job, each at its statement day 08:00 local, reconciled', async () => {
  const rows = await t.db.kysely
    .selectFrom('statements')
    .innerJoin('contracts', 'contracts.id', 'statements.contract_id')
    .innerJoin('customers', 'customers.id', 'statements.customer_id')
    .select([
      'statements.id',
      'statements.period',
      'statements.issued_at',
      'statements.issued_by',
      'statements.figures',
      'statements.contract_id',
      'contracts.number',
      'contracts.settings',
      'customers.time_zone',
    ])
    .orderBy('contracts.number')
    .orderBy('statements.period')
    .execute();
  expect(rows.length).toBeGreaterThanOrEqual(8);
  expect(rows.filter((r) => r.number === 'NW-IMR-2026').length).toBeGreaterThanOrEqual(4);
  for (const r of rows) {
    expect(r.issued_by).toBe('system:statements');
    expect(r.issued_at.toISOString()).toBe(issueAt(r.period, r.settings.statementDay ?? 1, r.time_zone).toISOString());
  }
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.contract_id === rows[i - 1]!.contract_id)
      expect(rows[i]!.figures.opening.balance.amount).toBe(rows[i - 1]!.figures.closing.balance.amount);
  const audits = await t.db.kysely
    .selectFrom('audit_events')
    .select('entity_id')
    .where('action', '=', 'statement.issued')
    .execute();
  expect(audits).toHaveLength(rows.length);
  const messages = await t.db.kysely
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'statement.issued')
    .execute();
  expect(messages.length).toBeGreaterThanOrEqual(rows.length);
  expect(messages.every((m) => m.payload.fileAttachments?.[0]?.contentType === 'application/pdf')).toBe(true);

  // The Northwind portal shows them.
  const nw = rows.find((r) => r.number === 'NW-IMR-2026')!;
  const portalUser = await t.db.kysely
    .selectFrom('users')
    .innerJoin('customers', 'customers.organization_id', 'users.organization_id')
    .innerJoin('contracts', 'contracts.customer_id', 'customers.id')
    .select('users.email')
    .where('contracts.id', '=', nw.contract_id)
    .executeTakeFirstOrThrow();
  const login = await call(t.app, null, 'POST', '/api/v1/auth/login', {
    email: portalUser.email,
    password: DEMO_PASSWORD,
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const list = await t.app.inject({
    method: 'GET',
    url: `/api/v1/contracts/${nw.contract_id}/statements`,
    headers: { cookie },
  });
  expect(list.statusCode, list.body).toBe(200);
  expect(list.json().items.length).toBeGreaterThanOrEqual(4);
});
