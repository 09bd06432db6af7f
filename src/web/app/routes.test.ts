import { describe, expect, it } from 'vitest';
import { customerRoles, providerRoles, type Role } from '../../shared/roles.ts';
import { allows, hrefOf, navFor, pageRoutes } from './routes.tsx';
import { loginPathFor, safeNext } from './session.ts';

const labels = (role: Role, area: 'staff' | 'portal') =>
  navFor(area, role).map((i) => (i.children ? `${i.label}[${i.children.map((c) => c.label).join(',')}]` : i.label));

describe('navigation by role', () => {
  it('gives an admin every staff entry, with Users, API tokens, Audit log, Firm settings, Webhooks and Service catalog under Settings', () => {
    expect(labels('admin', 'staff')).toEqual([
      'Dashboard',
      'Customers',
      'Requests',
      'Work orders',
      'Engagements',
      'Staff timeline',
      'Staff',
      'Timesheet',
      'On-call rota',
      'Billing',
      'Mailbox',
      'Outbox',
      'Settings[Users,API tokens,Audit log,Firm settings,Webhooks,Service catalog,Skills & certifications]',
    ]);
  });

  it('gives a consultant fewer entries: no customers, requests, mailbox, users or audit', () => {
    expect(labels('consultant', 'staff')).toEqual([
      'Dashboard',
      'Engagements',
      'Staff timeline',
      'Staff',
      'Timesheet',
      'Settings[API tokens]',
    ]);
  });

  it('gives IR and account managers the work entries but no admin ones; account managers bill', () => {
    for (const role of ['ir_manager', 'account_manager'] as const) {
      const timesheet = role === 'ir_manager' ? ['Timesheet', 'On-call rota'] : [];
      const skills = role === 'ir_manager' ? ',Skills & certifications' : '';
      const billing = role === 'account_manager' ? ['Billing'] : [];
      expect(labels(role, 'staff')).toEqual([
        'Dashboard',
        'Customers',
        'Requests',
        'Work orders',
        'Engagements',
        'Staff timeline',
        'Staff',
        ...timesheet,
        ...billing,
        `Settings[API tokens,Service catalog${skills}]`,
      ]);
    }
  });

  it('gives customer users the portal entries; viewers do not request', () => {
    expect(labels('customer_approver', 'portal')).toEqual([
      'Home',
      'Approvals',
      'Requests',
      'Engagements',
      'Statements',
    ]);
    expect(labels('customer_requester', 'portal')).toEqual(['Home', 'Requests', 'Engagements', 'Statements']);
    expect(labels('customer_viewer', 'portal')).toEqual(['Home', 'Engagements', 'Statements']);
  });

  it('never lists a page the role may not open', () => {
    for (const role of [...providerRoles, ...customerRoles]) {
      for (const area of ['staff', 'portal'] as const) {
        const hrefs = navFor(area, role).flatMap((i) => [i.href, ...(i.children ?? []).map((c) => c.href)]);
        for (const r of pageRoutes.filter((p) => p.area === area && p.nav && !p.nav.group)) {
          expect(hrefs.includes(hrefOf(area, r.path)), `${role} ${r.path}`).toBe(allows(r, role));
        }
      }
    }
  });

  it('has one page per path in each area', () => {
    const keys = pageRoutes.map((r) => hrefOf(r.area, r.path));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('where sign-in leads', () => {
  it('follows only same-site paths', () => {
    expect(safeNext('/settings/users?x=1')).toBe('/settings/users?x=1');
    for (const bad of [null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'settings'])
      expect(safeNext(bad)).toBe('/');
  });

  it('asks to come back to the page that needed a session', () => {
    expect(loginPathFor('/mailbox/mbx_1?tab=text')).toBe('/login?next=%2Fmailbox%2Fmbx_1%3Ftab%3Dtext');
    expect(loginPathFor('/')).toBe('/login');
  });
});
