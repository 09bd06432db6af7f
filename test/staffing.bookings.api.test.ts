/**
 * Bookings through the API on both back ends: the exclusion constraint (also under concurrent bookings),
 * tentative overlap, time off, the EWO window, the lead time, the team link, check-in, location change,
 * and tenant and role refusals with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './support/db.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { makeStaffingWorld, shapeEngagement, staffingCounts } from './support/staffing-factories.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeStaffingWorld>>;
const bookingsUrl = (id = w.engagement.id) => `/api/v1/engagements/${id}/bookings`;

beforeAll(async () => {
  t = await createTestEnv();
  w = await makeStaffingWorld(t);
});
afterAll(async () => t.close());

const book = (body: Record<string, unknown>, o: { auth?: Auth; engagementId?: string } = {}) =>
  call(t.app, o.auth ?? w.staff.manager.auth, 'POST', bookingsUrl(o.engagementId), {
    consultantId: w.staff.consultant.id,
    mode: 'remote',
    status: 'confirmed',
    ...body,
  });

/** Expects the request to be refused with `status`/`code` and the staffing tables, audit and outbox unchanged. */
async function refusedUnchanged(
  request: () => Promise<{ statusCode: number; body: string; json(): unknown }>,
  status: number,
  code: string,
) {
  const before = await staffingCounts(t);
  const r = await request();
  expect(r.statusCode, r.body).toBe(status);
  expect((r.json() as { code: string }).code).toBe(code);
  expect(await staffingCounts(t)).toEqual(before);
  const problem = r.json() as {
    code: string;
    detail: string;
    details?: { conflicts?: { id: string; kind: string; start: string }[] };
  };
  // Times as people write them, the zone named; never an ISO instant (those stay in details).
  expect(problem.detail).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  return problem;
}

describe('booking a consultant', () => {
  let first: { id: string; sequence: number; revision: number };

  it('books a confirmed period, adds the consultant to the team, audits it', async () => {
    const r = await book({ start: '2026-11-10T14:00:00Z', end: '2026-11-10T22:00:00Z' });
    expect(r.statusCode, r.body).toBe(201);
    first = r.json();
    expect(r.json()).toMatchObject({
      consultantId: w.staff.consultant.id,
      engagementId: w.engagement.id,
      mode: 'remote',
      status: 'confirmed',
      sequence: 0,
      start: '2026-11-10T14:00:00.000Z',
      end: '2026-11-10T22:00:00.000Z',
    });
    const team = await t.db.kysely
      .selectFrom('engagement_team')
      .selectAll()
      .where('engagement_id', '=', w.engagement.id)
      .where('user_id', '=', w.staff.consultant.id)
      .execute();
    expect(team).toHaveLength(1);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', 'in', [first.id, w.engagement.id])
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['booking.created', 'engagement.team_added']));
  });

  it('refuses an overlapping confirmed booking with 409 BOOKING_CONFLICT naming the conflict; nothing written', async () => {
    const problem = await refusedUnchanged(
      () => book({ start: '2026-11-10T20:00:00Z', end: '2026-11-11T02:00:00Z' }, { engagementId: w.second.id }),
      409,
      'BOOKING_CONFLICT',
    );
    expect(problem.details?.conflicts).toEqual([
      expect.objectContaining({ id: first.id, kind: 'booking', start: '2026-11-10T14:00:00.000Z' }),
    ]);
    // In the customer's zone (America/Chicago), the zone named.
    expect(problem.detail).toMatch(
      /is already booked on \S+ from Tue 10 Nov 08:00 to 16:00 \(America\/Chicago\)\. Choose other times/,
    );
  });

  it('allows a tentative overlap, but refuses confirming it while the confirmed one stands', async () => {
    const r = await book(
      { start: '2026-11-10T20:00:00Z', end: '2026-11-11T02:00:00Z', status: 'tentative' },
      { engagementId: w.second.id },
    );
    expect(r.statusCode, r.body).toBe(201);
    const tentative = r.json();
    const problem = await refusedUnchanged(
      () =>
        call(t.app, w.staff.manager.auth, 'PATCH', `${bookingsUrl(w.second.id)}/${tentative.id}`, {
          status: 'confirmed',
          revision: tentative.revision,
        }),
      409,
      'BOOKING_CONFLICT',
    );
    expect(problem.details?.conflicts?.[0]?.id).toBe(first.id);
  });

  it('books back to back ([start, end) periods touch without overlapping)', async () => {
    const r = await book({ start: '2026-11-10T22:00:00Z', end: '2026-11-11T01:00:00Z' });
    expect(r.statusCode, r.body).toBe(201);
  });

  it('moves a booking (SEQUENCE up) and a cancelled booking no longer blocks', async () => {
    const moved = await call(t.app, w.staff.manager.auth, 'PATCH', `${bookingsUrl()}/${first.id}`, {
      start: '2026-11-12T14:00:00Z',
      end: '2026-11-12T22:00:00Z',
      revision: first.revision,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ sequence: 1, start: '2026-11-12T14:00:00.000Z' });
    const cancelled = await call(t.app, w.staff.manager.auth, 'DELETE', `${bookingsUrl()}/${first.id}?reason=Moved`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ sequence: 2, cancelReason: 'Moved' });
    expect(cancelled.json().cancelledAt).not.toBeNull();
    const again = await book(
      { start: '2026-11-12T14:00:00Z', end: '2026-11-12T22:00:00Z' },
      { engagementId: w.second.id },
    );
    expect(again.statusCode, again.body).toBe(201);
  });
});

