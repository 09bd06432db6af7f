import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { counts, expectRefused, makeContact, makeRequestWorld, parseInvite } from './support/request-factories.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:10:00Z' });
});
afterAll(async () => t.close());

type World = Awaited<ReturnType<typeof makeRequestWorld>>;

async function emergency(w: World) {
  const r = await call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', {
    contractId: w.contract.id,
    kind: 'emergency',
    incidentType: 'ransomware',
    severity: 'P1',
    description: 'File servers encrypted',
    channel: 'hotline',
    receivedAt: '2026-11-02T09:07:00Z',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string };
}

/** The invitation emails of a call, newest last, with their parsed iCalendar part. */
async function invites(uid: string) {
  const rows = await t.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('topic', 'like', 'scoping_call.%')
    .orderBy('id')
    .execute();
  return rows
    .filter((r) => r.payload.icalEvent?.content.includes(`UID:${uid}`))
    .map((r) => ({
      topic: r.topic,
      to: r.payload.to,
      subject: r.payload.subject,
      text: r.payload.text,
      method: r.payload.icalEvent!.method,
      ical: parseInvite(r.payload.icalEvent!.content),
    }));
}

const ledgerRows = async () => {
  let n = 0;
  for (const table of ['ledger_entries', 'ledger_reservations', 'contract_balances'] as const) {
    n += Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return n;
};

describe('scoping calls', () => {
  it('books a call: the request moves to scoping, every attendee gets an iCalendar REQUEST in the customer zone', async () => {
    const w = await makeRequestWorld(t, { timeZone: 'America/Chicago' });
    const r = await emergency(w);
    const itDirector = await makeContact(t, w.customer.customerId, { name: 'Marcus Reyes', canRequest: true });
    const ledgerBefore = await ledgerRows();
    const b = await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/scoping-calls`, {
      startsAt: '2026-11-02T09:45:00Z',
      durationMinutes: 30,
      attendees: [w.approver.contactId, itDirector.id, w.irManager.id],
      joinInfo: 'https://meet.example/nwf-0307',
    });
    expect(b.statusCode, b.body).toBe(201);
    const callView = b.json();
    expect(callView).toMatchObject({
      status: 'scheduled',
      startsAt: '2026-11-02T09:45:00.000Z',
      endsAt: '2026-11-02T10:15:00.000Z',
      timeZone: 'America/Chicago',
      sequence: 0,
      organizer: { userId: w.irManager.id, email: w.irManager.email },
      outcome: null,
    });
    expect(callView.attendees.map((a: { type: string; id: string }) => `${a.type}:${a.id}`)).toEqual([
      `contact:${w.approver.contactId}`,
      `contact:${itDirector.id}`,
      `user:${w.irManager.id}`,
    ]);
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${r.id}`)).json().status).toBe('scoping');

    const sent = await invites(callView.icalUid);
    expect(sent.map((m) => m.to[0]).sort()).toEqual([w.approver.email, itDirector.email, w.irManager.email].sort());
    for (const m of sent) {
      expect(m).toMatchObject({ topic: 'scoping_call.invite', method: 'REQUEST' });
      expect(m.ical).toMatchObject({
        method: 'REQUEST',
        uid: callView.icalUid,
        sequence: 0,
        status: 'CONFIRMED',
        tzid: 'America/Chicago',
        dtstartRaw: '2026-11-02T03:45:00',
      });
      expect(m.ical.start.toISOString()).toBe('2026-11-02T09:45:00.000Z');
      expect(m.ical.end.toISOString()).toBe('2026-11-02T10:15:00.000Z');
      expect(m.ical.organizer).toBe(`mailto:${w.irManager.email}`);
      expect(m.ical.attendees).toHaveLength(3);
      // Each reader's own zone, named: the customer's contacts the customer's, staff the firm's default (UTC).
      if (m.to[0] === w.irManager.email) expect(m.text).toContain('09:45 on Mon 2 Nov 2026 (UTC)');
      else expect(m.text).toContain('03:45 on Mon 2 Nov 2026 (America/Chicago)');
    }
    expect(await ledgerRows()).toBe(ledgerBefore);
  });

  it('reschedules on the same UID with a higher SEQUENCE, and cancels the removed attendee', async () => {
    const w = await makeRequestWorld(t, { timeZone: 'Europe/Berlin' });
    const r = await emergency(w);
    const c = (
      await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/scoping-calls`, {
        startsAt: '2026-11-02T10:00:00Z',
        durationMinutes: 45,
        attendees: [w.approver.contactId, w.requester.contactId],
      })
    ).json();
    const moved = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}/scoping-calls/${c.id}`, {
      startsAt: '2026-11-02T11:30:00Z',
      attendees: [w.approver.contactId],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ sequence: 1, startsAt: '2026-11-02T11:30:00.000Z', icalUid: c.icalUid });
    const sent = await invites(c.icalUid);
    const update = sent.filter((m) => m.topic === 'scoping_call.update');
    expect(update.map((m) => m.to[0])).toEqual([w.approver.email]);
    expect(update[0]!.ical).toMatchObject({
      method: 'REQUEST',
      uid: c.icalUid,
      sequence: 1,
      tzid: 'Europe/Berlin',
      dtstartRaw: '2026-11-02T12:30:00',
    });
    const removed = sent.filter((m) => m.topic === 'scoping_call.cancel');
    expect(removed.map((m) => m.to[0])).toEqual([w.requester.email]);
    expect(removed[0]!.ical).toMatchObject({ method: 'CANCEL', uid: c.icalUid, sequence: 1 });

    const notes = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}/scoping-calls/${c.id}`, {
      notes: 'Backups offline since Friday',
    });
    expect(notes.json()).toMatchObject({ sequence: 1, notes: 'Backups offline since Friday' });
    expect(await invites(c.icalUid)).toHaveLength(sent.length);

    const del = await call(t.app, w.irManager.auth, 'DELETE', `/api/v1/requests/${r.id}/scoping-calls/${c.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ status: 'cancelled', sequence: 2 });
    const cancel = (await invites(c.icalUid)).slice(sent.length);
    expect(cancel.map((m) => [m.to[0], m.method, m.ical.method, m.ical.sequence, m.ical.status])).toEqual([
      [w.approver.email, 'CANCEL', 'CANCEL', 2, 'CANCELLED'],
    ]);
    expect(cancel[0]!.ical.start.toISOString()).toBe('2026-11-02T11:30:00.000Z');

    const before = await counts(t);
    expect(
      (await call(t.app, w.irManager.auth, 'DELETE', `/api/v1/requests/${r.id}/scoping-calls/${c.id}`)).statusCode,
    ).toBe(409);
    expect(
      (
        await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}/scoping-calls/${c.id}`, {
          startsAt: '2026-11-03T10:00:00Z',
        })
      ).statusCode,
    ).toBe(409);
    expect(await counts(t)).toEqual(before);
  });

  it('moves the request on with the outcome: ewo_needed, advice_only, rejected (with a reason)', async () => {
    const w = await makeRequestWorld(t);
    /** Books a call at 09:30 and moves the clock to 09:30, when its outcome may be recorded. */
    const book = async () => {
      t.clock.set('2026-11-02T09:10:00Z');
      const r = await emergency(w);
      const c = (
        await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/scoping-calls`, {
          startsAt: '2026-11-02T09:30:00Z',
          durationMinutes: 30,
          attendees: [w.approver.contactId],
        })
      ).json();
      t.clock.set('2026-11-02T09:30:00Z');
      return { r, c, url: `/api/v1/requests/${r.id}/scoping-calls/${c.id}` };
    };
    const status = async (id: string) => (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${id}`)).json();

    const a = await book();
    const out = await call(t.app, w.irManager.auth, 'PATCH', a.url, {
      outcome: 'ewo_needed',
      notes: 'Remote now, on site tomorrow',
    });
    expect(out.json()).toMatchObject({ status: 'held', outcome: 'ewo_needed', sequence: 0 });
    expect((await status(a.r.id)).status).toBe('ewo_drafting');
    const twice = await call(t.app, w.irManager.auth, 'PATCH', a.url, { outcome: 'advice_only' });
    expect(twice.statusCode).toBe(409);
    expect((await call(t.app, w.irManager.auth, 'PATCH', a.url, { startsAt: '2026-11-03T09:00:00Z' })).statusCode).toBe(
      409,
    );
    expect((await call(t.app, w.irManager.auth, 'DELETE', a.url)).statusCode).toBe(409);

    const b = await book();
    await call(t.app, w.irManager.auth, 'PATCH', b.url, { outcome: 'advice_only' });
    expect((await status(b.r.id)).status).toBe('closed_advice_only');

    const c = await book();
    const before = await counts(t);
    const noReason = await call(t.app, w.irManager.auth, 'PATCH', c.url, { outcome: 'rejected' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
    expect(await counts(t)).toEqual(before);
    await call(t.app, w.irManager.auth, 'PATCH', c.url, {
      outcome: 'rejected',
      reason: 'Not a security incident: a failed disk',
    });
    expect(await status(c.r.id)).toMatchObject({
      status: 'rejected',
      statusReason: 'Not a security incident: a failed disk',
    });

    // A request that already left scoping refuses an outcome that would move it back; nothing is recorded.
    const d = await book();
    await call(t.app, w.requester.auth, 'POST', `/api/v1/requests/${d.r.id}/withdraw`, {});
    const snapshot = await counts(t);
    const e = await call(t.app, w.irManager.auth, 'PATCH', d.url, { outcome: 'advice_only' });
    expect(e.statusCode).toBe(409);
    expect(e.json()).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(e.json().detail).toContain('withdrawn');
    expect(await counts(t)).toEqual(snapshot);
    expect(
      (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${d.r.id}`)).json().scopingCalls[0].outcome,
    ).toBeNull();
    await expectRefused(
      t,
      call(t.app, w.irManager.auth, 'PATCH', d.url, { startsAt: '2026-11-04T09:00:00Z' }),
      409,
      'CONFLICT',
    );
    const cancelled = await call(t.app, w.irManager.auth, 'DELETE', d.url);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', sequence: 1 });
  });

  it('records an outcome only once the call has started: before, 422 saying when, and nothing written', async () => {
    t.clock.set('2026-11-02T09:10:00Z');
    const w = await makeRequestWorld(t);
    const r = await emergency(w);
    const c = (
      await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/scoping-calls`, {
        startsAt: '2026-11-02T15:00:00Z',
        durationMinutes: 30,
        attendees: [w.approver.contactId],
      })
    ).json();
    const url = `/api/v1/requests/${r.id}/scoping-calls/${c.id}`;
    const before = await counts(t);
    t.clock.set('2026-11-02T14:59:00Z');
    const early = await call(t.app, w.irManager.auth, 'PATCH', url, { outcome: 'advice_only', notes: 'too soon' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'BUSINESS_RULE' });
    // Said in the customer's zone, never as a UTC instant.
    expect(early.json().detail).toBe(
      'The scoping call starts at 09:00 on Mon 2 Nov 2026 (America/Chicago): record its outcome once it has started.',
    );
    expect(early.json().detail).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await counts(t)).toEqual(before);
    const read = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(read.status).toBe('scoping');
    expect(read.scopingCalls[0]).toMatchObject({ outcome: null, status: 'scheduled', notes: '' });
    // Moving the call earlier in the same change does not help when the new time is still ahead.
    expect(
      (await call(t.app, w.irManager.auth, 'PATCH', url, { outcome: 'advice_only', startsAt: '2026-11-02T14:59:30Z' }))
        .statusCode,
    ).toBe(422);
    t.clock.set('2026-11-02T15:00:00Z');
    const held = await call(t.app, w.irManager.auth, 'PATCH', url, { outcome: 'advice_only' });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ status: 'held', outcome: 'advice_only' });
    t.clock.set('2026-11-02T09:10:00Z');
  });

  it('refuses unknown or foreign attendees, customers, closed requests and calls of other requests, leaving nothing behind', async () => {
    const w = await makeRequestWorld(t);
    const other = await makeRequestWorld(t);
    const r = await emergency(w);
    const url = `/api/v1/requests/${r.id}/scoping-calls`;
    const body = { startsAt: '2026-11-02T09:30:00Z', durationMinutes: 30, attendees: [w.approver.contactId] };
    const check = (p: Promise<{ statusCode: number; json(): unknown }>, status: number, code: string) =>
      expectRefused(t, p, status, code);
    const foreign = await check(
      call(t.app, w.irManager.auth, 'POST', url, {
        ...body,
        attendees: [w.approver.contactId, other.approver.contactId],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(foreign.errors?.[0]?.path).toBe('body.attendees.1');
    await check(
      call(t.app, w.irManager.auth, 'POST', url, { ...body, attendees: [other.approver.id] }),
      400,
      'VALIDATION_FAILED',
    );
    await check(call(t.app, w.irManager.auth, 'POST', url, { ...body, attendees: [] }), 400, 'VALIDATION_FAILED');
    await check(call(t.app, w.irManager.auth, 'POST', url, { ...body, durationMinutes: 2 }), 400, 'VALIDATION_FAILED');
    await check(call(t.app, w.approver.auth, 'POST', url, body), 403, 'FORBIDDEN');
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    await check(call(t.app, consultant.auth, 'POST', url, body), 403, 'FORBIDDEN');
    await check(
      call(t.app, w.irManager.auth, 'POST', '/api/v1/requests/req_missing/scoping-calls', body),
      404,
      'NOT_FOUND',
    );

    const c = (await call(t.app, w.irManager.auth, 'POST', url, body)).json();
    const r2 = await emergency(w);
    await check(
      call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r2.id}/scoping-calls/${c.id}`, { notes: 'x' }),
      404,
      'NOT_FOUND',
    );
    await check(
      call(t.app, w.irManager.auth, 'DELETE', `/api/v1/requests/${r2.id}/scoping-calls/${c.id}`),
      404,
      'NOT_FOUND',
    );
    await check(
      call(t.app, w.irManager.auth, 'PATCH', `${url}/${c.id}`, { notes: 'x', revision: 99 }),
      409,
      'STALE_REVISION',
    );
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r2.id}/reject`, { reason: 'Duplicate' });
    await check(
      call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r2.id}/scoping-calls`, body),
      409,
      'CONFLICT',
    );
  });
});
