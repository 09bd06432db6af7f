import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ContractUnit } from '../../shared/units.ts';
import type { ContractSettingsInput } from '../../shared/contracts/contract-settings.ts';
import type { CatalogSizeRow } from '../catalog/catalog.tables.ts';

/** A message about a contract as its list shows it: no bodies, no attachments. */
export interface ContractMessageRow {
  id: string;
  topic: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  locked_until: Date | null;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
  subject: string;
  to: string[];
}

/** A contact found by the address a message came from, with its customer. */
export interface SenderContact {
  id: string;
  name: string;
  email: string;
  can_request: boolean;
  customer_id: string;
  customer_name: string;
  organization_id: string;
  time_zone: string;
}

/** An active contract as reminders and balance answers need it. */
export interface ActiveContract {
  id: string;
  number: string;
  unit: ContractUnit;
  term_end: string;
  settings: ContractSettingsInput;
  customer_id: string;
  customer_name: string;
  time_zone: string;
}

const activeContracts = (ex: Executor) =>
  ex
    .selectFrom('contracts')
    .innerJoin('customers', 'customers.id', 'contracts.customer_id')
    .select([
      'contracts.id',
      'contracts.number',
      'contracts.unit',
      'contracts.term_end',
      'contracts.settings',
      'contracts.customer_id',
      'customers.name as customer_name',
      'customers.time_zone',
    ])
    .where('contracts.status', '=', 'active');

export const channelsRepo = {
  /** A contract's messages, newest first, after the cursor's (created_at, id). */
  async contractMessages(
    ex: Executor,
    contractId: string,
    page: { before?: { createdAt: Date; id: string }; limit: number },
  ): Promise<ContractMessageRow[]> {
    let query = ex
      .selectFrom('outbox')
      .select([
        'id',
        'topic',
        'status',
        'attempts',
        'locked_until',
        'last_error',
        'next_attempt_at',
        'created_at',
        'delivered_at',
      ])
      .select([
        sql<string>`coalesce(payload->>'subject', '')`.as('subject'),
        sql<string[]>`coalesce(payload->'to', '[]'::jsonb)`.as('to'),
      ])
      .where('contract_id', '=', contractId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit);
    if (page.before) {
      const { createdAt, id } = page.before;
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
      );
    }
    return query.execute() as Promise<ContractMessageRow[]>;
  },

  /** The contacts whose stored address is this one (compared lower-cased), with their customers; active customers only. */
  async contactsByEmail(ex: Executor, email: string): Promise<SenderContact[]> {
    return ex
      .selectFrom('contacts')
      .innerJoin('customers', 'customers.id', 'contacts.customer_id')
      .select([
        'contacts.id',
        'contacts.name',
        'contacts.email',
        'contacts.can_request',
        'contacts.customer_id',
        'customers.name as customer_name',
        'customers.organization_id',
        'customers.time_zone',
      ])
      .where('contacts.email_lower', '=', email.trim().toLowerCase())
      .where('customers.status', '=', 'active')
      .orderBy('contacts.id')
      .execute();
  },

  /** The customer's active contracts, by term end. */
  async activeContractsOf(ex: Executor, customerId: string): Promise<ActiveContract[]> {
    return (await activeContracts(ex)
      .where('contracts.customer_id', '=', customerId)
      .orderBy('contracts.term_end')
      .orderBy('contracts.id')
      .execute()) as ActiveContract[];
  },

  /** Active contracts whose term ends on or before `latestDay` (reminder candidates; the zone is checked by the caller). */
  async activeEndingBy(ex: Executor, latestDay: string): Promise<ActiveContract[]> {
    return (await activeContracts(ex)
      .where('contracts.term_end', '<=', latestDay)
      .orderBy('contracts.term_end')
      .orderBy('contracts.id')
      .execute()) as ActiveContract[];
  },

  /** Active proactive catalog items with their sizes (the reminder lists those whose fixed price fits). */
  async proactiveItems(ex: Executor): Promise<{ id: string; name: string; sizes: CatalogSizeRow[] }[]> {
    return ex
      .selectFrom('catalog_items')
      .select(['id', 'name', 'sizes'])
      .where('kind', '=', 'proactive')
      .where('active', '=', true)
      .orderBy('name')
      .execute();
  },

  /** The deliverables of an engagement the customer was given (issued), with the version issued. */
  async issuedDeliverables(ex: Executor, engagementId: string): Promise<{ title: string; version: number }[]> {
    const rows = await ex
      .selectFrom('deliverables')
      .select(['title', 'issued_version'])
      .where('engagement_id', '=', engagementId)
      .where('issued_version', 'is not', null)
      .orderBy('issued_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ title: row.title, version: row.issued_version! }));
  },
};
