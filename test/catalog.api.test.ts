import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { expectRefused, makeRequestWorld } from './support/request-factories.ts';

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
});
afterAll(async () => t.close());

interface Item {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  leadTimeDays: number;
  revision: number;
  sizes: {
    code: string;
    fixedPriceUnits: number | null;
    fixedPriceInUnits: { display: string } | null;
    estimate: { display: string };
  }[];
}

const newItem = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: 'proactive',
  name,
  description: 'Phishing simulation campaign with awareness follow-up.',
  sizes: [
    { code: 's', estimateMinutes: 600, fixedPriceUnits: 1000 },
    { code: 'M', label: 'Medium', estimateMinutes: 1200, fixedPriceUnits: 2000, fixedPriceMinutes: 1080 },
  ],
  deliverables: ['final_report'],
  minimumBillableMinutes: 480,
  leadTimeDays: 21,
  requiredSkills: ['social_engineering'],
  ...extra,
});

const refused = (p: Promise<{ statusCode: number; json(): unknown }>, status: number, code: string) =>
  expectRefused(t, p, status, code, ['catalog_items', 'audit_events']);

describe('the default catalog', () => {
  it('ships at least ten active proactive services and the emergency incident response item', async () => {
    const r = await call(t.app, admin.auth, 'GET', '/api/v1/catalog?limit=100');
    expect(r.statusCode).toBe(200);
    const items = r.json().items as Item[];
    const proactive = items.filter((i) => i.kind === 'proactive' && i.active).map((i) => i.name);
    expect(proactive.length).toBeGreaterThanOrEqual(10);
    expect(proactive).toEqual(
      expect.arrayContaining([
        'Tabletop exercise',
        'IR plan development',
        'IR plan review',
        'Playbook development',
        'Compromise assessment',
        'Threat hunt',
        'Active Directory security assessment',
        'Cloud security assessment',
        'Ransomware readiness assessment',
        'IR training',
        'Technical exercise',
      ]),
    );
    expect(items.filter((i) => i.kind === 'emergency').map((i) => i.name)).toEqual(['Emergency incident response']);
    const tabletop = items.find((i) => i.name === 'Tabletop exercise')!;
    expect(
      tabletop.sizes.map((s) => [s.code, s.fixedPriceUnits, s.fixedPriceInUnits?.display, s.estimate.display]),
    ).toEqual([
      ['S', 800, '8.00 SU', '8h 00m'],
      ['M', 1600, '16.00 SU', '16h 00m'],
      ['L', 3200, '32.00 SU', '32h 00m'],
    ]);
    expect(tabletop).toMatchObject({ leadTimeDays: 28, deliverables: ['scenario_pack', 'after_action_report'] });
  });

  it('pages with a cursor and filters by kind', async () => {
    const first = (await call(t.app, admin.auth, 'GET', '/api/v1/catalog?limit=5')).json();
    expect(first.items).toHaveLength(5);
    const second = (await call(t.app, admin.auth, 'GET', `/api/v1/catalog?limit=5&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id > first.items[4].id).toBe(true);
    const emergency = (await call(t.app, admin.auth, 'GET', '/api/v1/catalog?kind=emergency')).json().items as Item[];
    expect(emergency.every((i) => i.kind === 'emergency')).toBe(true);
  });
});

describe('editing the catalog', () => {
  it('lets admins add a service with normalised sizes, audited', async () => {
    const r = await call(t.app, admin.auth, 'POST', '/api/v1/catalog', newItem('Phishing simulation'));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      name: 'Phishing simulation',
      active: true,
      revision: 1,
      minimumBillable: { amount: 480, unit: 'minute', display: '8h 00m' },
    });
    expect(
      r.json().sizes.map((s: { code: string; fixedPriceMinutes: number }) => [s.code, s.fixedPriceMinutes]),
    ).toEqual([
      ['S', 600],
      ['M', 1080],
    ]);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', r.json().id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('catalog_item.created');
  });

  it('refuses other roles, duplicates and invalid items, changing nothing', async () => {
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    await refused(call(t.app, irm.auth, 'POST', '/api/v1/catalog', newItem('Red team')), 403, 'FORBIDDEN');
    const w = await makeRequestWorld(t);
    await refused(call(t.app, w.approver.auth, 'POST', '/api/v1/catalog', newItem('Red team')), 403, 'FORBIDDEN');
    await refused(call(t.app, null, 'POST', '/api/v1/catalog', newItem('Red team')), 401, 'UNAUTHENTICATED');
    await refused(call(t.app, admin.auth, 'POST', '/api/v1/catalog', newItem('tabletop EXERCISE')), 409, 'NAME_TAKEN');
    const dup = await refused(
      call(
        t.app,
        admin.auth,
        'POST',
        '/api/v1/catalog',
        newItem('Red team', {
          sizes: [
            { code: 'S', estimateMinutes: 1, fixedPriceUnits: null },
            { code: 's', estimateMinutes: 2, fixedPriceUnits: null },
          ],
        }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(dup.errors?.[0]?.path).toBe('body.sizes.1.code');
    await refused(
      call(t.app, admin.auth, 'POST', '/api/v1/catalog', newItem('Red team', { leadTimeDays: 400 })),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      call(t.app, admin.auth, 'POST', '/api/v1/catalog', newItem('Red team', { deliverables: ['poem'] })),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('edits an item with optimistic concurrency; inactive items disappear for customers', async () => {
    const created = (
      await call(t.app, admin.auth, 'POST', '/api/v1/catalog', newItem('Vishing assessment'))
    ).json() as Item;
    const p = await call(t.app, admin.auth, 'PATCH', `/api/v1/catalog/${created.id}`, {
      leadTimeDays: 35,
      active: false,
      revision: 1,
    });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ leadTimeDays: 35, active: false, revision: 2 });
    await refused(
      call(t.app, admin.auth, 'PATCH', `/api/v1/catalog/${created.id}`, { leadTimeDays: 40, revision: 1 }),
      409,
      'STALE_REVISION',
    );
    await refused(
      call(t.app, admin.auth, 'PATCH', '/api/v1/catalog/cat_missing', { leadTimeDays: 40 }),
      404,
      'NOT_FOUND',
    );
    await refused(
      call(t.app, admin.auth, 'PATCH', `/api/v1/catalog/${created.id}`, { name: 'Threat hunt' }),
      409,
      'NAME_TAKEN',
    );
    await refused(call(t.app, admin.auth, 'PATCH', `/api/v1/catalog/${created.id}`, {}), 400, 'VALIDATION_FAILED');

    const w = await makeRequestWorld(t);
    expect((await call(t.app, w.viewer.auth, 'GET', `/api/v1/catalog/${created.id}`)).statusCode).toBe(404);
    const customerList = (await call(t.app, w.viewer.auth, 'GET', '/api/v1/catalog?limit=200&active=false')).json()
      .items as Item[];
    expect(customerList.length).toBeGreaterThan(10);
    expect(customerList.every((i) => i.active)).toBe(true);
    expect((await call(t.app, admin.auth, 'GET', `/api/v1/catalog/${created.id}`)).json().active).toBe(false);
    const inactive = (await call(t.app, admin.auth, 'GET', '/api/v1/catalog?active=false')).json().items as Item[];
    expect(inactive.map((i) => i.id)).toContain(created.id);
  });
});
