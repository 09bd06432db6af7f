import type { CustomerRole, Role } from '../../shared/roles.ts';
import type { ContactWithUser, CustomerRow, SiteRow, TeamMemberRow } from './customers.repo.ts';
import { roleForContact } from './customers.rules.ts';
import type { Phone } from './customers.tables.ts';

export type CustomerStatus = CustomerRow['status'];

/** A customer as other features need it (no team, no dates). */
export interface CustomerRecord {
  id: string;
  organizationId: string;
  name: string;
  timeZone: string;
  status: CustomerStatus;
  revision: number;
}

export interface TeamMemberView {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: 'invited' | 'active' | 'disabled';
}

export interface CustomerView extends CustomerRecord {
  /** Provider user ids of the account team. */
  accountTeam: string[];
  accountTeamMembers: TeamMemberView[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SiteView {
  id: string;
  customerId: string;
  name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  timeZone: string;
  country: string | null;
  businessHours: { start: string; end: string };
  createdAt: Date;
  updatedAt: Date;
}

export interface ContactView {
  id: string;
  customerId: string;
  name: string;
  email: string;
  phones: Phone[];
  canRequest: boolean;
  canApprove: boolean;
  receivesStatements: boolean;
  escalationOrder: number | null;
  /** IANA zone of the contact's emails; null: the customer's. */
  timeZone: string | null;
  /** The role a portal login of this contact has (or would have): follows the flags. */
  portalRole: CustomerRole;
  /** The contact's portal login, when it has one. */
  user: { id: string; email: string; role: Role; status: 'invited' | 'active' | 'disabled' } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer row as other features need it. */
export const toRecord = (customer: CustomerRow): CustomerRecord => ({
  id: customer.id,
  organizationId: customer.organization_id,
  name: customer.name,
  timeZone: customer.time_zone,
  status: customer.status,
  revision: customer.revision,
});

/** An account team member as the API shows it. */
export const toMember = (member: TeamMemberRow): TeamMemberView => ({
  id: member.user_id,
  email: member.email,
  name: member.name,
  role: member.role as Role,
  status: member.status as TeamMemberView['status'],
});

/** A customer with its account team, as the API shows it. */
export const toCustomerView = (customer: CustomerRow, team: TeamMemberRow[]): CustomerView => ({
  ...toRecord(customer),
  accountTeam: team.map((member) => member.user_id),
  accountTeamMembers: team.map(toMember),
  createdAt: customer.created_at,
  updatedAt: customer.updated_at,
});

/** A site as the API shows it. */
export const toSiteView = (site: SiteRow): SiteView => ({
  id: site.id,
  customerId: site.customer_id,
  name: site.name,
  address: site.address,
  latitude: site.latitude,
  longitude: site.longitude,
  timeZone: site.time_zone,
  country: site.country ?? null,
  businessHours: { start: clockTime(site.business_start_minute), end: clockTime(site.business_end_minute) },
  createdAt: site.created_at,
  updatedAt: site.updated_at,
});

/** A contact with its portal login, as the API shows it (its portal role follows its flags). */
export const toContactView = (contact: ContactWithUser): ContactView => ({
  id: contact.id,
  customerId: contact.customer_id,
  name: contact.name,
  email: contact.email,
  phones: contact.phones,
  canRequest: contact.can_request,
  canApprove: contact.can_approve,
  receivesStatements: contact.receives_statements,
  escalationOrder: contact.escalation_order,
  timeZone: contact.time_zone,
  portalRole: roleForContact({ canApprove: contact.can_approve, canRequest: contact.can_request }),
  user: contact.user_id
    ? {
        id: contact.user_id,
        email: contact.user_email!,
        role: contact.user_role as Role,
        status: contact.user_status as 'invited' | 'active' | 'disabled',
      }
    : null,
  createdAt: contact.created_at,
  updatedAt: contact.updated_at,
});

/** The audited state of a customer, site or contact. */
export const customerSnapshot = (customer: {
  name: string;
  timeZone: string;
  status: string;
  accountTeam: string[];
}) => ({
  name: customer.name,
  timeZone: customer.timeZone,
  status: customer.status,
  accountTeam: customer.accountTeam,
});
export const siteSnapshot = (
  site: Omit<SiteRow, 'business_start_minute' | 'business_end_minute' | 'country'> & Partial<SiteRow>,
) => ({
  name: site.name,
  address: site.address,
  latitude: site.latitude,
  longitude: site.longitude,
  timeZone: site.time_zone,
  ...(site.country !== undefined ? { country: site.country } : {}),
  ...(site.business_start_minute !== undefined && site.business_end_minute !== undefined
    ? { businessHours: `${clockTime(site.business_start_minute)}–${clockTime(site.business_end_minute)}` }
    : {}),
});

/** Minutes after midnight as HH:MM. */
export const clockTime = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
/** HH:MM as minutes after midnight. */
export const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
export const contactSnapshot = (contact: {
  name: string;
  email: string;
  phones: Phone[];
  can_request: boolean;
  can_approve: boolean;
  receives_statements: boolean;
  escalation_order: number | null;
  time_zone?: string | null;
}) => ({
  name: contact.name,
  email: contact.email,
  phones: contact.phones,
  canRequest: contact.can_request,
  canApprove: contact.can_approve,
  receivesStatements: contact.receives_statements,
  escalationOrder: contact.escalation_order,
  ...(contact.time_zone !== undefined ? { timeZone: contact.time_zone } : {}),
});
