import { providerWith } from '../authz.ts';

/** Who may see and edit the on-call rota. */
export const oncallPolicy = {
  /** Provider staff see who is on call (consultants take the pager). */
  read: providerWith('admin', 'ir_manager', 'account_manager', 'consultant'),
  /** IR managers and admins edit rotas and shifts. */
  manage: providerWith('admin', 'ir_manager'),
};

/** Roles that may hold the pager (with on-call eligibility on the consultant profile, where one exists). */
export const pagerRoles = ['consultant', 'ir_manager'] as const;
