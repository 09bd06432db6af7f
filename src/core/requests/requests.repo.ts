import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { RequestStatus, SlaKind, SlaStatus } from '../../shared/contracts/requests.ts';
import type { RequestKind } from '../../shared/domain.ts';
import type { Role } from '../../shared/roles.ts';
import { slaStatusRank } from '../../shared/sla.ts';
import { targetSlaRank } from './sla.repo.ts';
import type { RequestMilestonesTable, RequestSlaTargetsTable, ServiceRequestsTable } from './requests.tables.ts';

export type RequestRow = Selectable<ServiceRequestsTable>;
export type TargetRow = Selectable<RequestSlaTargetsTable>;
export type MilestoneRow = Selectable<RequestMilestonesTable>;

const withNames = (ex: Executor) =>
  ex
    .selectFrom('service_requests as r')
    .innerJoin('customers as cu', 'cu.id', 'r.customer_id')
    .innerJoin('contracts as ct', 'ct.id', 'r.contract_id')
    .leftJoin('catalog_items as ci', 'ci.id', 'r.catalog_item_id')
    .leftJoin('contacts as rc', 'rc.id', 'r.requester_contact_id')
    .leftJoin('users as ru', 'ru.id', 'r.requester_user_id')
    .leftJoin('users as ou', 'ou.id', 'r.owner_user_id')
    .selectAll('r')
    .select([
      'cu.name as customer_name',
      'cu.time_zone',
      'ct.number as contract_number',
      'ct.status as contract_status',
      'ct.term_start',
      'ct.term_end',
      'ci.name as catalog_item_name',
      sql<string | null>`coalesce(rc.name, ru.name)`.as('requester_name'),
      sql<string | null>`coalesce(rc.email, ru.email)`.as('requester_email'),
      sql<string | null>`coalesce(rc.phones -> 0 ->> 'number', ru.work_phone)`.as('requester_phone'),
      'ou.name as owner_name',
    ]);

export type RequestWithNames = Awaited<ReturnType<ReturnType<typeof withNames>['executeTakeFirstOrThrow']>>;

/**
 * A request's SLA status in SQL: the worst (highest ranked) of its targets' statuses, each by
 * sla.repo.ts `targetSlaRank` (the rule of shared/sla.ts). Used to filter lists by SLA status.
 */
const worstTargetRank = (now: Date) => sql<number | null>`(
  SELECT max(${targetSlaRank(now, { metAt: 't.met_at', dueAt: 't.due_at', atRiskAt: 't.at_risk_at', stoppedAt: 'r.clocks_stopped_at' })})
  FROM request_sla_targets t WHERE t.request_id = r.id)`;

export interface RequestListFilter {
  organizationId?: string;
  statuses?: RequestStatus[];
  kind?: RequestKind;
  customerId?: string;
  contractId?: string;
  slaStatus?: SlaStatus;
  now: Date;
  after?: { rank: number; receivedAt: Date; id: string };
  /** Triage order: kind, severity, the earliest unmet due time (NO_DUE when none), received, id. */
  triage?: { after?: { rank: number; severity: number; nextDue: Date; receivedAt: Date; id: string } };
  limit: number;
}

/** Sorts after every due time: a request without an unmet target comes last within its severity. */
export const NO_DUE = new Date('9999-12-31T00:00:00.000Z');

/** P1 → 1 … P4 → 4, none → 9. */
const severityRank = sql<number>`(CASE r.severity WHEN 'P1' THEN 1 WHEN 'P2' THEN 2 WHEN 'P3' THEN 3 WHEN 'P4' THEN 4 ELSE 9 END)`;
/** The earliest due time of the request's unmet targets while its clocks run (NO_DUE otherwise). */
const nextDue = sql<Date>`COALESCE((SELECT min(t.due_at) FROM request_sla_targets t
  WHERE t.request_id = r.id AND t.met_at IS NULL AND r.clocks_stopped_at IS NULL), ${NO_DUE}::timestamptz)`;

