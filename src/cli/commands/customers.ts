import type { Command } from 'commander';
import type { z } from 'zod';
import type { User } from '../../shared/contracts/accounts.ts';
import type { Contact, Customer, Site } from '../../shared/contracts/customers.ts';
import { AppError } from '../../shared/errors.ts';
import { withApi, type ApiClient } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';

type CustomerJson = z.output<typeof Customer>;
type SiteJson = z.output<typeof Site>;
type ContactJson = z.output<typeof Contact>;
type Page<T> = { items: T[]; nextCursor: string | null };

/** Runs one command on a client that is closed afterwards, whatever happens. */
const using =
  <A extends unknown[]>(fn: (client: ApiClient, ...args: A) => Promise<void>) =>
  (...args: A): Promise<void> =>
    withApi((c) => fn(c, ...args));

/** Every item of a cursor-paginated listing. */
async function all<T>(client: ApiClient, path: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '200', ...(cursor ? { cursor } : {}) });
    const page: Page<T> = await client.request<Page<T>>('GET', `${path}?${params}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** A customer given by id (cus_…) or by its exact name (without case). */
export async function resolveCustomer(client: ApiClient, ref: string): Promise<CustomerJson> {
  if (/^cus_/.test(ref)) return client.request<CustomerJson>('GET', `/api/v1/customers/${encodeURIComponent(ref)}`);
  const matches = (await all<CustomerJson>(client, '/api/v1/customers', { q: ref })).filter(
    (x) => x.name.toLowerCase() === ref.trim().toLowerCase(),
  );
  if (!matches[0])
    throw new AppError(
      'NOT_FOUND',
      `No customer is named "${ref}". List them with \`imr customers list\`, or give the id (cus_…).`,
    );
  return matches[0];
}

/** A contact of the customer given by id (con_…) or by its email (without case). */
async function resolveContact(client: ApiClient, customerId: string, ref: string): Promise<ContactJson> {
  const base = `/api/v1/customers/${encodeURIComponent(customerId)}/contacts`;
  if (/^con_/.test(ref)) return client.request<ContactJson>('GET', `${base}/${encodeURIComponent(ref)}`);
  const match = (await all<ContactJson>(client, base, { q: ref })).find(
    (x) => x.email.toLowerCase() === ref.trim().toLowerCase(),
  );
  if (!match)
    throw new AppError(
      'NOT_FOUND',
      `This customer has no contact with the email ${ref}. List them with \`imr customers show\`.`,
    );
  return match;
}

const list = (v: string, prev: string[] = []): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

function parsePhone(v: string, prev: { label: string; number: string }[] = []) {
  const i = v.indexOf(':');
  if (i <= 0)
    throw new AppError('VALIDATION_FAILED', `--phone takes label:number, e.g. mobile:+1 312 555 0100 (got "${v}").`);
  return [...prev, { label: v.slice(0, i).trim(), number: v.slice(i + 1).trim() }];
}

const flags = (contact: ContactJson) =>
  [contact.canApprove && 'approves', contact.canRequest && 'requests', contact.receivesStatements && 'statements']
    .filter(Boolean)
    .join(', ');
const contactRow = (contact: ContactJson) => ({
  id: contact.id,
  name: contact.name,
  email: contact.email,
  flags: flags(contact),
  order: contact.escalationOrder,
  login: contact.user ? `${contact.user.role} (${contact.user.status})` : '',
  phones: contact.phones.map((p) => `${p.label} ${p.number}`).join('; '),
});
function customerText(cu: CustomerJson, sites: SiteJson[], contacts: ContactJson[]): string {
  const lines = [
    `${cu.name} (${cu.id}, ${cu.status})`,
    `Time zone: ${cu.timeZone}`,
    `Organisation: ${cu.organizationId}`,
    'Account team:',
    ...(cu.accountTeamMembers.length
      ? cu.accountTeamMembers.map(
          (m) => `  ${m.name} <${m.email}> ${m.role}${m.status === 'active' ? '' : ` (${m.status})`}`,
        )
      : ['  (none)']),
    'Sites:',
    ...(sites.length
      ? sites.map(
          (s) =>
            `  ${s.name}, ${s.address || 'no address'} [${s.timeZone}${s.latitude === null ? '' : `; ${s.latitude}, ${s.longitude}`}] ${s.id}`,
        )
      : ['  (none)']),
    'Contacts (escalation order):',
    ...(contacts.length
      ? contacts.map(
          (x) =>
            `  ${x.escalationOrder ?? '-'}. ${x.name} <${x.email}> ${flags(x) || 'no flags'}; ${x.user ? `login ${x.user.role} (${x.user.status})` : 'no login'} ${x.id}`,
        )
      : ['  (none)']),
  ];
  return lines.join('\n');
}

export function registerCustomerCommands(program: Command): void {
  registerCustomersCommand(program);
  registerContactsCommand(program);
}

