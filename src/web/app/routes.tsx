/**
 * THE REGISTRY OF PAGES. A feature adds its pages here, one entry each; the router, the role guard and
 * both navigations (staff sidebar, customer portal bar) are built from this list. See src/web/README.md
 * ("Adding a page") for the pattern.
 */
import {
  IconBriefcase,
  IconChecklist,
  IconBuilding,
  IconFileInvoice,
  IconHistory,
  IconHome,
  IconKey,
  IconLayoutDashboard,
  IconLifebuoy,
  IconMail,
  IconSend,
  IconSettings,
  IconUsers,
  type TablerIcon,
} from '@tabler/icons-react';
import { IconAdjustmentsHorizontal, IconListDetails, IconWebhook } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Role } from '../../shared/roles.ts';
import { IconClockHour4 } from '@tabler/icons-react';
import { IconReceipt } from '@tabler/icons-react';
import { IconFileCertificate } from '@tabler/icons-react';
import { IconTimeline } from '@tabler/icons-react';
import { IconCertificate, IconPhoneCall, IconUsersGroup } from '@tabler/icons-react';
import { lazyPage } from './lazy-page.tsx';

// Each page is its own chunk, loaded on first visit (see lazy-page.tsx).
const ApprovalLinkPage = lazyPage(() => import('../features/approvals/ApprovalLinkPage.tsx'), 'ApprovalLinkPage');
const PortalApprovalPage = lazyPage(() => import('../features/approvals/PortalApprovalPage.tsx'), 'PortalApprovalPage');
const PortalApprovalsPage = lazyPage(
  () => import('../features/approvals/PortalApprovalsPage.tsx'),
  'PortalApprovalsPage',
);
const AuditPage = lazyPage(() => import('../features/audit/AuditPage.tsx'), 'AuditPage');
const ContractPage = lazyPage(() => import('../features/contracts/ContractPage.tsx'), 'ContractPage');
const PortalContractPage = lazyPage(() => import('../features/contracts/ContractPage.tsx'), 'PortalContractPage');
const CustomerPage = lazyPage(() => import('../features/customers/CustomerPage.tsx'), 'CustomerPage');
const CustomersPage = lazyPage(() => import('../features/customers/CustomersPage.tsx'), 'CustomersPage');
const DashboardPage = lazyPage(() => import('../features/dashboard/DashboardPage.tsx'), 'DashboardPage');
const EngagementPage = lazyPage(() => import('../features/engagements/EngagementPage.tsx'), 'EngagementPage');
const EngagementsPage = lazyPage(() => import('../features/engagements/EngagementsPage.tsx'), 'EngagementsPage');
const MailboxPage = lazyPage(() => import('../features/mailbox/MailboxPage.tsx'), 'MailboxPage');
const MessagePage = lazyPage(() => import('../features/mailbox/MessagePage.tsx'), 'MessagePage');
const OutboxPage = lazyPage(() => import('../features/outbox/OutboxPage.tsx'), 'OutboxPage');
const PortalEngagementsPage = lazyPage(
  () => import('../features/portal/PortalEngagementsPage.tsx'),
  'PortalEngagementsPage',
);
const PortalEngagementPage = lazyPage(
  () => import('../features/portal/engagements/PortalEngagementPage.tsx'),
  'PortalEngagementPage',
);
const TimesheetPage = lazyPage(() => import('../features/timesheet/TimesheetPage.tsx'), 'TimesheetPage');
const PortalHomePage = lazyPage(() => import('../features/portal/PortalHomePage.tsx'), 'PortalHomePage');
const PortalRequestsPage = lazyPage(() => import('../features/portal/PortalRequestsPage.tsx'), 'PortalRequestsPage');
const RequestsPage = lazyPage(() => import('../features/requests/RequestsPage.tsx'), 'RequestsPage');
const IntakePage = lazyPage(() => import('../features/requests/IntakePage.tsx'), 'IntakePage');
const RequestPage = lazyPage(() => import('../features/requests/RequestPage.tsx'), 'RequestPage');
const SlaReportPage = lazyPage(() => import('../features/requests/SlaReportPage.tsx'), 'SlaReportPage');
const PortalNewRequestPage = lazyPage(
  () => import('../features/requests/portal/PortalNewRequestPage.tsx'),
  'PortalNewRequestPage',
);
const PortalRequestPage = lazyPage(
  () => import('../features/requests/portal/PortalRequestPage.tsx'),
  'PortalRequestPage',
);
const CatalogPage = lazyPage(() => import('../features/settings/CatalogPage.tsx'), 'CatalogPage');
const FirmSettingsPage = lazyPage(() => import('../features/settings/FirmSettingsPage.tsx'), 'FirmSettingsPage');
const StatementsPage = lazyPage(() => import('../features/statements/StatementsPage.tsx'), 'StatementsPage');
const BillingPage = lazyPage(() => import('../features/billing/BillingPage.tsx'), 'BillingPage');
const TokensPage = lazyPage(() => import('../features/tokens/TokensPage.tsx'), 'TokensPage');
const WebhooksPage = lazyPage(() => import('../features/webhooks/WebhooksPage.tsx'), 'WebhooksPage');
const UsersPage = lazyPage(() => import('../features/users/UsersPage.tsx'), 'UsersPage');
const MyProfilePage = lazyPage(() => import('../features/users/MyProfilePage.tsx'), 'MyProfilePage');
const WorkOrderPage = lazyPage(() => import('../features/workorders/WorkOrderPage.tsx'), 'WorkOrderPage');
const WorkOrdersPage = lazyPage(() => import('../features/workorders/WorkOrdersPage.tsx'), 'WorkOrdersPage');
const TimelinePage = lazyPage(() => import('../features/timeline/TimelinePage.tsx'), 'TimelinePage');
const StaffDirectoryPage = lazyPage(() => import('../features/staffing/StaffDirectoryPage.tsx'), 'StaffDirectoryPage');
const ConsultantPage = lazyPage(() => import('../features/staffing/ConsultantPage.tsx'), 'ConsultantPage');
const SkillCatalogPage = lazyPage(() => import('../features/staffing/SkillCatalogPage.tsx'), 'SkillCatalogPage');
const OncallRotaPage = lazyPage(() => import('../features/staffing/OncallRotaPage.tsx'), 'OncallRotaPage');

