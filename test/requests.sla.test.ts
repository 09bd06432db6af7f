import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../src/main/core.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { counts, expectRefused, makeContract, makeRequestWorld } from './support/request-factories.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
});
afterAll(async () => t.close());

type World = Awaited<ReturnType<typeof makeRequestWorld>>;

async function p1(w: World, receivedAt: string, extra: Record<string, unknown> = {}) {
  const r = await call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', {
    contractId: w.contract.id,
    kind: 'emergency',
    incidentType: 'ransomware',
    severity: 'P1',
    description: 'Encrypted',
    channel: 'hotline',
    receivedAt,
    ...extra,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; number: string };
}
const milestone = (w: World, id: string, body: Record<string, unknown>) =>
  call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${id}/milestones`, body);
const targetsOf = async (w: World, id: string) =>
  Object.fromEntries(
    (
      (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${id}`)).json().slaTargets as {
        kind: string;
        status: string;
      }[]
    ).map((x) => [x.kind, x.status]),
  );
const notices = async (id: string) =>
  (
    await t.db.kysely
      .selectFrom('outbox')
      .select(['topic', 'dedupe_key', 'payload'])
      .where('dedupe_key', 'like', `sla-%:${id}:%`)
      .orderBy('id')
      .execute()
  ).map((r) => `${r.topic}:${r.dedupe_key!.split(':')[2]}`);

