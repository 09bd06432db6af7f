import type { Executor } from '../../db/create-db.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { assertNoProblems, blankProblems, timeZoneProblems } from './customers.checks.ts';
import type { CustomersDeps } from './customers.deps.ts';
import { editableCustomer, existingCustomer, loadSite, visibleCustomer } from './customers.load.ts';
import { customersRepo } from './customers.repo.ts';
import { canonicalTimeZone, changedFields, coordinateProblems } from './customers.rules.ts';
import { minuteOf, siteSnapshot, toSiteView, type SiteView } from './customers.views.ts';

/** Sites page by id. */
const bySiteId = cursorOf('id');

export interface SiteInput {
  name: string;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  /** Default: the customer's time zone. */
  timeZone?: string;
  /** ISO 3166-1 alpha-2, capitals (the contract checks it); null or absent: not given. */
  country?: string | null;
  /** Weekdays in the site's zone; default 09:00–17:00. */
  businessHours?: { start: string; end: string };
}
export type UpdateSiteInput = Partial<SiteInput>;

/** Adds a site to a customer on the caller's transaction; its time zone defaults to the customer's. */
export async function addSiteInTx(
  deps: Pick<CustomersDeps, 'clock' | 'ids' | 'audit'>,
  trx: Executor,
  ctx: Ctx,
  customerId: string,
  input: SiteInput,
): Promise<string> {
  const customer = await existingCustomer(trx, customerId);
  assertNoProblems([
    ...blankProblems({ name: input.name }),
    ...coordinateProblems(input),
    ...timeZoneProblems(input.timeZone),
  ]);
  const at = deps.clock.now();
  const id = deps.ids.next('sit');
  const row = {
    id,
    customer_id: customer.id,
    name: input.name.trim(),
    address: input.address?.trim() ?? '',
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    time_zone: input.timeZone !== undefined ? canonicalTimeZone(input.timeZone) : customer.time_zone,
    country: input.country ?? null,
    ...(input.businessHours
      ? {
          business_start_minute: minuteOf(input.businessHours.start),
          business_end_minute: minuteOf(input.businessHours.end),
        }
      : {}),
    created_at: at,
    updated_at: at,
  };
  await customersRepo.insertSite(trx, row);
  await deps.audit.record(trx, ctx, {
    action: 'site.created',
    entityType: 'site',
    entityId: id,
    organizationId: customer.organization_id,
    after: { customerId: customer.id, ...siteSnapshot(row) },
  });
  return id;
}

/** A customer's sites, oldest first (cursor pages); another tenant's customer is 404. */
export async function listSites(
  deps: CustomersDeps,
  ctx: Ctx,
  customerId: string,
  filter: { cursor?: string; limit?: number } = {},
): Promise<Page<SiteView>> {
  await visibleCustomer(deps.db.kysely, ctx.actor, customerId);
  const limit = filter.limit ?? 50;
  const after = bySiteId.decode(filter.cursor);
  const rows = await customersRepo.listSites(deps.db.kysely, customerId, {
    ...(after ? { afterId: after[0] } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, bySiteId, (row) => [row.id]);
  return { items: page.items.map(toSiteView), nextCursor: page.nextCursor };
}

/** One site of a customer; another tenant's is 404. */
export async function getSite(deps: CustomersDeps, ctx: Ctx, customerId: string, siteId: string): Promise<SiteView> {
  await visibleCustomer(deps.db.kysely, ctx.actor, customerId);
  return toSiteView(await loadSite(deps.db.kysely, customerId, siteId));
}

/** Adds a site (admins; account managers on the team): coordinates in range and together; time zone defaults to the customer's. */
export async function addSite(deps: CustomersDeps, ctx: Ctx, customerId: string, input: SiteInput): Promise<SiteView> {
  const id = await deps.db.transaction(async (trx) => {
    await editableCustomer(trx, ctx.actor, customerId);
    return addSiteInTx(deps, trx, ctx, customerId, input);
  });
  return toSiteView(await loadSite(deps.db.kysely, customerId, id));
}

/** Edits a site (admins; account managers on the team); `null` clears the coordinates. */
export async function updateSite(
  deps: CustomersDeps,
  ctx: Ctx,
  customerId: string,
  siteId: string,
  patch: UpdateSiteInput,
): Promise<SiteView> {
  await deps.db.transaction(async (trx) => {
    const { customer } = await editableCustomer(trx, ctx.actor, customerId);
    const site = await loadSite(trx, customerId, siteId, true);
    assertNoProblems([...blankProblems({ name: patch.name }), ...timeZoneProblems(patch.timeZone)]);
    const next = {
      name: patch.name?.trim() ?? site.name,
      address: patch.address?.trim() ?? site.address,
      latitude: patch.latitude !== undefined ? patch.latitude : site.latitude,
      longitude: patch.longitude !== undefined ? patch.longitude : site.longitude,
      time_zone: patch.timeZone !== undefined ? canonicalTimeZone(patch.timeZone) : site.time_zone,
      country: patch.country !== undefined ? patch.country : site.country,
      business_start_minute: patch.businessHours ? minuteOf(patch.businessHours.start) : site.business_start_minute,
      business_end_minute: patch.businessHours ? minuteOf(patch.businessHours.end) : site.business_end_minute,
    };
    assertNoProblems(coordinateProblems(next));
    const diff = changedFields(siteSnapshot(site), siteSnapshot({ ...site, ...next }));
    if (!diff) return;
    await customersRepo.updateSite(trx, siteId, { ...next, updated_at: deps.clock.now() });
    await deps.audit.record(trx, ctx, {
      action: 'site.updated',
      entityType: 'site',
      entityId: siteId,
      organizationId: customer.organization_id,
      before: diff.before,
      after: diff.after,
    });
  });
  return toSiteView(await loadSite(deps.db.kysely, customerId, siteId));
}