/** `staff`: the provider's app at `/`; `portal`: the customer portal at `/portal`. */
export type Area = 'staff' | 'portal';

export const areaBase: Record<Area, string> = { staff: '/', portal: '/portal' };

/** Groups of the staff sidebar that fold their entries under one heading (the group's own path redirects to its first visible entry). */
export const navGroups = {
  settings: { label: 'Settings', icon: IconSettings, path: 'settings', order: 90 },
} as const satisfies Record<string, { label: string; icon: TablerIcon; path: string; order: number }>;
export type NavGroup = keyof typeof navGroups;

export interface PageRoute {
  area: Area;
  /** Path inside the area, without a leading slash: '' (the area's home), 'customers', 'customers/:id'. */
  path: string;
  element: ReactNode;
  /** Roles that may open the page; omitted: every role of the area. Others get a "no access" page. */
  roles?: readonly Role[];
  /** An entry in the area's navigation (omit for detail pages). Lower `order` comes first. */
  nav?: { label: string; icon: TablerIcon; order: number; group?: NavGroup };
}

const managers = ['admin', 'ir_manager', 'account_manager'] as const satisfies readonly Role[];
const requesters = ['customer_approver', 'customer_requester'] as const satisfies readonly Role[];

export const pageRoutes: PageRoute[] = [
  // ── Staff app (provider users) ──────────────────────────────────────────────────────────────
  {
    area: 'staff',
    path: '',
    element: <DashboardPage />,
    nav: { label: 'Dashboard', icon: IconLayoutDashboard, order: 10 },
  },
  {
    area: 'staff',
    path: 'customers',
    element: <CustomersPage />,
    roles: managers,
    nav: { label: 'Customers', icon: IconBuilding, order: 20 },
  },
  { area: 'staff', path: 'customers/:id', element: <CustomerPage />, roles: managers },
  { area: 'staff', path: 'contracts/:id', element: <ContractPage />, roles: managers },
  {
    area: 'staff',
    path: 'requests',
    element: <RequestsPage />,
    roles: managers,
    nav: { label: 'Requests', icon: IconLifebuoy, order: 30 },
  },
  { area: 'staff', path: 'requests/new', element: <IntakePage />, roles: ['admin', 'ir_manager'] },
  { area: 'staff', path: 'requests/:id', element: <RequestPage />, roles: managers },
  { area: 'staff', path: 'reports/sla', element: <SlaReportPage />, roles: managers },
  {
    area: 'staff',
    path: 'work-orders',
    element: <WorkOrdersPage />,
    roles: managers,
    nav: { label: 'Work orders', icon: IconFileCertificate, order: 35 },
  },
  { area: 'staff', path: 'work-orders/:id', element: <WorkOrderPage />, roles: managers },
  {
    area: 'staff',
    path: 'engagements',
    element: <EngagementsPage />,
    nav: { label: 'Engagements', icon: IconBriefcase, order: 40 },
  },
  { area: 'staff', path: 'engagements/:id', element: <EngagementPage /> },
  {
    area: 'staff',
    path: 'timeline',
    element: <TimelinePage />,
    roles: ['admin', 'ir_manager', 'account_manager', 'consultant'],
    nav: { label: 'Staff timeline', icon: IconTimeline, order: 42 },
  },
  {
    area: 'staff',
    path: 'staff',
    element: <StaffDirectoryPage />,
    nav: { label: 'Staff', icon: IconUsersGroup, order: 45 },
  },
  { area: 'staff', path: 'staff/:userId', element: <ConsultantPage /> },
  {
    area: 'staff',
    path: 'oncall',
    element: <OncallRotaPage />,
    roles: ['admin', 'ir_manager'],
    nav: { label: 'On-call rota', icon: IconPhoneCall, order: 46 },
  },
  {
    area: 'staff',
    path: 'timesheet',
    element: <TimesheetPage />,
    roles: ['admin', 'ir_manager', 'consultant'],
    nav: { label: 'Timesheet', icon: IconClockHour4, order: 45 },
  },
  {
    area: 'staff',
    path: 'billing',
    element: <BillingPage />,
    roles: ['admin', 'account_manager'],
    nav: { label: 'Billing', icon: IconReceipt, order: 70 },
  },
  {
    area: 'staff',
    path: 'mailbox',
    element: <MailboxPage />,
    roles: ['admin'],
    nav: { label: 'Mailbox', icon: IconMail, order: 80 },
  },
  { area: 'staff', path: 'mailbox/:id', element: <MessagePage />, roles: ['admin'] },
  {
    area: 'staff',
    path: 'outbox',
    element: <OutboxPage />,
    roles: ['admin'],
    nav: { label: 'Outbox', icon: IconSend, order: 85 },
  },
  {
    area: 'staff',
    path: 'settings/users',
    element: <UsersPage />,
    roles: ['admin'],
    nav: { label: 'Users', icon: IconUsers, order: 10, group: 'settings' },
  },
  {
    area: 'staff',
    path: 'settings/tokens',
    element: <TokensPage />,
    nav: { label: 'API tokens', icon: IconKey, order: 20, group: 'settings' },
  },
  {
    area: 'staff',
    path: 'settings/audit',
    element: <AuditPage />,
    roles: ['admin'],
    nav: { label: 'Audit log', icon: IconHistory, order: 30, group: 'settings' },
  },
  {
    area: 'staff',
    path: 'settings/firm',
    element: <FirmSettingsPage />,
    roles: ['admin'],
    nav: { label: 'Firm settings', icon: IconAdjustmentsHorizontal, order: 40, group: 'settings' },
  },
  {
    area: 'staff',
    path: 'settings/webhooks',
    element: <WebhooksPage />,
    roles: ['admin'],
    nav: { label: 'Webhooks', icon: IconWebhook, order: 45, group: 'settings' },
  },
  {
    area: 'staff',
    path: 'settings/catalog',
    element: <CatalogPage />,
    roles: managers,
    nav: { label: 'Service catalog', icon: IconListDetails, order: 50, group: 'settings' },
  },
  {
    area: 'staff',
    path: 'settings/skills',
    element: <SkillCatalogPage />,
    roles: ['admin', 'ir_manager'],
    nav: { label: 'Skills & certifications', icon: IconCertificate, order: 55, group: 'settings' },
  },
  {
    area: 'staff',
    path: 'settings/profile',
    element: <MyProfilePage />,
  },

  // ── Customer portal (customer users) ────────────────────────────────────────────────────────
  { area: 'portal', path: '', element: <PortalHomePage />, nav: { label: 'Home', icon: IconHome, order: 10 } },
  { area: 'portal', path: 'contracts/:id', element: <PortalContractPage /> },
  {
    area: 'portal',
    path: 'approvals',
    element: <PortalApprovalsPage />,
    roles: ['customer_approver'],
    nav: { label: 'Approvals', icon: IconChecklist, order: 15 },
  },
  { area: 'portal', path: 'approvals/:subject/:id', element: <PortalApprovalPage />, roles: ['customer_approver'] },
  {
    area: 'portal',
    path: 'requests',
    element: <PortalRequestsPage />,
    roles: requesters,
    nav: { label: 'Requests', icon: IconLifebuoy, order: 20 },
  },
  { area: 'portal', path: 'requests/new', element: <PortalNewRequestPage />, roles: requesters },
  { area: 'portal', path: 'requests/:id', element: <PortalRequestPage />, roles: requesters },
  {
    area: 'portal',
    path: 'engagements',
    element: <PortalEngagementsPage />,
    nav: { label: 'Engagements', icon: IconBriefcase, order: 30 },
  },
  { area: 'portal', path: 'engagements/:id', element: <PortalEngagementPage /> },
  {
    area: 'portal',
    path: 'statements',
    element: <StatementsPage />,
    nav: { label: 'Statements', icon: IconFileInvoice, order: 40 },
  },
];