describe('time off', () => {
  const timeOffUrl = () => `/api/v1/consultants/${w.staff.consultant.id}/time-off`;

  it('refuses time off over a confirmed booking, listing it (409), nothing written', async () => {
    const b = await book({ start: '2026-11-16T15:00:00Z', end: '2026-11-16T23:00:00Z' });
    expect(b.statusCode, b.body).toBe(201);
    const problem = await refusedUnchanged(
      () =>
        call(t.app, w.staff.manager.auth, 'POST', timeOffUrl(), {
          start: '2026-11-16',
          end: '2026-11-17',
          reason: 'Sick',
        }),
      409,
      'BOOKING_CONFLICT',
    );
    expect(problem.details?.conflicts).toEqual([expect.objectContaining({ id: b.json().id, kind: 'booking' })]);
    // In the consultant's home-base zone; without a profile, UTC named as such.
    expect(problem.detail).toMatch(
      /a confirmed booking on \S+ from Mon 16 Nov 15:00 to 23:00 \(UTC\)\): move or cancel/,
    );
  });

  it('lets the consultant enter his own time off; a booking over it is refused naming the time off', async () => {
    const r = await call(t.app, w.staff.consultant.auth, 'POST', timeOffUrl(), {
      start: '2026-11-20',
      end: '2026-11-22',
      reason: 'Family',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().reason).toBe('Family');
    const problem = await refusedUnchanged(
      () => book({ start: '2026-11-21T15:00:00Z', end: '2026-11-21T20:00:00Z' }),
      409,
      'BOOKING_CONFLICT',
    );
    expect(problem.details?.conflicts).toEqual([expect.objectContaining({ id: r.json().id, kind: 'time_off' })]);
    // His time off (whole days in UTC, his zone) as the customer's zone reads it.
    expect(problem.detail).toMatch(/has time off from Thu 19 Nov 18:00 to Sun 22 Nov 18:00 \(America\/Chicago\)/);
    // Tentative over time off is allowed (shown as such).
    const tentative = await book({ start: '2026-11-21T15:00:00Z', end: '2026-11-21T20:00:00Z', status: 'tentative' });
    expect(tentative.statusCode, tentative.body).toBe(201);
  });

  it('hides the reason from other consultants and refuses their edits; customers get 404', async () => {
    const list = await call(t.app, w.staff.outsider.auth, 'GET', timeOffUrl());
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    expect(list.json().items.every((i: { reason: string | null }) => i.reason === null)).toBe(true);
    await refusedUnchanged(
      () => call(t.app, w.staff.outsider.auth, 'POST', timeOffUrl(), { start: '2026-12-01', end: '2026-12-01' }),
      403,
      'FORBIDDEN',
    );
    const customer = await call(t.app, w.approver.auth, 'GET', timeOffUrl());
    expect(customer.statusCode).toBe(404);
  });
});

