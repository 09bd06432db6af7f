/** The EWO's staffing lines name roles and the skills (with minimum levels) each role needs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { approve, draft, makeRequest, makeWorkOrderWorld, sentWorkOrder } from './support/workorder-world.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeWorkOrderWorld>>;
beforeAll(async () => {
  t = await createTestEnv();
  w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
});
afterAll(async () => t.close());

describe('EWO staffing lines', () => {
  it('keep the skills and minimum levels of each role', async () => {
    const requestId = await makeRequest(t, w);
    const staffingPlan = [
      { role: 'forensic lead', count: 1, skills: [{ skillId: 'windows_forensics', minLevel: 4 }] },
      { role: 'containment lead', count: 1, skills: [{ skillId: 'containment', minLevel: 3 }] },
    ];
    const d = await draft(t, w, requestId, { staffingPlan });
    const r = await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${d.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.stringify(r.json())).toContain('windows_forensics');
    const bad = await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${await makeRequest(t, w)}/work-orders`, {
      staffingPlan: [{ role: 'lead', count: 1, skills: [{ skillId: 'Windows Forensics', minLevel: 9 }] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('skillId');
  });
});

describe('change orders move the schedule window', () => {
  it('an approved change order with new planned dates moves the approved window (audited)', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const a = await approve(t, w.approver.auth, wo.id, wo.contentHash!);
    expect(a.statusCode, a.body).toBe(200);
    const engagementId = a.json().engagementId as string;
    const before = await t.db.kysely
      .selectFrom('engagements')
      .selectAll()
      .where('id', '=', engagementId)
      .executeTakeFirstOrThrow();
    expect(before.window_start).not.toBeNull();
    const co = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
      reason: 'The board moved the exercise: two more weeks.',
      estimateDeltaLines: [{ activity: 'analysis', role: 'forensic lead', minutes: 60 }],
      plannedEnd: '2027-06-30',
    });
    expect(co.statusCode, co.body).toBe(201);
    const sent = await call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${co.json().id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    const ok = await call(t.app, w.approver.auth, 'POST', `/api/v1/change-orders/${co.json().id}/approve`, {
      contentHash: sent.json().contentHash,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await t.db.kysely
      .selectFrom('engagements')
      .selectAll()
      .where('id', '=', engagementId)
      .executeTakeFirstOrThrow();
    expect([after.window_start, after.window_end]).toEqual([before.window_start, '2027-06-30']);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', engagementId)
      .where('action', '=', 'engagement.window_moved')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