/**
 * Pages outside the sign-in guard (the token in the path is the credential), e.g. the landing page of
 * an emailed approval link. The router mounts each at its absolute path.
 */
export const publicPageRoutes: { path: string; element: ReactNode }[] = [
  { path: '/approve/:token', element: <ApprovalLinkPage /> },
];

/** The absolute path of a page ('/customers', '/portal/statements'). */
export const hrefOf = (area: Area, path: string): string =>
  area === 'staff' ? `/${path}` : path ? `/portal/${path}` : '/portal';

/** May this role open this page? */
export const allows = (route: Pick<PageRoute, 'roles'>, role: Role): boolean =>
  !route.roles || route.roles.includes(role);

export interface NavItem {
  label: string;
  icon: TablerIcon;
  href: string;
  /** Entries folded under this item (the staff Settings group). */
  children?: NavItem[];
}

/** The navigation of an area as this role sees it: entries it may open, in order, groups folded. */
export function navFor(area: Area, role: Role): NavItem[] {
  const visible = pageRoutes.filter((r) => r.area === area && r.nav && allows(r, role));
  const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;
  const top: (NavItem & { order: number })[] = visible
    .filter((r) => !r.nav!.group)
    .map((r) => ({ label: r.nav!.label, icon: r.nav!.icon, href: hrefOf(area, r.path), order: r.nav!.order }));
  for (const [id, g] of Object.entries(navGroups) as [NavGroup, (typeof navGroups)[NavGroup]][]) {
    const children = visible
      .filter((r) => r.nav!.group === id)
      .sort((a, b) => byOrder(a.nav!, b.nav!))
      .map((r) => ({ label: r.nav!.label, icon: r.nav!.icon, href: hrefOf(area, r.path) }));
    if (children.length)
      top.push({ label: g.label, icon: g.icon, href: hrefOf(area, g.path), order: g.order, children });
  }
  return top.sort(byOrder).map(({ order: _order, ...item }) => item);
}
