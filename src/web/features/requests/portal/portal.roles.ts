import type { Role } from '../../../../shared/roles.ts';

/** Customer roles whose contact may ask for services (canRequest or canApprove); viewers only read. */
export const requestingRoles = ['customer_approver', 'customer_requester'] as const satisfies readonly Role[];

export const mayRequest = (role: Role): boolean => (requestingRoles as readonly Role[]).includes(role);