describe('milestones', () => {
  it('records when a target was met, once per kind; a correction needs a reason and keeps the original', async () => {
    t.clock.set('2026-11-02T09:30:00Z');
    const w = await makeRequestWorld(t);
    const r = await p1(w, '2026-11-02T09:07:00Z');
    const first = await milestone(w, r.id, { kind: 'initial_contact', at: '2026-11-02T09:25:00Z' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().milestone).toMatchObject({
      kind: 'initial_contact',
      at: '2026-11-02T09:25:00.000Z',
      current: true,
      supersedesId: null,
    });
    expect(first.json().request.slaTargets[0]).toMatchObject({
      kind: 'initial_contact',
      status: 'met',
      metAt: '2026-11-02T09:25:00.000Z',
    });

    const before = await counts(t);
    const dup = await milestone(w, r.id, { kind: 'initial_contact', at: '2026-11-02T09:26:00Z' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CONFLICT');
    expect(dup.json().detail).toContain('2026-11-02T09:25:00.000Z');
    expect(await counts(t)).toEqual(before);

    const fix = await milestone(w, r.id, {
      kind: 'initial_contact',
      at: '2026-11-02T09:20:00Z',
      reason: 'Call log shows 09:20',
    });
    expect(fix.statusCode).toBe(201);
    expect(fix.json().milestone).toMatchObject({
      supersedesId: first.json().milestone.id,
      reason: 'Call log shows 09:20',
      current: true,
    });
    expect(fix.json().request.slaTargets[0].metAt).toBe('2026-11-02T09:20:00.000Z');
    const d = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(d.milestones.map((m: { current: boolean }) => m.current)).toEqual([false, true]);
    await expect(t.db.kysely.deleteFrom('request_milestones').where('request_id', '=', r.id).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('defaults to now and refuses a time in the future or before receipt, proactive requests, customers and unknown requests', async () => {
    t.clock.set('2026-11-02T10:00:00Z');
    const w = await makeRequestWorld(t);
    const r = await p1(w, '2026-11-02T09:07:00Z');
    const cases: [Promise<{ statusCode: number; json(): unknown }>, number, string][] = [
      [milestone(w, r.id, { kind: 'remote_start', at: '2026-11-02T10:00:00.001Z' }), 400, 'VALIDATION_FAILED'],
      [milestone(w, r.id, { kind: 'remote_start', at: '2026-11-02T09:06:59Z' }), 400, 'VALIDATION_FAILED'],
      [milestone(w, r.id, { kind: 'arrival' }), 400, 'VALIDATION_FAILED'],
      [
        call(t.app, w.approver.auth, 'POST', `/api/v1/requests/${r.id}/milestones`, { kind: 'remote_start' }),
        403,
        'FORBIDDEN',
      ],
      [milestone(w, 'req_missing', { kind: 'remote_start' }), 404, 'NOT_FOUND'],
    ];
    for (const [p, status, code] of cases) await expectRefused(t, p, status, code);
    const items = (await call(t.app, w.irManager.auth, 'GET', '/api/v1/catalog?kind=proactive')).json().items as {
      id: string;
    }[];
    const pro = (
      await call(t.app, w.requester.auth, 'POST', '/api/v1/requests', {
        contractId: w.contract.id,
        kind: 'proactive',
        catalogItemId: items[0]!.id,
        desiredStart: '2027-01-15',
        description: 'x',
      })
    ).json();
    const e = await milestone(w, pro.id, { kind: 'initial_contact' });
    expect(e.statusCode).toBe(422);
    const ok = await milestone(w, r.id, { kind: 'remote_start' });
    expect(ok.json().milestone.at).toBe('2026-11-02T10:00:00.000Z');
  });
});

describe('SLA status with the clock', () => {
  it('is pending, at_risk at exactly 75 %, at_risk at the due time, breached a millisecond later', async () => {
    const w = await makeRequestWorld(t);
    t.clock.set('2026-11-02T09:07:00Z');
    const r = await p1(w, '2026-11-02T09:07:00Z');
    const at = async (iso: string) => {
      t.clock.set(iso);
      return (await targetsOf(w, r.id))['initial_contact'];
    };
    expect(await at('2026-11-02T09:51:59.999Z')).toBe('pending');
    expect(await at('2026-11-02T09:52:00.000Z')).toBe('at_risk');
    expect(await at('2026-11-02T10:07:00.000Z')).toBe('at_risk');
    expect(await at('2026-11-02T10:07:00.001Z')).toBe('breached');
    t.clock.set('2026-11-02T10:30:00Z');
    await milestone(w, r.id, { kind: 'initial_contact', at: '2026-11-02T10:20:00Z' });
    const v = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(v.slaTargets[0]).toMatchObject({
      status: 'breached',
      metAt: '2026-11-02T10:20:00.000Z',
      dueAt: '2026-11-02T10:07:00.000Z',
    });
    expect(v.slaStatus).toBe('breached');
  });

  it('stops counting when the request is withdrawn', async () => {
    const w = await makeRequestWorld(t);
    t.clock.set('2026-11-02T09:07:00Z');
    const r = await p1(w, '2026-11-02T09:07:00Z');
    t.clock.set('2026-11-02T09:20:00Z');
    await call(t.app, w.requester.auth, 'POST', `/api/v1/requests/${r.id}/withdraw`, {});
    t.clock.set('2026-11-03T09:00:00Z');
    expect(await targetsOf(w, r.id)).toEqual({ initial_contact: 'pending', remote_start: 'pending' });
  });
});

describe('SLA watch job', () => {
  it('notifies the IR managers once at risk and once breached, with two workers running concurrently and after a restart', async () => {
    const w = await makeRequestWorld(t);
    t.clock.set('2026-11-02T09:07:00Z');
    const r = await p1(w, '2026-11-02T09:07:00Z');
    const second = createCore({ config: t.config, db: t.db, clock: t.clock });

    await Promise.all([t.core.services.sla.watch(), second.services.sla.watch()]);
    expect(await notices(r.id)).toEqual([]);

    t.clock.set('2026-11-02T09:52:00Z');
    await Promise.all([t.core.services.sla.watch(), second.services.sla.watch(), t.core.services.sla.watch()]);
    expect(await notices(r.id)).toEqual(['sla.at_risk:initial_contact']);
    await t.core.services.sla.watch();
    await second.services.sla.watch();
    expect(await notices(r.id)).toEqual(['sla.at_risk:initial_contact']);

    t.clock.set('2026-11-02T10:07:00.001Z');
    await Promise.all([t.core.services.sla.watch(), second.services.sla.watch()]);
    const restarted = createCore({ config: t.config, db: t.db, clock: t.clock });
    await restarted.services.sla.watch();
    await Promise.all([second.services.sla.watch(), restarted.services.sla.watch()]);
    expect(await notices(r.id)).toEqual(['sla.at_risk:initial_contact', 'sla.breached:initial_contact']);

    const mail = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', 'like', `sla-breach:${r.id}:%`)
      .executeTakeFirstOrThrow();
    expect(mail.payload.to).toContain(w.irManager.email);
    expect(mail.payload.subject).toContain('SLA breached: initial contact');
    // The link names the request by its number, never by its id.
    expect(mail.payload.text).toContain(`/requests/${r.number}`);
    expect(mail.payload.text).not.toContain(r.id);

    t.clock.set('2026-11-02T12:00:00Z'); // remote start (due 13:07) is at risk from 12:07
    await t.core.services.sla.watch();
    expect(await notices(r.id)).toHaveLength(2);
    t.clock.set('2026-11-02T12:07:00Z');
    await Promise.all([t.core.services.sla.watch(), restarted.services.sla.watch()]);
    expect(await notices(r.id)).toEqual([
      'sla.at_risk:initial_contact',
      'sla.breached:initial_contact',
      'sla.at_risk:remote_start',
    ]);
    await second.close();
    await restarted.close();
  });

  it('sends only the breach when a target is found already past due, and one for a target met late', async () => {
    const w = await makeRequestWorld(t);
    t.clock.set('2026-11-02T12:00:00Z');
    const late = await p1(w, '2026-11-02T10:00:00Z');
    const metLate = await p1(w, '2026-11-02T11:30:00Z');
    await milestone(w, metLate.id, { kind: 'initial_contact', at: '2026-11-02T11:40:00Z' });
    t.clock.set('2026-11-02T12:45:00Z');
    await milestone(w, metLate.id, {
      kind: 'initial_contact',
      at: '2026-11-02T12:40:00Z',
      reason: 'First call was an answering machine',
    });
    await t.core.services.sla.watch();
    await t.core.services.sla.watch();
    expect(await notices(late.id)).toEqual(['sla.breached:initial_contact']);
    expect(await notices(metLate.id)).toEqual(['sla.breached:initial_contact']);
  });

  it('stays silent for targets met in time and requests that ended', async () => {
    const w = await makeRequestWorld(t);
    t.clock.set('2026-11-02T09:00:00Z');
    const metInTime = await p1(w, '2026-11-02T09:00:00Z');
    await milestone(w, metInTime.id, { kind: 'initial_contact', at: '2026-11-02T09:00:00Z' });
    const ended = await p1(w, '2026-11-02T09:00:00Z');
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${ended.id}/reject`, { reason: 'Duplicate' });
    t.clock.set('2026-11-02T09:59:00Z');
    await t.core.services.sla.watch();
    expect(await notices(metInTime.id)).toEqual([]);
    expect(await notices(ended.id)).toEqual([]);
  });

  it('uses new targets after a correction of the severity', async () => {
    const w = await makeRequestWorld(t);
    t.clock.set('2026-11-02T09:00:00Z');
    const r = await p1(w, '2026-11-02T09:00:00Z', { severity: 'P3' });
    t.clock.set('2026-11-02T09:50:00Z');
    await t.core.services.sla.watch();
    expect(await notices(r.id)).toEqual([]);
    await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { severity: 'P1' });
    await t.core.services.sla.watch();
    expect(await notices(r.id)).toEqual(['sla.at_risk:initial_contact']);
  });
});

describe('SLA report', () => {
  it('counts met and breached per target with the median time to meet, per contract and period', async () => {
    const w = await makeRequestWorld(t, { timeZone: 'America/Chicago' });
    t.clock.set('2026-11-10T12:00:00Z');
    const a = await p1(w, '2026-11-09T10:00:00Z');
    const b = await p1(w, '2026-11-09T11:00:00Z');
    const c = await p1(w, '2026-11-09T12:00:00Z');
    await p1(w, '2026-11-10T11:30:00Z'); // pending initial contact
    await milestone(w, a.id, { kind: 'initial_contact', at: '2026-11-09T10:20:00Z' }); // 20 min, met
    await milestone(w, b.id, { kind: 'initial_contact', at: '2026-11-09T11:40:00Z' }); // 40 min, met
    await milestone(w, c.id, { kind: 'initial_contact', at: '2026-11-09T13:30:00Z' }); // 90 min, breached (late)
    await milestone(w, a.id, { kind: 'remote_start', at: '2026-11-09T12:00:00Z' }); // 120 min, met
    const r = await call(
      t.app,
      w.approver.auth,
      'GET',
      `/api/v1/reports/sla?contractId=${w.contract.id}&from=2026-11-01&to=2026-11-30`,
    );
    expect(r.statusCode).toBe(200);
    const byKind = Object.fromEntries((r.json().targets as { kind: string }[]).map((x) => [x.kind, x]));
    expect(r.json()).toMatchObject({ contractId: w.contract.id, timeZone: 'America/Chicago', requests: 4 });
    expect(byKind['initial_contact']).toEqual({
      kind: 'initial_contact',
      total: 4,
      met: 2,
      breached: 1,
      atRisk: 0,
      pending: 1,
      medianMinutesToMeet: 40,
    });
    expect(byKind['remote_start']).toMatchObject({
      total: 4,
      met: 1,
      breached: 2,
      pending: 1,
      medianMinutesToMeet: 120,
    });
    expect(byKind['onsite_arrival']).toMatchObject({ total: 0, medianMinutesToMeet: null });

    // 2026-11-10 05:30 in Chicago: only the last request falls on the 10th.
    const day = (
      await call(
        t.app,
        w.irManager.auth,
        'GET',
        `/api/v1/reports/sla?contractId=${w.contract.id}&from=2026-11-10&to=2026-11-10`,
      )
    ).json();
    expect(day.requests).toBe(1);
    expect(
      (
        await call(
          t.app,
          w.irManager.auth,
          'GET',
          `/api/v1/reports/sla?contractId=${w.contract.id}&from=2026-11-10&to=2026-11-01`,
        )
      ).statusCode,
    ).toBe(400);
    const other = await makeContract(t, w.customer.customerId);
    expect(
      (await call(t.app, w.irManager.auth, 'GET', `/api/v1/reports/sla?contractId=${other.id}`)).json().requests,
    ).toBe(0);
    expect((await call(t.app, w.irManager.auth, 'GET', '/api/v1/reports/sla?contractId=ctr_missing')).statusCode).toBe(
      404,
    );
  });
});

describe('the SLA status filter', () => {
  it('selects exactly the requests whose computed SLA status matches, at several moments', async () => {
    const w = await makeRequestWorld(t);
    t.clock.set('2026-11-20T09:00:00Z');
    const a = await p1(w, '2026-11-20T08:00:00Z');
    await p1(w, '2026-11-20T08:15:00Z');
    await p1(w, '2026-11-20T08:59:00Z');
    await milestone(w, a.id, { kind: 'initial_contact', at: '2026-11-20T08:30:00Z' });
    for (const now of [
      '2026-11-20T09:00:00Z',
      '2026-11-20T09:14:00Z',
      '2026-11-20T09:15:00Z',
      '2026-11-20T09:44:00Z',
      '2026-11-20T12:00:00.001Z',
    ]) {
      t.clock.set(now);
      const all = (
        await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests?customerId=${w.customer.customerId}`)
      ).json().items as { id: string; slaStatus: string }[];
      for (const s of ['pending', 'at_risk', 'met', 'breached']) {
        const filtered = (
          await call(
            t.app,
            w.irManager.auth,
            'GET',
            `/api/v1/requests?customerId=${w.customer.customerId}&slaStatus=${s}`,
          )
        ).json().items as { id: string }[];
        expect(
          filtered.map((x) => x.id),
          `${s} at ${now}`,
        ).toEqual(all.filter((x) => x.slaStatus === s).map((x) => x.id));
      }
    }
  });
});
