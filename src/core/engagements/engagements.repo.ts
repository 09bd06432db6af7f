import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { Role } from '../../shared/roles.ts';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { ContractStatus, ContractUnit } from '../contracts/contracts.tables.ts';
import type { EngagementVisibility } from './engagements.access.ts';
import { onTeamOf, visibleTo } from './engagements.access.repo.ts';
import type {
  EngagementEstimatesTable,
  EngagementsTable,
  EngagementStatus,
  EngagementTeamTable,
} from './engagements.tables.ts';

export type EngagementRow = Selectable<EngagementsTable>;

/** An engagement with what every use case needs of its customer and contract (tenant, zone, unit, settings). */
export type EngagementRecord = EngagementRow & {
  organization_id: string;
  customer_name: string;
  time_zone: string;
  contract_number: string;
  contract_status: ContractStatus;
  unit: ContractUnit;
  units_per_hour: string | null;
  settings: ContractSettings;
};

/** An engagement locked for effort, with the Idempotency-Key's earlier entry and the effort's person. */
export type EffortContext = EngagementRecord & {
  user_name: string | null;
  user_email: string | null;
  user_role: string | null;
  user_status: string | null;
  user_organization_kind: 'provider' | 'customer' | null;
  user_member: boolean;
  prior_id: string | null;
  prior_hash: string | null;
};

