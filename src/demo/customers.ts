import { DEMO_PASSWORD } from './staff.ts';
import type { Core } from '../core/core.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import { systemCtx } from '../core/context.ts';
import type { Phone } from '../core/customers/customers.tables.ts';

interface SiteSpec {
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  timeZone?: string;
}

interface ContactSpec {
  name: string;
  email: string;
  phones: Phone[];
  canApprove?: boolean;
  canRequest?: boolean;
  receivesStatements?: boolean;
  escalationOrder?: number;
  /** Gets a portal login with the demo password. */
  login?: boolean;
}

interface CustomerSpec {
  name: string;
  timeZone: string;
  /** Demo provider staff (src/demo/staff.ts) by email. */
  accountTeam: string[];
  sites: Record<string, SiteSpec>;
  contacts: Record<string, ContactSpec>;
}

const tom = 'tom.becker@irfirm.example';
const maria = 'maria.keller@irfirm.example';
const james = 'james.okafor@irfirm.example';

const mobile = (number: string): Phone[] => [{ label: 'mobile', number }];
/** The defined point of contact: approves, requests, gets the statements, is called first; has a login. */
const approver = (name: string, email: string, phones: Phone[]): ContactSpec => ({
  name,
  email,
  phones,
  canApprove: true,
  canRequest: true,
  receivesStatements: true,
  escalationOrder: 1,
  login: true,
});
/** Requests services, is called second; has a login. */
const requester = (name: string, email: string, phones: Phone[]): ContactSpec => ({
  name,
  email,
  phones,
  canRequest: true,
  escalationOrder: 2,
  login: true,
});
const site = (name: string, address: string, latitude: number, longitude: number): SiteSpec => ({
  name,
  address,
  latitude,
  longitude,
});

/** The customers of journeys.md, in four time zones. */
const spec = {
  northwind: {
    name: 'Northwind Freight',
    timeZone: 'America/Chicago',
    accountTeam: [tom, maria],
    sites: {
      hq: site('Chicago HQ', '233 S Wacker Dr, Chicago, IL 60606, USA', 41.8789, -87.6359),
      warehouse: site('Joliet distribution warehouse', '2201 Channahon Rd, Joliet, IL 60436, USA', 41.5003, -88.1487),
    },
    contacts: {
      ciso: approver('Dana Whitfield', 'dana.whitfield@northwind.example', [
        ...mobile('+1 312 555 0147'),
        { label: 'office', number: '+1 312 555 0100' },
      ]),
      itDirector: requester('Marcus Reyes', 'marcus.reyes@northwind.example', mobile('+1 312 555 0188')),
      finance: {
        name: 'Helen Park',
        email: 'helen.park@northwind.example',
        receivesStatements: true,
        phones: [{ label: 'office', number: '+1 312 555 0120' }],
      },
    },
  },
  contoso: {
    name: 'Contoso Health',
    timeZone: 'Europe/Berlin',
    accountTeam: [tom, maria],
    sites: {
      berlin: site('Berlin campus', 'Invalidenstraße 80, 10115 Berlin, Germany', 52.5288, 13.3797),
      hamburg: site('Hamburg clinic', 'Martinistraße 52, 20251 Hamburg, Germany', 53.5893, 9.976),
    },
    contacts: {
      approver: approver('Dr. Katrin Vogel', 'katrin.vogel@contoso-health.example', mobile('+49 30 5550 1234')),
      requester: requester('Jonas Albrecht', 'jonas.albrecht@contoso-health.example', mobile('+49 30 5550 5678')),
    },
  },
  fabrikam: {
    name: 'Fabrikam',
    timeZone: 'America/New_York',
    accountTeam: [tom, james],
    sites: {
      hq: site('New York HQ', '350 5th Ave, New York, NY 10118, USA', 40.7484, -73.9857),
      datacenter: site('Secaucus data center', '800 Secaucus Rd, Secaucus, NJ 07094, USA', 40.7771, -74.0721),
    },
    contacts: {
      approver: approver('Olivia Grant', 'olivia.grant@fabrikam.example', mobile('+1 212 555 0161')),
      requester: requester('Ben Carter', 'ben.carter@fabrikam.example', [
        { label: 'hotline', number: '+1 212 555 0199' },
      ]),
    },
  },
  litware: {
    name: 'Litware',
    timeZone: 'Europe/London',
    accountTeam: [tom, james],
    sites: {
      london: site('London office', '1 Poultry, London EC2R 8EJ, United Kingdom', 51.5134, -0.09),
      manchester: site(
        'Manchester operations',
        '1 Spinningfields, Manchester M3 3JE, United Kingdom',
        53.4808,
        -2.2511,
      ),
    },
    contacts: {
      approver: approver('Harriet Shaw', 'harriet.shaw@litware.example', mobile('+44 20 7946 0321')),
      requester: requester('Oliver Bennett', 'oliver.bennett@litware.example', mobile('+44 161 496 0754')),
    },
  },
} satisfies Record<string, CustomerSpec>;

