import type { Role } from '../../shared/roles.ts';
import type { UserActor } from '../context.ts';
import type { UserWithOrg } from './accounts.repo.ts';
import type { UserStatus } from './accounts.tables.ts';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  organizationId: string;
  organizationKind: 'provider' | 'customer';
  organizationName: string;
  contactId: string | null;
  workPhone: string | null;
  timeZone: string | null;
  createdAt: Date;
}

/** A user row as the API shows it. */
export const toUserView = (user: UserWithOrg): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  status: user.status,
  organizationId: user.organization_id,
  organizationKind: user.organization_kind,
  organizationName: user.organization_name,
  contactId: user.contact_id,
  workPhone: user.work_phone,
  timeZone: user.time_zone,
  createdAt: user.created_at,
});

/** A user row as the actor of a request. */
export const toActor = (user: UserWithOrg): UserActor => ({
  type: 'user',
  userId: user.id,
  organizationId: user.organization_id,
  organizationKind: user.organization_kind,
  role: user.role,
  email: user.email,
  name: user.name,
  contactId: user.contact_id,
});