export interface TeamMemberRow {
  engagement_id: string;
  user_id: string;
  role: string;
  added_at: Date;
  name: string;
  email: string;
  user_role: string;
  user_status: string;
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface EngagementFilter {
  /** Who is asking: only the engagements they may see (engagements.access.ts). */
  visibility: EngagementVisibility;
  statuses?: EngagementStatus[];
  customerId?: string;
  contractId?: string;
  memberUserId?: string;
  /** Cursor: ids are time-ordered; pages go newest first. */
  beforeId?: string;
  limit: number;
}

const withContext = (ex: Executor) =>
  ex
    .selectFrom('engagements as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .innerJoin('contracts as k', 'k.id', 'e.contract_id')
    .selectAll('e')
    .select([
      'c.organization_id',
      'c.name as customer_name',
      'c.time_zone',
      'k.number as contract_number',
      'k.status as contract_status',
      'k.unit',
      'k.units_per_hour',
      'k.settings',
    ]);

/**
 * What logging effort needs, in one round trip: the engagement with its context, the effort entry an
 * Idempotency-Key already made, and the person the effort is for (their organisation and team membership).
 * Unlocked: recordForEffort locks it; effort's optimistic path reads it with the ledger's head.
 */
export const effortContextQuery = (ex: Executor, id: string, userId: string, key: string | null) =>
  withContext(ex)
    .leftJoin('users as u', (j) => j.on('u.id', '=', userId))
    .leftJoin('organizations as uo', 'uo.id', 'u.organization_id')
    .select([
      'u.name as user_name',
      'u.email as user_email',
      'u.role as user_role',
      'u.status as user_status',
      'uo.kind as user_organization_kind',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('engagement_team as t')
            .select('t.user_id')
            .whereRef('t.engagement_id', '=', 'e.id')
            .where('t.user_id', '=', userId),
        )
        .as('user_member'),
    )
    .select((eb) => [
      eb
        .selectFrom('effort_entries as p')
        .select('p.id')
        .whereRef('p.engagement_id', '=', 'e.id')
        .where('p.idempotency_key', '=', key ?? '')
        .as('prior_id'),
      eb
        .selectFrom('effort_entries as p')
        .select('p.request_hash')
        .whereRef('p.engagement_id', '=', 'e.id')
        .where('p.idempotency_key', '=', key ?? '')
        .as('prior_hash'),
    ])
    .where('e.id', '=', id);

/** effortContextQuery's row as an EffortContext (the prior entry only when a key was given). */
export const toEffortContext = <R extends { user_member: unknown; prior_id: string | null; prior_hash: string | null }>(
  r: R | undefined,
  key: string | null,
) =>
  r &&
  ({
    ...r,
    user_member: Boolean(r.user_member),
    prior_id: key ? r.prior_id : null,
    prior_hash: key ? r.prior_hash : null,
  } as unknown as EffortContext & Omit<R, keyof EffortContext>);

export const engagementsRepo = {
  /** The id of the engagement with this number (ENG-2026-0012), any tenant: the caller's access rules still apply. */
  async idByNumber(ex: Executor, number: string): Promise<string | undefined> {
    return (await ex.selectFrom('engagements').select('id').where('number', '=', number).executeTakeFirst())?.id;
  },

  /** The next readable number of the year: a counter row, row-locked by the upsert, so concurrent approvals never share one. */
  async nextNumber(ex: Executor, year: number): Promise<number> {
    const result = await ex
      .insertInto('engagement_numbers')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`engagement_numbers.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return result.last;
  },

  async contractCustomer(ex: Executor, contractId: string): Promise<string | undefined> {
    return (await ex.selectFrom('contracts').select('customer_id').where('id', '=', contractId).executeTakeFirst())
      ?.customer_id;
  },

  /** The human number of an engagement's work order (EWO-…). */
  async workOrderNumber(ex: Executor, workOrderId: string): Promise<string | undefined> {
    return (await ex.selectFrom('work_orders').select('number').where('id', '=', workOrderId).executeTakeFirst())
      ?.number;
  },

  /** Where the engagement's rate card comes from, in words: its approved change order, or its EWO's approved version. */
  async rateCardSource(
    ex: Executor,
    engagement: { work_order_id: string; rate_card_change_order_id: string | null },
  ): Promise<string> {
    if (engagement.rate_card_change_order_id) {
      const co = await ex
        .selectFrom('change_orders')
        .select('number')
        .where('id', '=', engagement.rate_card_change_order_id)
        .executeTakeFirst();
      return `change order ${co?.number ?? ''}`.trim();
    }
    const wo = await ex
      .selectFrom('work_orders as w')
      .leftJoin('work_order_versions as v', (j) =>
        j.onRef('v.work_order_id', '=', 'w.id').on('v.status', '=', 'approved'),
      )
      .select(['w.number', 'v.version'])
      .where('w.id', '=', engagement.work_order_id)
      .executeTakeFirst();
    if (!wo) return 'the approved work order';
    return wo.version === null ? wo.number : `${wo.number} version ${wo.version}`;
  },

  /** The contract's rate card columns (unit, units per hour, settings): the card in force now. */
  async contractCard(ex: Executor, contractId: string) {
    return ex
      .selectFrom('contracts')
      .select(['unit', 'units_per_hour', 'settings'])
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
  },

  async insert(ex: Executor, row: Insertable<EngagementsTable>): Promise<void> {
    await ex.insertInto('engagements').values(row).execute();
  },

  async record(ex: Executor, id: string): Promise<EngagementRecord | undefined> {
    return (await withContext(ex).where('e.id', '=', id).executeTakeFirst()) as EngagementRecord | undefined;
  },

  /** The engagement row locked (not its customer or contract): effort, corrections, estimate changes and close of one engagement queue here. */
  async recordForUpdate(ex: Executor, id: string): Promise<EngagementRecord | undefined> {
    return (await withContext(ex).where('e.id', '=', id).forUpdate('e').executeTakeFirst()) as
      EngagementRecord | undefined;
  },

  /** effortContextQuery with the engagement row locked: effort, corrections, estimate changes and close of one engagement queue here. */
  async recordForEffort(
    ex: Executor,
    id: string,
    userId: string,
    key: string | null,
  ): Promise<EffortContext | undefined> {
    return toEffortContext(await effortContextQuery(ex, id, userId, key).forUpdate('e').executeTakeFirst(), key);
  },

  async list(
    ex: Executor,
    f: EngagementFilter,
  ): Promise<
    (EngagementRow & { customer_name: string; time_zone: string; unit: ContractUnit; contract_number: string })[]
  > {
    let query = ex
      .selectFrom('engagements as e')
      .innerJoin('customers as c', 'c.id', 'e.customer_id')
      .innerJoin('contracts as k', 'k.id', 'e.contract_id')
      .selectAll('e')
      .select(['c.name as customer_name', 'c.time_zone', 'k.unit', 'k.number as contract_number'])
      .orderBy('e.id', 'desc')
      .limit(f.limit);
    query = query.where(visibleTo(f.visibility));
    if (f.statuses?.length) query = query.where('e.status', 'in', f.statuses);
    if (f.customerId) query = query.where('e.customer_id', '=', f.customerId);
    if (f.contractId) query = query.where('e.contract_id', '=', f.contractId);
    if (f.beforeId) query = query.where('e.id', '<', f.beforeId);
    if (f.memberUserId) query = query.where(onTeamOf(f.memberUserId));
    return query.execute();
  },

  async update(ex: Executor, id: string, patch: Updateable<EngagementsTable>): Promise<void> {
    await ex.updateTable('engagements').set(patch).where('id', '=', id).execute();
  },

  /** Moves the cached effort sums by the given deltas (in the transaction that holds the row lock). */
  async addEffortSums(ex: Executor, id: string, deltas: { consumed?: number; held?: number }, at: Date): Promise<void> {
    await ex
      .updateTable('engagements')
      .set({
        effort_consumed: sql<number>`effort_consumed + ${deltas.consumed ?? 0}`,
        effort_held: sql<number>`effort_held + ${deltas.held ?? 0}`,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  },

  async team(ex: Executor, engagementIds: readonly string[]): Promise<TeamMemberRow[]> {
    if (engagementIds.length === 0) return [];
    return ex
      .selectFrom('engagement_team as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.engagement_id',
        't.user_id',
        't.role',
        't.added_at',
        'u.name',
        'u.email',
        'u.role as user_role',
        'u.status as user_status',
      ])
      .where('t.engagement_id', 'in', engagementIds)
      .orderBy('t.added_at')
      .orderBy('u.name')
      .execute();
  },

  async teamMember(
    ex: Executor,
    engagementId: string,
    userId: string,
  ): Promise<Selectable<EngagementTeamTable> | undefined> {
    return ex
      .selectFrom('engagement_team')
      .selectAll()
      .where('engagement_id', '=', engagementId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  async upsertTeamMember(ex: Executor, row: Insertable<EngagementTeamTable>): Promise<void> {
    await ex
      .insertInto('engagement_team')
      .values(row)
      .onConflict((oc) => oc.columns(['engagement_id', 'user_id']).doUpdateSet({ role: row.role }))
      .execute();
  },

  async removeTeamMember(ex: Executor, engagementId: string, userId: string): Promise<boolean> {
    const result = await ex
      .deleteFrom('engagement_team')
      .where('engagement_id', '=', engagementId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Users by id with their organisation's kind (team candidates). */
  async users(
    ex: Executor,
    ids: readonly string[],
  ): Promise<
    {
      id: string;
      name: string;
      email: string;
      role: string;
      status: string;
      organization_kind: 'provider' | 'customer';
    }[]
  > {
    if (ids.length === 0) return [];
    return ex
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.status', 'o.kind as organization_kind'])
      .where('u.id', 'in', ids)
      .execute();
  },

  /** Active provider users with one of the roles (IR managers for change-order requests and estimate warnings). */
  async providerUsers(ex: Executor, roles: readonly Role[]): Promise<Person[]> {
    return ex
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select(['u.id', 'u.name', 'u.email'])
      .where('o.kind', '=', 'provider')
      .where('u.status', '=', 'active')
      .where('u.role', 'in', [...roles])
      .orderBy('u.email')
      .execute() as Promise<Person[]>;
  },

  /** The person who asked for the work (a contact, or a user of the customer), for schedule invitations. */
  async requester(ex: Executor, requestId: string): Promise<Person | undefined> {
    const result = await ex
      .selectFrom('service_requests as r')
      .leftJoin('contacts as c', 'c.id', 'r.requester_contact_id')
      .leftJoin('users as u', 'u.id', 'r.requester_user_id')
      .select([
        'c.id as contact_id',
        'c.name as contact_name',
        'c.email as contact_email',
        'u.id as user_id',
        'u.name as user_name',
        'u.email as user_email',
      ])
      .where('r.id', '=', requestId)
      .executeTakeFirst();
    if (result?.contact_id && result.contact_email)
      return { id: result.contact_id, name: result.contact_name ?? result.contact_email, email: result.contact_email };
    if (result?.user_id && result.user_email)
      return { id: result.user_id, name: result.user_name ?? result.user_email, email: result.user_email };
    return undefined;
  },

  /** Sites of the customer among the ids (location of the schedule invitation; foreign ids are ignored). */
  async sites(
    ex: Executor,
    customerId: string,
    ids: readonly string[],
  ): Promise<{ id: string; name: string; address: string; time_zone: string }[]> {
    if (ids.length === 0) return [];
    return ex
      .selectFrom('sites')
      .select(['id', 'name', 'address', 'time_zone'])
      .where('customer_id', '=', customerId)
      .where('id', 'in', ids)
      .execute();
  },

  async insertEstimate(ex: Executor, row: Omit<Insertable<EngagementEstimatesTable>, 'seq'>): Promise<void> {
    await ex
      .insertInto('engagement_estimates')
      .values((eb) => ({
        ...row,
        seq: eb
          .selectFrom('engagement_estimates')
          .select(sql<number>`coalesce(max(seq), 0) + 1`.as('n'))
          .where('engagement_id', '=', row.engagement_id),
      }))
      .execute();
  },

  async estimates(ex: Executor, engagementId: string): Promise<Selectable<EngagementEstimatesTable>[]> {
    return ex
      .selectFrom('engagement_estimates')
      .selectAll()
      .where('engagement_id', '=', engagementId)
      .orderBy('seq')
      .execute();
  },
};
