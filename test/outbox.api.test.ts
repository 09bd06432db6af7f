import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxState, outboxStates } from '../src/core/mail/mail.rules.ts';
import type { MailTransport } from '../src/core/mail/transport.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

const BODY = 'Secret body 4c1e: reset link';

/** A transport whose server is up, down (no connection) or refusing (550), as the test says. */
function switchableTransport() {
  const state = { mode: 'up' as 'up' | 'down' | 'refusing', sent: [] as string[] };
  const transport: MailTransport = {
    kind: 'smtp',
    async send(m) {
      if (state.mode === 'down')
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
          code: 'ESOCKET',
          originalCode: 'ECONNREFUSED',
        });
      if (state.mode === 'refusing')
        throw Object.assign(new Error(`Can't send mail - all recipients were rejected: 550 No such user ${m.to[0]}`), {
          responseCode: 550,
          code: 'EENVELOPE',
        });
      state.sent.push(m.subject);
    },
    async close() {},
  };
  return { state, transport };
}

describe('the outbox for admins', () => {
  let t: TestEnv;
  let smtp: ReturnType<typeof switchableTransport>;
  let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
  let manager: Awaited<ReturnType<typeof makeUserWithToken>>;
  let customer: Awaited<ReturnType<typeof makeUserWithToken>>;

  const enqueue = (subject: string, to = ['reader@example.test']) =>
    t.db.transaction((trx) =>
      t.core.services.outbox.enqueueEmail(trx, {
        topic: 'test.topic',
        to,
        subject,
        text: BODY,
        html: `<p>${BODY}</p>`,
      }),
    );
  const rowOf = (subject: string) =>
    t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('payload', '@>', JSON.stringify({ subject }) as never)
      .executeTakeFirstOrThrow();
  const auditCount = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    smtp = switchableTransport();
    t = await createTestEnv({ transport: smtp.transport });
    admin = await makeUserWithToken(t, { role: 'admin' });
    manager = await makeUserWithToken(t, { role: 'ir_manager' });
    customer = await makeUserWithToken(t, { role: 'customer_approver' });
  });
  afterAll(async () => t.close());

  it('shows a message failing during an outage with its error and next attempt, and counts it', async () => {
    smtp.state.mode = 'down';
    await enqueue('During the outage', ['a@example.test', 'b@example.test']);
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });

    const list = await call(t.app, admin.auth, 'GET', '/api/v1/outbox?status=failing');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({
      subject: 'During the outage',
      to: ['a@example.test', 'b@example.test'],
      cc: [],
      topic: 'test.topic',
      status: 'failing',
      attempts: 1,
      lastError: 'connect ECONNREFUSED 127.0.0.1:25',
      nextAttemptAt: '2026-11-02T09:00:10.000Z',
      createdAt: '2026-11-02T09:00:00.000Z',
      deliveredAt: null,
    });
    expect(list.json().items[0].messageId).toMatch(/^<out_/);
    expect(list.body).not.toContain(BODY);

    const summary = await call(t.app, admin.auth, 'GET', '/api/v1/outbox/summary');
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toEqual({
      queued: 0,
      sending: 0,
      failing: 1,
      delivered: 0,
      failed: 0,
      oldestWaitingSince: '2026-11-02T09:00:00.000Z',
      transport: 'smtp',
    });
  });

  it('lets an admin retry a failing message now after the outage; audited; then it is delivered', async () => {
    const row = await rowOf('During the outage');
    smtp.state.mode = 'up';
    // Not due for 10 s: a round now sends nothing.
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    const retried = await call(t.app, admin.auth, 'POST', `/api/v1/outbox/${row.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({
      id: row.id,
      status: 'failing',
      nextAttemptAt: t.clock.now().toISOString(),
      attempts: 1,
    });
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'outbox.retried')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity_type: 'outbox',
      entity_id: row.id,
      actor_id: admin.id,
      before: { state: 'failing', attempts: 1, lastError: 'connect ECONNREFUSED 127.0.0.1:25' },
    });
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const after = await call(t.app, admin.auth, 'GET', '/api/v1/outbox?status=delivered');
    expect(after.json().items.map((m: { subject: string }) => m.subject)).toEqual(['During the outage']);
    expect(after.json().items[0]).toMatchObject({
      status: 'delivered',
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: t.clock.now().toISOString(),
    });
  });

  it('marks a permanent refusal failed; a retry after the cause is fixed delivers it', async () => {
    smtp.state.mode = 'refusing';
    await enqueue('Refused for good', ['gone@example.test']);
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    const failed = (await call(t.app, admin.auth, 'GET', '/api/v1/outbox?status=failed')).json().items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ subject: 'Refused for good', status: 'failed', nextAttemptAt: null });
    expect(failed[0].lastError).toBe("Can't send mail - all recipients were rejected: 550 No such user …@example.test");
    t.clock.advance(3_600_000);
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    smtp.state.mode = 'up';
    expect((await call(t.app, admin.auth, 'POST', `/api/v1/outbox/${failed[0].id}/retry`)).statusCode).toBe(200);
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(smtp.state.sent).toContain('Refused for good');
  });

  it('refuses a retry of what is not failing, of a missing message and by anyone but an admin, changing nothing', async () => {
    await enqueue('Queued still');
    const queued = await rowOf('Queued still');
    const delivered = await rowOf('Refused for good');
    const before = await t.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
    const audits = await auditCount();

    const again = await call(t.app, admin.auth, 'POST', `/api/v1/outbox/${delivered.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({
      code: 'INVALID_TRANSITION',
      detail: 'This message cannot be retried: it was delivered already.',
    });
    expect((await call(t.app, admin.auth, 'POST', `/api/v1/outbox/${queued.id}/retry`)).json()).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect((await call(t.app, admin.auth, 'POST', '/api/v1/outbox/out_missing/retry')).statusCode).toBe(404);
    for (const who of [manager, customer]) {
      for (const [method, url] of [
        ['GET', '/api/v1/outbox'],
        ['GET', '/api/v1/outbox/summary'],
        ['POST', `/api/v1/outbox/${queued.id}/retry`],
      ] as const) {
        const r = await call(t.app, who.auth, method, url);
        expect(r.statusCode, `${who.role} ${method} ${url}`).toBe(403);
        expect(r.json().code).toBe('FORBIDDEN');
      }
    }
    for (const url of ['/api/v1/outbox', '/api/v1/outbox/summary'])
      expect((await call(t.app, null, 'GET', url)).statusCode).toBe(401);
    expect((await call(t.app, null, 'POST', `/api/v1/outbox/${queued.id}/retry`)).statusCode).toBe(401);

    expect(await t.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('refuses a bad filter with 400, survives a bad cursor, and pages newest first without gaps', async () => {
    const bad = await call(t.app, admin.auth, 'GET', '/api/v1/outbox?status=pending');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect([200, 400]).toContain((await call(t.app, admin.auth, 'GET', '/api/v1/outbox?cursor=fuzz')).statusCode);
    for (let i = 0; i < 5; i++) await enqueue(`Paged ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        t.app,
        admin.auth,
        'GET',
        `/api/v1/outbox?status=queued&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.statusCode).toBe(200);
      seen.push(...r.json().items.map((m: { subject: string }) => m.subject));
      cursor = r.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged 0', 'Queued still']);
  });

  it('retries every failed message at once after the cause is fixed, audited once; refusals change nothing', async () => {
    smtp.state.mode = 'up';
    await t.core.services.delivery.deliverDue(50);
    smtp.state.mode = 'refusing';
    for (const i of [1, 2, 3]) await enqueue(`Bad login ${i}`, [`person${i}@example.test`]);
    await t.core.services.delivery.deliverDue();
    const failedIds = (await call(t.app, admin.auth, 'GET', '/api/v1/outbox?status=failed'))
      .json()
      .items.map((m: { id: string }) => m.id);
    expect(failedIds).toHaveLength(3);

    const before = await t.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
    const audits = await auditCount();
    expect((await call(t.app, manager.auth, 'POST', '/api/v1/outbox/retry', { status: 'failed' })).statusCode).toBe(
      403,
    );
    expect((await call(t.app, customer.auth, 'POST', '/api/v1/outbox/retry', { status: 'failed' })).statusCode).toBe(
      403,
    );
    expect((await call(t.app, null, 'POST', '/api/v1/outbox/retry', { status: 'failed' })).statusCode).toBe(401);
    for (const body of [{ status: 'delivered' }, { status: 'queued' }, {}]) {
      const r = await call(t.app, admin.auth, 'POST', '/api/v1/outbox/retry', body);
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await t.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await auditCount()).toBe(audits);

    // Nothing failing: nothing changes and nothing is audited.
    expect((await call(t.app, admin.auth, 'POST', '/api/v1/outbox/retry', { status: 'failing' })).json()).toEqual({
      retried: 0,
    });
    expect(await auditCount()).toBe(audits);

    smtp.state.mode = 'up';
    const all = await call(t.app, admin.auth, 'POST', '/api/v1/outbox/retry', { status: 'failed' });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ retried: 3 });
    const event = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'outbox.retried_all')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ entity_type: 'outbox', entity_id: 'failed', actor_id: admin.id });
    expect((event.before as { ids: string[] }).ids.sort()).toEqual([...failedIds].sort());
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 3, failed: 0 });
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/outbox/summary')).json()).toMatchObject({
      failed: 0,
      failing: 0,
    });
  });

  it('filters and counts in SQL exactly as the state rule decides', async () => {
    const now = t.clock.now();
    const past = new Date(now.getTime() - 1000);
    const future = new Date(now.getTime() + 60_000);
    let i = 0;
    for (const status of ['pending', 'delivered', 'failed'] as const) {
      for (const locked_until of [null, past, now, future]) {
        for (const last_error of [null, 'boom']) {
          const id = `out_zz${String(++i).padStart(3, '0')}`;
          await t.db.kysely
            .insertInto('outbox')
            .values({
              id,
              channel: 'email',
              topic: 'grid',
              payload: JSON.stringify({ to: ['g@example.test'], subject: `grid ${i}`, text: 't', html: 'h' }),
              message_id: `<${id}@imr.test>`,
              status,
              attempts: last_error ? 2 : 0,
              next_attempt_at: now,
              locked_until,
              last_error,
              created_at: now,
            })
            .execute();
        }
      }
    }
    const rows = await t.db.kysely.selectFrom('outbox').selectAll().execute();
    const summary = (await call(t.app, admin.auth, 'GET', '/api/v1/outbox/summary')).json();
    for (const state of outboxStates) {
      const expected = rows
        .filter((r) => outboxState(r, now) === state)
        .map((r) => r.id)
        .sort();
      const listed = (await call(t.app, admin.auth, 'GET', `/api/v1/outbox?status=${state}&limit=200`)).json().items;
      expect(listed.map((m: { id: string }) => m.id).sort(), state).toEqual(expected);
      expect(listed.every((m: { status: string }) => m.status === state)).toBe(true);
      expect(summary[state], state).toBe(expected.length);
    }
  });
});