describe('schedule follows the EWO', () => {
  it('refuses a booking outside the approved window (422), nothing written', async () => {
    const p = await refusedUnchanged(
      () => book({ start: '2027-01-05T15:00:00Z', end: '2027-01-05T20:00:00Z' }),
      422,
      'OUTSIDE_SCHEDULE_WINDOW',
    );
    expect(p).toMatchObject({ details: { windowStart: '2026-11-02', windowEnd: '2026-12-31' } });
    expect(p.detail).toContain(
      'The booking, Tue 5 Jan 09:00 to 14:00 (America/Chicago), must lie within the schedule the customer approved: ' +
        'Mon 2 Nov 2026 to Thu 31 Dec 2026 (America/Chicago).',
    );
    // The window's last day counts until midnight in the customer's zone (America/Chicago).
    const edge = await book({ start: '2026-12-31T20:00:00Z', end: '2027-01-01T05:00:00Z' });
    expect(edge.statusCode, edge.body).toBe(201);
  });

  it('refuses a proactive booking before the request’s earliest start (lead time), nothing written', async () => {
    await shapeEngagement(t, w.second.id, { kind: 'proactive', earliestStart: '2026-11-30' });
    await refusedUnchanged(
      () => book({ start: '2026-11-25T15:00:00Z', end: '2026-11-25T20:00:00Z' }, { engagementId: w.second.id }),
      422,
      'LEAD_TIME_TOO_SHORT',
    );
    const ok = await book(
      { start: '2026-11-30T15:00:00Z', end: '2026-11-30T20:00:00Z' },
      { engagementId: w.second.id },
    );
    expect(ok.statusCode, ok.body).toBe(201);
    await shapeEngagement(t, w.second.id, { kind: 'emergency' });
  });
});

describe('refusals', () => {
  it('a consultant cannot book (403), a customer cannot (403), another tenant gets 404; nothing written', async () => {
    const body = { start: '2026-12-02T15:00:00Z', end: '2026-12-02T20:00:00Z' };
    await refusedUnchanged(() => book(body, { auth: w.staff.consultant.auth }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => book(body, { auth: w.approver.auth }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => book(body, { auth: w.otherApprover.auth }), 404, 'NOT_FOUND');
  });

  it('refuses an inverted period and a customer user as consultant', async () => {
    await refusedUnchanged(
      () => book({ start: '2026-12-02T20:00:00Z', end: '2026-12-02T15:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
    await refusedUnchanged(
      () => book({ start: '2026-12-02T15:00:00Z', end: '2026-12-02T20:00:00Z', consultantId: w.approver.id }),
      422,
      'BUSINESS_RULE',
    );
  });

  it('lists bookings: managers any consultant’s, a consultant only his own', async () => {
    const mine = await call(
      t.app,
      w.staff.consultant.auth,
      'GET',
      '/api/v1/bookings?from=2026-11-01T00:00:00Z&to=2027-01-31T00:00:00Z',
    );
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.length).toBeGreaterThan(0);
    expect(mine.json().items.every((b: { consultantId: string }) => b.consultantId === w.staff.consultant.id)).toBe(
      true,
    );
    const byManager = await call(
      t.app,
      w.staff.manager.auth,
      'GET',
      `/api/v1/bookings?consultant=${w.staff.consultant.id}&from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z`,
    );
    expect(byManager.json().items.map((b: { start: string }) => b.start)).toEqual([
      '2026-11-10T20:00:00.000Z',
      '2026-11-10T22:00:00.000Z',
    ]);
    const other = await call(
      t.app,
      w.staff.outsider.auth,
      'GET',
      `/api/v1/bookings?consultant=${w.staff.consultant.id}`,
    );
    expect(other.statusCode).toBe(403);
    const customer = await call(t.app, w.approver.auth, 'GET', '/api/v1/bookings');
    expect(customer.statusCode).toBe(403);
  });
});

describe('on site: check-in and location', () => {
  it('an on-site booking takes the engagement’s only site and is checked in by the consultant', async () => {
    t.clock.set('2026-12-03T16:00:00Z');
    const b = await book({ start: '2026-12-03T15:00:00Z', end: '2026-12-03T23:00:00Z', mode: 'onsite' });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ siteId: w.site, siteName: 'Head office' });
    const outsider = await call(t.app, w.staff.outsider.auth, 'POST', `${bookingsUrl()}/${b.json().id}/check-in`, {});
    expect(outsider.statusCode).toBe(404);
    const r = await call(t.app, w.staff.consultant.auth, 'POST', `${bookingsUrl()}/${b.json().id}/check-in`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      checkedInAt: '2026-12-03T16:00:00.000Z',
      checkedInBy: { id: w.staff.consultant.id },
    });
    const remote = await book({ start: '2026-12-04T15:00:00Z', end: '2026-12-04T20:00:00Z' });
    const refused = await call(
      t.app,
      w.staff.consultant.auth,
      'POST',
      `${bookingsUrl()}/${remote.json().id}/check-in`,
      {},
    );
    expect(refused.statusCode).toBe(422);
  });

  it('an IR manager changes the location with a reason: audited, the customer’s approving contacts told', async () => {
    const e = await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${w.engagement.id}`);
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.consultant.auth, 'POST', `/api/v1/engagements/${w.engagement.id}/location`, {
          deliveryMode: 'remote',
          siteIds: [],
          reason: 'Site closed',
          revision: e.json().revision,
        }),
      403,
      'FORBIDDEN',
    );
    const r = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/engagements/${w.engagement.id}/location`, {
      deliveryMode: 'remote',
      siteIds: [],
      reason: 'The site is closed after the flood',
      revision: e.json().revision,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().deliveryMode).toBe('remote');
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'engagement.location_changed')
      .where('entity_id', '=', w.engagement.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).toContain('The site is closed after the flood');
    const mail = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'engagement.location_changed')
      .execute();
    const to = mail.flatMap((m) => m.payload.to);
    expect(to).toEqual(expect.arrayContaining([w.approver.contactEmail]));
    // What the customer reads names the engagement by number and the reason, never internal ids.
    expect(mail[0]!.payload.text).toContain(w.engagement.number);
    expect(mail[0]!.payload.text).toContain('The site is closed after the flood');
    expect(mail.every((m) => !m.payload.text.replace(/https?:\/\/\S+/g, '').includes(w.engagement.id))).toBe(true);
  });
});

