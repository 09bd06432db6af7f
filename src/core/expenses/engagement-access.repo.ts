import type { Executor } from '../../db/create-db.ts';
import type { EngagementStatus } from '../engagements/engagements.tables.ts';

/** An engagement as expenses and deliverables need it: its tenant, contract and number. */
export interface EngagementRef {
  id: string;
  number: string;
  title: string;
  status: EngagementStatus;
  customerId: string;
  customerName: string;
  organizationId: string;
  contractId: string;
  requestId: string;
}

/**
 * Reads of the engagements feature's tables for expenses and deliverables (their own queries, so these
 * features do not wait for the engagements service).
 */
export const engagementAccessRepo = {
  async engagement(ex: Executor, id: string): Promise<EngagementRef | undefined> {
    const r = await ex
      .selectFrom('engagements')
      .innerJoin('customers', 'customers.id', 'engagements.customer_id')
      .select([
        'engagements.id',
        'engagements.number',
        'engagements.title',
        'engagements.status',
        'engagements.customer_id',
        'customers.name as customer_name',
        'customers.organization_id',
        'engagements.contract_id',
        'engagements.request_id',
      ])
      .where('engagements.id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        number: r.number,
        title: r.title,
        status: r.status,
        customerId: r.customer_id,
        customerName: r.customer_name,
        organizationId: r.organization_id,
        contractId: r.contract_id,
        requestId: r.request_id,
      }
    );
  },

  async isTeamMember(ex: Executor, engagementId: string, userId: string): Promise<boolean> {
    const r = await ex
      .selectFrom('engagement_team')
      .select('user_id')
      .where('engagement_id', '=', engagementId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r !== undefined;
  },

  /** The active provider users on the engagement's team (for notifications). */
  async activeTeam(
    ex: Executor,
    engagementId: string,
  ): Promise<{ id: string; email: string; name: string; role: string }[]> {
    return ex
      .selectFrom('engagement_team')
      .innerJoin('users', 'users.id', 'engagement_team.user_id')
      .select(['users.id', 'users.email', 'users.name', 'users.role'])
      .where('engagement_team.engagement_id', '=', engagementId)
      .where('users.status', '=', 'active')
      .orderBy('users.id')
      .execute();
  },

  /** Who asked for the work: the request's contact, else the contact of the customer user who filed it. */
  async requesterContactId(ex: Executor, requestId: string): Promise<string | null> {
    const r = await ex
      .selectFrom('service_requests')
      .leftJoin('users', 'users.id', 'service_requests.requester_user_id')
      .select(['service_requests.requester_contact_id', 'users.contact_id as user_contact_id'])
      .where('service_requests.id', '=', requestId)
      .executeTakeFirst();
    return r?.requester_contact_id ?? r?.user_contact_id ?? null;
  },
};
