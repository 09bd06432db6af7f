/** The EWO's staffing lines name roles and the skills (with minimum levels) each role needs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { draft, makeRequest, makeWorkOrderWorld } from './support/workorder-world.ts';

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