describe('team and bookings are one thing', () => {
  it('removing the consultant from the team cancels his future bookings', async () => {
    t.clock.set('2026-12-05T00:00:00Z');
    const future = await book({ start: '2026-12-10T15:00:00Z', end: '2026-12-10T20:00:00Z' });
    expect(future.statusCode, future.body).toBe(201);
    const r = await call(t.app, w.staff.manager.auth, 'DELETE', `/api/v1/engagements/${w.engagement.id}/team`, {
      userId: w.staff.consultant.id,
    });
    expect(r.statusCode, r.body).toBe(200);
    const row = await t.db.kysely
      .selectFrom('busy_periods')
      .selectAll()
      .where('id', '=', future.json().id)
      .executeTakeFirstOrThrow();
    expect(row.cancelled_at).not.toBeNull();
    expect(row.blocking).toBe(false);
    expect(row.sequence).toBe(1);
    // An earlier, finished booking is left as it was.
    const past = await t.db.kysely
      .selectFrom('busy_periods')
      .select(['cancelled_at'])
      .where('engagement_id', '=', w.engagement.id)
      .where('consultant_id', '=', w.staff.consultant.id)
      .where('mode', '=', 'onsite')
      .executeTakeFirstOrThrow();
    expect(past.cancelled_at).toBeNull();
  });
});

describe.runIf(onPostgres())('concurrency (PostgreSQL)', () => {
  it('two concurrent confirmed bookings of one consultant: one 201, one 409', async () => {
    const body = { consultantId: w.staff.outsider.id, start: '2026-12-15T15:00:00Z', end: '2026-12-15T20:00:00Z' };
    const results = await Promise.all([
      book(body, { engagementId: w.engagement.id }),
      book(body, { engagementId: w.second.id }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(loser.json().code).toBe('BOOKING_CONFLICT');
    expect(loser.json().details.conflicts).toHaveLength(1);
    const rows = await t.db.kysely
      .selectFrom('busy_periods')
      .select('id')
      .where('consultant_id', '=', w.staff.outsider.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