/** `imr customers …`: list, create, show. */
function registerCustomersCommand(program: Command): void {
  const customers = program.command('customers').description('customers, their sites, contacts and account teams');
  customers
    .command('list')
    .option('--status <status>', 'active | inactive')
    .option('--search <text>', 'text in the name')
    .option('--json', 'print JSON')
    .action(
      using(async (c, opts: { status?: string; search?: string; json?: boolean }) => {
        const items = await all<CustomerJson>(c, '/api/v1/customers', {
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.search ? { q: opts.search } : {}),
        });
        const rows = items.map((x) => ({
          id: x.id,
          name: x.name,
          timeZone: x.timeZone,
          status: x.status,
          accountTeam: x.accountTeamMembers.map((m) => m.name).join(', '),
        }));
        printTable(rows, ['id', 'name', 'timeZone', 'status', 'accountTeam'], !!opts.json, items);
      }),
    );
  customers
    .command('create')
    .description('create a customer and its organisation (admin, account manager)')
    .requiredOption('--name <name>')
    .requiredOption('--time-zone <zone>', 'IANA time zone, e.g. America/Chicago')
    .option('--account-team <ids>', 'provider user ids (account or IR managers), comma-separated or repeated', list)
    .option('--json', 'print JSON')
    .action(
      using(async (c, opts: { name: string; timeZone: string; accountTeam?: string[]; json?: boolean }) => {
        const cu = await c.request<CustomerJson>('POST', '/api/v1/customers', {
          name: opts.name,
          timeZone: opts.timeZone,
          ...(opts.accountTeam ? { accountTeam: opts.accountTeam } : {}),
        });
        printJsonOr(
          !!opts.json,
          cu,
          () => `Created ${cu.id} ${cu.name} (${cu.timeZone}), organisation ${cu.organizationId}.`,
        );
      }),
    );
  customers
    .command('show <customer>')
    .description('a customer (id or name) with its account team, sites and contacts')
    .option('--json', 'print JSON')
    .action(
      using(async (c, ref: string, opts: { json?: boolean }) => {
        const cu = await resolveCustomer(c, ref);
        const sites = await all<SiteJson>(c, `/api/v1/customers/${cu.id}/sites`);
        const contacts = await all<ContactJson>(c, `/api/v1/customers/${cu.id}/contacts`);
        printJsonOr(!!opts.json, { ...cu, sites, contacts }, () => customerText(cu, sites, contacts));
      }),
    );
}

/** `imr contacts …`: a customer's contacts and their portal logins. */
function registerContactsCommand(program: Command): void {
  const contacts = program.command('contacts').description("a customer's contacts and their portal logins");
  contacts
    .command('list <customer>')
    .option('--json', 'print JSON')
    .action(
      using(async (c, ref: string, opts: { json?: boolean }) => {
        const cu = await resolveCustomer(c, ref);
        const items = await all<ContactJson>(c, `/api/v1/customers/${cu.id}/contacts`);
        printTable(
          items.map(contactRow),
          ['id', 'name', 'email', 'flags', 'order', 'login', 'phones'],
          !!opts.json,
          items,
        );
      }),
    );
  contacts
    .command('add <customer>')
    .description('add a contact to a customer (id or name)')
    .requiredOption('--name <name>')
    .requiredOption('--email <email>')
    .option('--can-approve', 'a defined point of contact: approves EWOs and change orders')
    .option('--can-request', 'may request services')
    .option('--statements', 'receives the monthly statement and balance alerts')
    .option('--escalation-order <n>', '1 is called first', (v) => Number.parseInt(v, 10))
    .option('--time-zone <zone>', "IANA zone of the contact's emails, e.g. Europe/Berlin (default: the customer's)")
    .option('--phone <label:number>', 'a phone, e.g. mobile:+1 312 555 0100 (repeat for more)', parsePhone)
    .option('--json', 'print JSON')
    .action(
      using(
        async (
          c,
          ref: string,
          opts: {
            name: string;
            email: string;
            canApprove?: boolean;
            canRequest?: boolean;
            statements?: boolean;
            escalationOrder?: number;
            timeZone?: string;
            phone?: { label: string; number: string }[];
            json?: boolean;
          },
        ) => {
          const cu = await resolveCustomer(c, ref);
          const contact = await c.request<ContactJson>('POST', `/api/v1/customers/${cu.id}/contacts`, {
            name: opts.name,
            email: opts.email,
            canApprove: !!opts.canApprove,
            canRequest: !!opts.canRequest,
            receivesStatements: !!opts.statements,
            ...(opts.escalationOrder !== undefined ? { escalationOrder: opts.escalationOrder } : {}),
            ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {}),
            ...(opts.phone ? { phones: opts.phone } : {}),
          });
          printJsonOr(
            !!opts.json,
            contact,
            () =>
              `Added ${contact.id} ${contact.name} <${contact.email}> to ${cu.name} (${flags(contact) || 'no flags'}; a login would be ${contact.portalRole}).`,
          );
        },
      ),
    );
  contacts
    .command('invite <customer> <contact>')
    .description("give a contact (id or email) a portal login; its role follows the contact's flags")
    .option('--password <password>', 'admins: set a password now instead of emailing a set-password link')
    .option('--json', 'print JSON')
    .action(
      using(async (c, ref: string, contactRef: string, opts: { password?: string; json?: boolean }) => {
        const cu = await resolveCustomer(c, ref);
        const contact = await resolveContact(c, cu.id, contactRef);
        const response = await c.request<{ contact: ContactJson; user: User }>(
          'POST',
          `/api/v1/customers/${cu.id}/contacts/${contact.id}/invite`,
          opts.password ? { password: opts.password } : {},
        );
        printJsonOr(
          !!opts.json,
          response,
          () =>
            `${response.contact.name} now has a portal login ${response.user.id} <${response.user.email}> as ${response.user.role}` +
            (response.user.status === 'invited' ? '; a set-password email is on its way.' : '; it can sign in now.'),
        );
      }),
    );
}
