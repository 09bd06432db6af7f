export const providerRoles = ['admin', 'ir_manager', 'consultant', 'account_manager'] as const;
export const customerRoles = ['customer_approver', 'customer_requester', 'customer_viewer'] as const;
export const roles = [...providerRoles, ...customerRoles] as const;
export type ProviderRole = (typeof providerRoles)[number];
export type CustomerRole = (typeof customerRoles)[number];
export type Role = (typeof roles)[number];

export const isProviderRole = (r: string): r is ProviderRole => (providerRoles as readonly string[]).includes(r);
export const isCustomerRole = (r: string): r is CustomerRole => (customerRoles as readonly string[]).includes(r);

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  ir_manager: 'IR manager',
  consultant: 'Consultant',
  account_manager: 'Account manager',
  customer_approver: 'Approver (point of contact)',
  customer_requester: 'Requester',
  customer_viewer: 'Viewer',
};

/** Roles that draft, edit and send work orders and change orders (domain.md: IR managers; admins do everything). */
export const workOrderManagerRoles = ['admin', 'ir_manager'] as const satisfies readonly ProviderRole[];
export const isWorkOrderManagerRole = (role: string): boolean =>
  (workOrderManagerRoles as readonly string[]).includes(role);