export const requestsRepo = {
  /** The id of the request with this number (REQ-2026-0042), any tenant: the caller's access rules still apply. */
  async idByNumber(ex: Executor, number: string): Promise<string | undefined> {
    return (await ex.selectFrom('service_requests').select('id').where('number', '=', number).executeTakeFirst())?.id;
  },

  /** A contract with what intake needs of its customer (tenant, name, time zone). */
  async contractWithCustomer(ex: Executor, id: string) {
    return ex
      .selectFrom('contracts as ct')
      .innerJoin('customers as cu', 'cu.id', 'ct.customer_id')
      .select([
        'ct.id',
        'ct.number',
        'ct.status',
        'ct.term_start',
        'ct.term_end',
        'ct.settings',
        'ct.customer_id',
        'cu.organization_id',
        'cu.name as customer_name',
        'cu.time_zone',
      ])
      .where('ct.id', '=', id)
      .executeTakeFirst();
  },

  async contact(ex: Executor, id: string) {
    return ex
      .selectFrom('contacts')
      .select(['id', 'customer_id', 'name', 'email', 'can_request', 'can_approve'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The next request number of the year (REQ-2026-0042): a counter row, row-locked by the upsert, so concurrent requests never share one. */
  async nextNumber(ex: Executor, year: number): Promise<string> {
    const { last } = await ex
      .insertInto('request_numbers')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`request_numbers.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return `REQ-${year}-${String(last).padStart(4, '0')}`;
  },

  async insert(ex: Executor, row: Insertable<ServiceRequestsTable>): Promise<void> {
    await ex.insertInto('service_requests').values(row).execute();
  },

  async byId(ex: Executor, id: string): Promise<RequestWithNames | undefined> {
    return withNames(ex).where('r.id', '=', id).executeTakeFirst();
  },

  /** Locks the request row: every change of a request (and of its SLA targets, milestones and calls) goes through it. */
  async forUpdate(ex: Executor, id: string): Promise<RequestRow | undefined> {
    return ex.selectFrom('service_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(ex: Executor, id: string, patch: Updateable<ServiceRequestsTable>): Promise<void> {
    await ex
      .updateTable('service_requests')
      .set({ ...patch, revision: sql`revision + 1` })
      .where('id', '=', id)
      .execute();
  },

  /** The board: emergencies first, then oldest first; keyset pagination on (kind_rank, received_at, id). */
  async list(
    ex: Executor,
    filter: RequestListFilter,
  ): Promise<(RequestWithNames & { severity_rank: number; next_due: Date })[]> {
    let query = withNames(ex)
      .select([severityRank.as('severity_rank'), nextDue.as('next_due')])
      .orderBy('r.kind_rank')
      .limit(filter.limit);
    query = filter.triage
      ? query.orderBy(severityRank).orderBy(nextDue).orderBy('r.received_at').orderBy('r.id')
      : query.orderBy('r.received_at').orderBy('r.id');
    const triageAfter = filter.triage?.after;
    if (triageAfter)
      query = query.where(
        sql<boolean>`(r.kind_rank, ${severityRank}, ${nextDue}, r.received_at, r.id) > (${triageAfter.rank}, ${triageAfter.severity}, ${triageAfter.nextDue}::timestamptz, ${triageAfter.receivedAt}::timestamptz, ${triageAfter.id})`,
      );
    if (filter.organizationId) query = query.where('r.organization_id', '=', filter.organizationId);
    if (filter.statuses?.length) query = query.where('r.status', 'in', filter.statuses);
    if (filter.kind) query = query.where('r.kind', '=', filter.kind);
    if (filter.customerId) query = query.where('r.customer_id', '=', filter.customerId);
    if (filter.contractId) query = query.where('r.contract_id', '=', filter.contractId);
    if (filter.slaStatus) query = query.where(worstTargetRank(filter.now), '=', slaStatusRank[filter.slaStatus]);
    if (filter.after)
      query = query.where(
        sql<boolean>`(r.kind_rank, r.received_at, r.id) > (${filter.after.rank}, ${filter.after.receivedAt}::timestamptz, ${filter.after.id})`,
      );
    return query.execute();
  },

  async targets(ex: Executor, requestIds: string[]): Promise<TargetRow[]> {
    if (requestIds.length === 0) return [];
    return ex.selectFrom('request_sla_targets').selectAll().where('request_id', 'in', requestIds).execute();
  },

  async replaceTargets(ex: Executor, requestId: string, rows: Insertable<RequestSlaTargetsTable>[]): Promise<void> {
    await ex.deleteFrom('request_sla_targets').where('request_id', '=', requestId).execute();
    if (rows.length) await ex.insertInto('request_sla_targets').values(rows).execute();
  },

  async setTargetMet(ex: Executor, requestId: string, kind: SlaKind, metAt: Date): Promise<void> {
    await ex
      .updateTable('request_sla_targets')
      .set({ met_at: metAt })
      .where('request_id', '=', requestId)
      .where('kind', '=', kind)
      .execute();
  },

  async milestones(ex: Executor, requestId: string): Promise<MilestoneRow[]> {
    return ex
      .selectFrom('request_milestones')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
  },

  /** The current milestone of a kind: the one no correction supersedes. */
  async currentMilestone(ex: Executor, requestId: string, kind: SlaKind): Promise<MilestoneRow | undefined> {
    return ex
      .selectFrom('request_milestones as m')
      .selectAll('m')
      .where('m.request_id', '=', requestId)
      .where('m.kind', '=', kind)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('request_milestones as n').select('n.id').whereRef('n.supersedes_id', '=', 'm.id'))),
      )
      .executeTakeFirst();
  },

  async insertMilestone(ex: Executor, row: Insertable<RequestMilestonesTable>): Promise<void> {
    await ex.insertInto('request_milestones').values(row).execute();
  },

  /** Audit events of the request and of its scoping calls, oldest first. */
  async timelineEvents(ex: Executor, requestId: string, callIds: string[]) {
    return ex
      .selectFrom('audit_events')
      .select(['at', 'action', 'actor_label', 'entity_type', 'entity_id', 'before', 'after', 'seq'])
      .where((eb) =>
        eb.or([
          eb.and([eb('entity_type', '=', 'service_request'), eb('entity_id', '=', requestId)]),
          ...(callIds.length ? [eb.and([eb('entity_type', '=', 'scoping_call'), eb('entity_id', 'in', callIds)])] : []),
        ]),
      )
      .orderBy('seq')
      .execute();
  },

  /** A user by id or e-mail (case-insensitive) with the kind of his organisation: the owner chosen at triage. */
  async staffUser(ex: Executor, by: { id: string } | { email: string }) {
    let query = ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.name', 'users.role', 'users.status', 'organizations.kind as organization_kind']);
    query =
      'id' in by
        ? query.where('users.id', '=', by.id)
        : query.where(sql<string>`lower(users.email)`, '=', by.email.toLowerCase());
    return query.executeTakeFirst();
  },

  /** Active provider users with one of `roles`: who hears about new requests and SLA risks. */
  async site(ex: Executor, id: string) {
    return ex.selectFrom('sites').select(['id', 'customer_id']).where('id', '=', id).executeTakeFirst();
  },

  async providerRecipients(ex: Executor, roles: Role[]): Promise<{ email: string; name: string }[]> {
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.email', 'users.name'])
      .where('organizations.kind', '=', 'provider')
      .where('users.role', 'in', roles)
      .where('users.status', '=', 'active')
      .orderBy('users.email')
      .execute();
  },
};
