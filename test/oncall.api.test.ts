import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImrWith } from './support/cli-runner.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { expectRefused, makeRequestWorld } from './support/request-factories.ts';

let t: TestEnv;
let manager: Awaited<ReturnType<typeof makeUserWithToken>>;
let consultantA: Awaited<ReturnType<typeof makeUserWithToken>>;
let consultantB: Awaited<ReturnType<typeof makeUserWithToken>>;
beforeAll(async () => {
  t = await createTestEnv({ now: '2027-03-01T00:00:00Z' });
  manager = await makeUserWithToken(t, { role: 'ir_manager', name: 'Irene Manager' });
  consultantA = await makeUserWithToken(t, { role: 'consultant', name: 'Ada Pager' });
  consultantB = await makeUserWithToken(t, { role: 'consultant', name: 'Ben Pager' });
  // Ada's home base is in New York and Irene's in Berlin: mails and refusals quote times in those zones.
  await eligible(consultantA.id, true, 'America/New_York');
  await eligible(consultantB.id);
  await eligible(manager.id, false, 'Europe/Berlin');
});

/** No ISO instant in a sentence people read. */
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

async function eligible(userId: string, onCall = true, timeZone = 'UTC') {
  await t.db.kysely
    .insertInto('consultant_profiles')
    .values({
      user_id: userId,
      time_zone: timeZone,
      languages: '[]',
      home_city: null,
      home_country: null,
      home_latitude: null,
      home_longitude: null,
      working_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
      on_call_eligible: onCall,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .execute();
}
afterAll(async () => t.close());

const rota = async (name: string) => {
  const r = await call(t.app, manager.auth, 'POST', '/api/v1/oncall/rotas', { name });
  expect(r.statusCode).toBe(201);
  return r.json().id as string;
};
const shift = (rotaId: string, userId: string, start: string, end: string) =>
  call(t.app, manager.auth, 'POST', `/api/v1/oncall/rotas/${rotaId}/shifts`, { userId, start, end });
const shiftCount = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('oncall_shifts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const outboxOf = (topic: string) =>
  t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', topic).orderBy('created_at').execute();

describe('on-call rota', () => {
  it('refuses a shift overlapping another of the same rota (409, nothing written), allows it in another rota', async () => {
    const a = await rota('Americas');
    const b = await rota('EMEA');
    expect((await shift(a, consultantA.id, '2027-03-01T00:00:00Z', '2027-03-01T12:00:00Z')).statusCode).toBe(201);
    const before = await shiftCount();
    const refused = await expectRefused(
      t,
      shift(a, consultantB.id, '2027-03-01T11:00:00Z', '2027-03-01T20:00:00Z'),
      409,
      'ONCALL_SHIFT_OVERLAP',
    );
    expect(refused.detail).toContain(
      "Ada Pager's shift from Sun 28 Feb 19:00 to Mon 1 Mar 07:00 (America/New_York) in rota Americas",
    );
    expect(refused.detail).not.toMatch(ISO);
    // The machine-readable instants stay in details.
    expect((refused.details?.['conflicts'] as { start: string }[])[0]).toMatchObject({
      start: '2027-03-01T00:00:00.000Z',
    });
    expect(await shiftCount()).toBe(before);
    expect((await shift(b, consultantB.id, '2027-03-01T11:00:00Z', '2027-03-01T20:00:00Z')).statusCode).toBe(201);
    // Touching ends are no overlap ([start, end)).
    expect((await shift(a, consultantB.id, '2027-03-01T12:00:00Z', '2027-03-01T13:00:00Z')).statusCode).toBe(201);
    // Moving a shift onto another is refused the same way.
    const moved = (await shift(a, consultantA.id, '2027-03-01T13:00:00Z', '2027-03-01T14:00:00Z')).json();
    await expectRefused(
      t,
      call(t.app, manager.auth, 'PATCH', `/api/v1/oncall/shifts/${moved.id}`, { start: '2027-03-01T12:30:00Z' }),
      409,
      'ONCALL_SHIFT_OVERLAP',
    );
  });

  it('the database itself refuses overlapping shifts of one rota (exclusion constraint)', async () => {
    const r = (
      await t.db.kysely.selectFrom('oncall_rotas').select('id').where('name', '=', 'Americas').executeTakeFirstOrThrow()
    ).id;
    await expect(
      t.db.kysely
        .insertInto('oncall_shifts')
        .values({
          id: 'shf_direct',
          rota_id: r,
          user_id: consultantB.id,
          starts_at: '2027-03-01T01:00:00Z',
          ends_at: '2027-03-01T02:00:00Z',
          created_by_user_id: null,
          created_at: t.clock.now(),
          updated_at: t.clock.now(),
        })
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' });
  });

  it('tells who holds the pager now, until when, and the next one; lists gaps in the next 14 days', async () => {
    t.clock.set('2027-03-01T05:00:00Z');
    const r = await call(t.app, consultantA.auth, 'GET', '/api/v1/oncall/now');
    expect(r.statusCode).toBe(200);
    const now = r.json();
    expect(now.current.map((s: { name: string; end: string }) => [s.name, s.end])).toEqual([
      ['Ada Pager', '2027-03-01T12:00:00.000Z'],
    ]);
    expect(now.next).toMatchObject({ name: 'Ben Pager', start: '2027-03-01T11:00:00.000Z', rotaName: 'EMEA' });
    expect(now.coverage.gaps[0]).toEqual({ start: '2027-03-01T20:00:00.000Z', end: '2027-03-15T05:00:00.000Z' });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const cli = await runImrWith(
      { IMR_URL: url, IMR_TOKEN: consultantA.auth.token, XDG_CONFIG_HOME: '/nonexistent-imr-test' },
      'oncall',
      'now',
    );
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toBe(
      'On call: Ada Pager (Americas) until 1 Mar 2027 12:00 UTC\n' +
        'Next: Ben Pager (EMEA) from 1 Mar 2027 11:00 UTC\n' +
        'Gaps in the next 14 days: 1 Mar 2027 20:00 UTC – 15 Mar 2027 05:00 UTC\n',
    );
  });

  it('refuses rota edits to consultants and account managers (403) and everything to customers', async () => {
    const am = await makeUserWithToken(t, { role: 'account_manager' });
    await expectRefused(
      t,
      call(t.app, consultantA.auth, 'POST', '/api/v1/oncall/rotas', { name: 'Mine' }),
      403,
      'FORBIDDEN',
    );
    await expectRefused(t, call(t.app, am.auth, 'POST', '/api/v1/oncall/rotas', { name: 'Mine' }), 403, 'FORBIDDEN');
    const w = await makeRequestWorld(t);
    await expectRefused(t, call(t.app, w.approver.auth, 'GET', '/api/v1/oncall/now'), 403, 'FORBIDDEN');
    const rotas = (await call(t.app, manager.auth, 'GET', '/api/v1/oncall/rotas')).json().items;
    const notEligible = await makeUserWithToken(t, { role: 'consultant', name: 'Nora Notoncall' });
    await eligible(notEligible.id, false);
    const refused = await expectRefused(
      t,
      shift(rotas[0].id, notEligible.id, '2027-04-01T00:00:00Z', '2027-04-01T01:00:00Z'),
      422,
      'BUSINESS_RULE',
    );
    expect(refused.detail).toContain('Nora Notoncall is not eligible for on call');
    await expectRefused(
      t,
      shift(rotas[0].id, w.approver.id, '2027-04-01T00:00:00Z', '2027-04-01T01:00:00Z'),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('coverage gaps and emergencies', () => {
  // The mail rule: a staff user's own zone (My profile), else the firm's default; never the home base, never UTC.
  // Irene's own zone (Kolkata) and Ada's (Tokyo) differ from their home bases (Berlin, New York); the firm's
  // office is in Sydney, which the staff without an own zone read.
  beforeAll(async () => {
    const admin = await makeUserWithToken(t, { role: 'admin', name: 'Olga Admin' });
    const firm = await call(t.app, admin.auth, 'PATCH', '/api/v1/settings', {
      profile: { timeZone: 'Australia/Sydney' },
      reason: "The firm's office is in Sydney",
    });
    expect(firm.statusCode, firm.body).toBe(200);
    for (const [user, timeZone] of [
      [manager, 'Asia/Kolkata'],
      [consultantA, 'Asia/Tokyo'],
    ] as const) {
      const me = await call(t.app, user.auth, 'PATCH', '/api/v1/auth/me', { timeZone });
      expect(me.statusCode, me.body).toBe(200);
    }
  });

  it('tells the IR managers of a gap once, however often the job runs', async () => {
    t.clock.set('2027-03-01T06:00:00Z');
    const before = (await outboxOf('oncall.gap')).length;
    const first = await t.core.services.oncall.notifyGaps();
    expect(first.gaps).toBeGreaterThan(0);
    expect(first.notified).toBe(first.gaps);
    t.clock.set('2027-03-01T06:30:00Z');
    const second = await t.core.services.oncall.notifyGaps();
    expect(second.notified).toBe(0);
    // One message per gap and reader's zone: each manager is told of each gap once.
    const mails = (await outboxOf('oncall.gap'))
      .slice(before)
      .map((m) => m.payload as { to: string[]; subject: string; text: string });
    const irenes = mails.filter((m) => m.to.includes(manager.email));
    expect(irenes).toHaveLength(first.gaps);
    const payload = irenes.at(-1)!;
    // In Irene's own zone (Kolkata), not her home base's (Berlin), the zone named.
    expect(payload.subject).toBe('On-call gap from 01:30 on Tue 2 Mar 2027 (Asia/Kolkata)');
    expect(payload.text).toContain('Nobody is on call from Tue 2 Mar 01:30 to ');
    expect(payload.text).toContain('(Asia/Kolkata)');
    expect(payload.text).not.toContain('Europe/Berlin');
    // A manager without an own zone reads the firm's default, not UTC.
    const others = mails.filter((m) => !m.to.includes(manager.email));
    expect(others.length).toBeGreaterThan(0);
    for (const m of others) expect(m.subject).toMatch(/\(Australia\/Sydney\)$/);
    expect(`${payload.subject}\n${payload.text}`).not.toMatch(ISO);
  });

  it('pages the on-call responder at once with the initial-contact due time', async () => {
    t.clock.set('2027-03-01T05:10:00Z');
    const w = await makeRequestWorld(t);
    const r = await call(t.app, w.requester.auth, 'POST', '/api/v1/requests', {
      contractId: w.contract.id,
      kind: 'emergency',
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'Every share encrypted.',
    });
    expect(r.statusCode).toBe(201);
    const mail = (await outboxOf('oncall.emergency')).at(-1)!;
    const payload = mail.payload as { to: string[]; subject: string; text: string };
    expect(payload.to).toEqual([consultantA.email]);
    // In Ada's own zone (Tokyo), not her home base's (New York), the zone named; the customer's zone beside it.
    expect(payload.subject).toContain('initial contact due 15:10 on Mon 1 Mar 2027 (Asia/Tokyo)');
    expect(payload.text).toContain('Initial contact is due by 15:10 on Mon 1 Mar 2027 (Asia/Tokyo)');
    expect(payload.text).not.toContain('America/New_York');
    expect(`${payload.subject}\n${payload.text}`).not.toMatch(ISO);
    expect(await outboxOf('oncall.uncovered-emergency')).toHaveLength(0);
  });

  it('while nobody is on call, every IR manager is told of a new emergency', async () => {
    t.clock.set('2027-03-02T03:00:00Z');
    const w = await makeRequestWorld(t);
    const r = await call(t.app, w.requester.auth, 'POST', '/api/v1/requests', {
      contractId: w.contract.id,
      kind: 'emergency',
      incidentType: 'business_email_compromise',
      severity: 'P2',
      description: 'Payroll mailbox forwarding to an outside address.',
    });
    expect(r.statusCode).toBe(201);
    // One message per reader's zone: Irene's in her own (Kolkata), the managers without one in the firm's (Sydney).
    const mails = (await outboxOf('oncall.uncovered-emergency')).map(
      (m) => m.payload as { to: string[]; subject: string; text: string },
    );
    const managers = (
      await t.db.kysely.selectFrom('users').select('email').where('role', '=', 'ir_manager').execute()
    ).map((u) => u.email);
    expect(mails.flatMap((m) => m.to).sort()).toEqual([...managers].sort());
    expect(managers).toContain(w.irManager.email);
    for (const m of mails) {
      expect(m.subject).toContain('[Nobody on call]');
      expect(`${m.subject}\n${m.text}`).not.toMatch(ISO);
    }
    const irenes = mails.find((m) => m.to.includes(manager.email))!;
    expect(irenes.text).toMatch(/Initial contact is due by \d\d:\d\d on \w{3} \d+ \w{3} 2027 \(Asia\/Kolkata\)/);
    const others = mails.find((m) => m.to.includes(w.irManager.email))!;
    expect(others.text).toMatch(/Initial contact is due by \d\d:\d\d on \w{3} \d+ \w{3} 2027 \(Australia\/Sydney\)/);
    expect(others.text).not.toContain('(UTC)');
  });
});