type Spec = typeof spec;

export interface DemoContact {
  contactId: string;
  name: string;
  email: string;
  /** The portal login (password DEMO_PASSWORD), when the contact has one. */
  userId: string | null;
}

export interface DemoCustomer<S extends string, C extends string> {
  customerId: string;
  organizationId: string;
  name: string;
  timeZone: string;
  /** Account team user ids. */
  accountTeam: string[];
  sites: Record<S, string>;
  contacts: Record<C, DemoContact>;
}

export type CustomersDemo = {
  [K in keyof Spec]: DemoCustomer<keyof Spec[K]['sites'] & string, keyof Spec[K]['contacts'] & string>;
};

/**
 * Loads the demo customers (Northwind Freight, Contoso Health, Fabrikam, Litware) with sites, contacts,
 * account teams and portal logins for their approvers and requesters, in one transaction. Run once (the
 * demo marker of src/demo/index.ts guards it). Account team members come from the demo provider staff;
 * those not present are left out.
 */
export async function loadCustomersDemo(core: Core, options: { passwordHash?: string } = {}): Promise<CustomersDemo> {
  const { db, services } = core;
  const customers = services.customers;
  const ctx = systemCtx('demo');
  const passwordHash =
    options.passwordHash ?? (await services.accounts.preparePassword(DEMO_PASSWORD, 'visitor@example.invalid'));
  return db.transaction(async (trx) => {
    const result: Record<string, DemoCustomer<string, string>> = {};
    for (const [key, c] of Object.entries(spec) as [keyof Spec, CustomerSpec][]) {
      const team: string[] = [];
      for (const email of c.accountTeam) {
        const user = await accountsRepo.userByEmail(trx, email);
        if (user) team.push(user.id);
      }
      const customerId = await customers.createCustomerInTx(trx, ctx, {
        name: c.name,
        timeZone: c.timeZone,
        accountTeam: team,
      });
      const sites: Record<string, string> = {};
      for (const [siteKey, s] of Object.entries(c.sites))
        sites[siteKey] = await customers.addSiteInTx(trx, ctx, customerId, s);
      const contacts: Record<string, DemoContact> = {};
      for (const [contactKey, p] of Object.entries(c.contacts)) {
        const contactId = await customers.addContactInTx(trx, ctx, customerId, {
          name: p.name,
          email: p.email,
          phones: p.phones,
          canApprove: p.canApprove ?? false,
          canRequest: p.canRequest ?? false,
          receivesStatements: p.receivesStatements ?? false,
          escalationOrder: p.escalationOrder ?? null,
        });
        const userId = p.login
          ? await customers.inviteContactInTx(trx, ctx, customerId, contactId, { passwordHash })
          : null;
        contacts[contactKey] = { contactId, name: p.name, email: p.email, userId };
      }
      const record = (await customers.customerRecord(trx, customerId))!;
      result[key] = {
        customerId,
        organizationId: record.organizationId,
        name: c.name,
        timeZone: c.timeZone,
        accountTeam: team,
        sites,
        contacts,
      };
    }
    return result as CustomersDemo;
  });
}
