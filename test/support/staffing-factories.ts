import { sql } from 'kysely';
import { systemCtx } from '../../src/core/context.ts';
import { makeEngagement as makeApprovedEngagement } from './engagement-factories.ts';
import { makeEngagement as insertEngagement, makePortalUser, makeStaff, makeTenant } from './expense-factories.ts';
import type { TestEnv } from './harness.ts';

/** A site of the customer (through the customers service). */
export async function makeSite(t: TestEnv, customerId: string, name = 'Head office'): Promise<string> {
  return t.db.transaction(async (trx) => {
    const site = await t.core.services.customers.addSiteInTx(trx, systemCtx('test'), customerId, {
      name,
      address: `${name}, 1 Main Street, Chicago`,
      latitude: 41.88,
      longitude: -87.63,
    });
    return typeof site === 'string' ? site : (site as { id: string }).id;
  });
}

/** Sets the engagement's approved window (dates in the customer's zone), sites and kind directly. */
export async function shapeEngagement(
  t: TestEnv,
  id: string,
  o: {
    window?: { start: string; end: string } | null;
    siteIds?: string[];
    kind?: 'emergency' | 'proactive';
    earliestStart?: string;
  },
): Promise<void> {
  await t.db.kysely
    .updateTable('engagements')
    .set({
      ...(o.window !== undefined ? { window_start: o.window?.start ?? null, window_end: o.window?.end ?? null } : {}),
      ...(o.siteIds ? { site_ids: JSON.stringify(o.siteIds) } : {}),
      ...(o.kind ? { kind: o.kind } : {}),
    })
    .where('id', '=', id)
    .execute();
  if (o.earliestStart) {
    const e = await t.db.kysely
      .selectFrom('engagements')
      .select('request_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .updateTable('service_requests')
      .set({ earliest_start: o.earliestStart })
      .where('id', '=', e.request_id)
      .execute();
  }
}

/**
 * The staffing world: provider staff; tenant A (Chicago) with an approver, a site, and two engagements
 * (window 2026-11-02 … 2026-12-31); tenant B with an approver and an engagement.
 */
export async function makeStaffingWorld(t: TestEnv) {
  const staff = await makeStaff(t);
  const tenant = await makeTenant(t);
  const approver = await makePortalUser(t, tenant, 'customer_approver');
  const site = await makeSite(t, tenant.customerId);
  const window = { start: '2026-11-02', end: '2026-12-31' };
  const engagement = await insertEngagement(t, tenant, { team: [{ userId: staff.manager.id, role: 'lead' }] });
  await shapeEngagement(t, engagement.id, { window, siteIds: [site] });
  const second = await insertEngagement(t, tenant, { title: 'Second response' });
  await shapeEngagement(t, second.id, { window });
  const other = await makeTenant(t);
  const otherApprover = await makePortalUser(t, other, 'customer_approver');
  const otherEngagement = await insertEngagement(t, other, { team: [{ userId: staff.outsider.id }] });
  return { staff, tenant, approver, site, engagement, second, other, otherApprover, otherEngagement };
}

/** Counts that a refused staffing write must leave alone. */
export async function staffingCounts(t: TestEnv) {
  const count = async (
    table: 'busy_periods' | 'audit_events' | 'outbox' | 'engagement_team' | 'consultant_profiles' | 'consultant_skills',
  ) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db.kysely)).rows[0]!.n);
  return {
    busy: await count('busy_periods'),
    audit: await count('audit_events'),
    outbox: await count('outbox'),
    team: await count('engagement_team'),
    profiles: await count('consultant_profiles'),
    skills: await count('consultant_skills'),
    busyRows: await t.db.kysely.selectFrom('busy_periods').selectAll().orderBy('id').execute(),
  };
}

export { makeApprovedEngagement };
