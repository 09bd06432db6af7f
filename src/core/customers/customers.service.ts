import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { nameProblem } from '../../shared/names.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { CustomerRole, Role } from '../../shared/roles.ts';
import { accountsRepo } from '../accounts/accounts.repo.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import { toUserView, type UserView } from '../accounts/accounts.views.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import type { BalanceCache } from '../ledger/balance-cache.ts';
import { isCustomerUser, type Actor, type Ctx } from '../context.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { customersPolicy } from './customers.policy.ts';
import {
  customersRepo,
  isUniqueViolation,
  type ContactWithUser,
  type CustomerRow,
  type SiteRow,
  type TeamMemberRow,
} from './customers.repo.ts';
import {
  accountTeamProblems,
  canonicalTimeZone,
  changedFields,
  coordinateProblems,
  distinct,
  isValidTimeZone,
  normalizeName,
  roleForContact,
  sameMembers,
  timeZoneMessage,
  type FieldError,
} from './customers.rules.ts';
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
  /** The role a portal login of this contact has (or would have): follows the flags. */
  portalRole: CustomerRole;
  /** The contact's portal login, when it has one. */
  user: { id: string; email: string; role: Role; status: 'invited' | 'active' | 'disabled' } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateCustomerInput {
  name: string;
  timeZone: string;
  accountTeam?: string[];
  status?: CustomerStatus;
}
export type UpdateCustomerInput = Partial<CreateCustomerInput>;

export interface SiteInput {
  name: string;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  /** Default: the customer's time zone. */
  timeZone?: string;
}
export type UpdateSiteInput = Partial<SiteInput>;

export interface ContactInput {
  name: string;
  email: string;
  phones?: Phone[];
  canRequest?: boolean;
  canApprove?: boolean;
  receivesStatements?: boolean;
  escalationOrder?: number | null;
}
export type UpdateContactInput = Partial<ContactInput>;

export interface CustomersDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  accounts: AccountsService;
  /** Cached balances hold the customer's name and time zone. */
  balances: Pick<BalanceCache, 'forgetCustomer'>;
}

const toRecord = (c: CustomerRow): CustomerRecord => ({
  id: c.id,
  organizationId: c.organization_id,
  name: c.name,
  timeZone: c.time_zone,
  status: c.status,
  revision: c.revision,
});

const toMember = (m: TeamMemberRow): TeamMemberView => ({
  id: m.user_id,
  email: m.email,
  name: m.name,
  role: m.role as Role,
  status: m.status as TeamMemberView['status'],
});

const toCustomerView = (c: CustomerRow, team: TeamMemberRow[]): CustomerView => ({
  ...toRecord(c),
  accountTeam: team.map((m) => m.user_id),
  accountTeamMembers: team.map(toMember),
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

const toSiteView = (s: SiteRow): SiteView => ({
  id: s.id,
  customerId: s.customer_id,
  name: s.name,
  address: s.address,
  latitude: s.latitude,
  longitude: s.longitude,
  timeZone: s.time_zone,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
});

const toContactView = (c: ContactWithUser): ContactView => ({
  id: c.id,
  customerId: c.customer_id,
  name: c.name,
  email: c.email,
  phones: c.phones,
  canRequest: c.can_request,
  canApprove: c.can_approve,
  receivesStatements: c.receives_statements,
  escalationOrder: c.escalation_order,
  portalRole: roleForContact({ canApprove: c.can_approve, canRequest: c.can_request }),
  user: c.user_id
    ? {
        id: c.user_id,
        email: c.user_email!,
        role: c.user_role as Role,
        status: c.user_status as 'invited' | 'active' | 'disabled',
      }
    : null,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

/** The audited state of a customer, site or contact. */
const customerSnapshot = (c: { name: string; timeZone: string; status: string; accountTeam: string[] }) => ({
  name: c.name,
  timeZone: c.timeZone,
  status: c.status,
  accountTeam: c.accountTeam,
});
const siteSnapshot = (s: SiteRow) => ({
  name: s.name,
  address: s.address,
  latitude: s.latitude,
  longitude: s.longitude,
  timeZone: s.time_zone,
});
const contactSnapshot = (c: {
  name: string;
  email: string;
  phones: Phone[];
  can_request: boolean;
  can_approve: boolean;
  receives_statements: boolean;
  escalation_order: number | null;
}) => ({
  name: c.name,
  email: c.email,
  phones: c.phones,
  canRequest: c.can_request,
  canApprove: c.can_approve,
  receivesStatements: c.receives_statements,
  escalationOrder: c.escalation_order,
});

function assertNoProblems(problems: FieldError[]): void {
  if (problems.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The request is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`,
      { errors: problems },
    );
  }
}

const timeZoneProblems = (timeZone: string | undefined): FieldError[] =>
  timeZone !== undefined && !isValidTimeZone(timeZone)
    ? [{ path: 'timeZone', message: `${timeZoneMessage} ("${timeZone}" is not one)` }]
    : [];

/** Names and addresses given to the service (by any caller, not only the API) are not blank and hold no control or bidi characters. */
const blankProblems = (fields: Record<string, string | undefined>): FieldError[] =>
  Object.entries(fields).flatMap(([path, v]) => {
    if (v === undefined) return [];
    const message = v.trim() === '' ? 'must not be blank' : nameProblem(v);
    return message ? [{ path, message }] : [];
  });

/** Customers page by (name_key, id); contacts by (escalation order, id); sites by id. */
const byName = cursorOf('text', 'id');
const byEscalation = cursorOf('int', 'id');
const bySiteId = cursorOf('id');

const writeForbidden = (a: Actor): AppError =>
  new AppError(
    'FORBIDDEN',
    isCustomerUser(a) || a.type === 'contact'
      ? 'Customer users read their organisation here; ask your account manager at the IR firm to change it.'
      : "Only administrators and the account managers on this customer's account team edit it. Ask an administrator to add you to the account team.",
  );

export type CustomersService = ReturnType<typeof createCustomersService>;

export function createCustomersService(deps: CustomersDeps) {
  const { db, clock, ids, audit, accounts } = deps;
  const now = () => clock.now();

  async function teamOf(ex: Executor, customerId: string): Promise<TeamMemberRow[]> {
    return customersRepo.accountTeams(ex, [customerId]);
  }

  /** The customer if the actor may see it; another tenant's customer is NOT_FOUND, exactly like a missing one. */
  async function visibleCustomer(ex: Executor, actor: Actor, id: string, lock = false): Promise<CustomerRow> {
    const c = lock ? await customersRepo.customerForUpdate(ex, id) : await customersRepo.customer(ex, id);
    if (!c || !customersPolicy.read(actor, c.organization_id))
      throw new AppError('NOT_FOUND', `Customer ${id} not found.`);
    return c;
  }

  /** The customer locked for an edit by the actor: 404 across tenants, 403 without the right inside. */
  async function editableCustomer(
    trx: Executor,
    actor: Actor,
    id: string,
  ): Promise<{ customer: CustomerRow; team: TeamMemberRow[] }> {
    const customer = await visibleCustomer(trx, actor, id, true);
    const team = await teamOf(trx, id);
    if (
      !customersPolicy.edit(
        actor,
        team.map((m) => m.user_id),
      )
    )
      throw writeForbidden(actor);
    return { customer, team };
  }

  /** Refuses account team members that are not active account managers or IR managers of the firm. */
  async function assertTeamMembers(ex: Executor, userIds: readonly string[]): Promise<void> {
    const found = new Map<string, { organizationKind: 'provider' | 'customer'; role: Role; status: string }>();
    for (const id of distinct(userIds)) {
      const u = await accountsRepo.userById(ex, id);
      if (u) found.set(id, { organizationKind: u.organization_kind, role: u.role, status: u.status });
    }
    assertNoProblems(accountTeamProblems(userIds, found));
  }

  /** Customer names are unique by normalizeName: case, width, spacing and invisible characters do not make a new name. */
  async function assertNameFree(ex: Executor, name: string, exceptId?: string): Promise<void> {
    const existing = await customersRepo.customerByNameKey(ex, normalizeName(name), exceptId);
    if (existing) throw nameTaken(name, existing);
  }
  /** The answer to a unique violation that won a race against assertNameFree: the same refusal, read after the rollback. */
  async function nameTakenAfterRace(name: string, exceptId?: string): Promise<AppError> {
    return nameTaken(name, await customersRepo.customerByNameKey(db.kysely, normalizeName(name), exceptId));
  }
  const nameTaken = (name: string, existing?: { id: string; name: string }) =>
    new AppError(
      'NAME_TAKEN',
      `A customer named "${existing?.name ?? name.trim()}" already exists` +
        (existing && existing.name !== name.trim() ? ` ("${name.trim()}" counts as the same name:` : ' (') +
        ' names are compared ignoring case, character width, spacing and invisible characters). Choose another name, or edit the existing customer.',
      { field: 'name', ...(existing ? { customerId: existing.id } : {}) },
    );
  const contactEmailTaken = (email: string, customer: string) =>
    new AppError('EMAIL_TAKEN', `${customer} already has a contact with ${email.trim()}. Edit that contact instead.`, {
      field: 'email',
    });

  async function loadContact(ex: Executor, customerId: string, contactId: string): Promise<ContactWithUser> {
    const c = await customersRepo.contact(ex, contactId);
    if (!c || c.customer_id !== customerId) throw new AppError('NOT_FOUND', `Contact ${contactId} not found.`);
    return c;
  }

  async function loadSite(ex: Executor, customerId: string, siteId: string, lock = false): Promise<SiteRow> {
    const s = lock ? await customersRepo.siteForUpdate(ex, siteId) : await customersRepo.site(ex, siteId);
    if (!s || s.customer_id !== customerId) throw new AppError('NOT_FOUND', `Site ${siteId} not found.`);
    return s;
  }

  async function existingCustomer(ex: Executor, id: string): Promise<CustomerRow> {
    const c = await customersRepo.customer(ex, id);
    if (!c) throw new AppError('NOT_FOUND', `Customer ${id} not found.`);
    return c;
  }

  async function customerView(ex: Executor, id: string): Promise<CustomerView> {
    return toCustomerView(await existingCustomer(ex, id), await teamOf(ex, id));
  }

  /** Maps a unique violation that won a race against our own check to the same answer as the check. */
  async function mapRaces<T>(
    fn: () => Promise<T>,
    races: { constraint: string; error: () => AppError | Promise<AppError> }[],
  ): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const race = races.find((r) => isUniqueViolation(e, r.constraint));
      throw race ? await race.error() : e;
    }
  }
  /** The unique indexes on customer names: the normalised key (migration 0014) and the older lower(name). */
  const nameRaces = (name: string, exceptId?: string) =>
    ['customers_name_key', 'customers_name_lower'].map((constraint) => ({
      constraint,
      error: () => nameTakenAfterRace(name, exceptId),
    }));

  /**
   * Creates a customer and its organisation on the caller's transaction. An account manager who
   * creates a customer joins its account team. No authorization here: callers check it (or are the product).
   */
  async function createCustomerInTx(trx: Executor, ctx: Ctx, input: CreateCustomerInput): Promise<string> {
    assertNoProblems([...blankProblems({ name: input.name }), ...timeZoneProblems(input.timeZone)]);
    const team = distinct(input.accountTeam ?? []);
    const a = ctx.actor;
    if (
      a.type === 'user' &&
      a.organizationKind === 'provider' &&
      a.role === 'account_manager' &&
      !team.includes(a.userId)
    )
      team.push(a.userId);
    await assertTeamMembers(trx, team);
    await assertNameFree(trx, input.name);
    const at = now();
    const id = ids.next('cus');
    const organizationId = ids.next('org');
    const name = input.name.trim();
    const timeZone = canonicalTimeZone(input.timeZone);
    const status = input.status ?? 'active';
    await accountsRepo.insertOrganization(trx, { id: organizationId, kind: 'customer', name, created_at: at });
    await customersRepo.insertCustomer(trx, {
      id,
      organization_id: organizationId,
      name,
      name_key: normalizeName(name),
      time_zone: timeZone,
      status,
      created_at: at,
      updated_at: at,
    });
    await customersRepo.setAccountTeam(trx, id, team);
    await audit.record(trx, ctx, {
      action: 'customer.created',
      entityType: 'customer',
      entityId: id,
      organizationId,
      after: { ...customerSnapshot({ name, timeZone, status, accountTeam: team }), organizationId },
    });
    return id;
  }

  /** Adds a site to a customer on the caller's transaction; its time zone defaults to the customer's. */
  async function addSiteInTx(trx: Executor, ctx: Ctx, customerId: string, input: SiteInput): Promise<string> {
    const customer = await existingCustomer(trx, customerId);
    assertNoProblems([
      ...blankProblems({ name: input.name }),
      ...coordinateProblems(input),
      ...timeZoneProblems(input.timeZone),
    ]);
    const at = now();
    const id = ids.next('sit');
    const row = {
      id,
      customer_id: customer.id,
      name: input.name.trim(),
      address: input.address?.trim() ?? '',
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      time_zone: input.timeZone !== undefined ? canonicalTimeZone(input.timeZone) : customer.time_zone,
      created_at: at,
      updated_at: at,
    };
    await customersRepo.insertSite(trx, row);
    await audit.record(trx, ctx, {
      action: 'site.created',
      entityType: 'site',
      entityId: id,
      organizationId: customer.organization_id,
      after: { customerId: customer.id, ...siteSnapshot(row) },
    });
    return id;
  }

  /** Adds a contact to a customer on the caller's transaction; emails are unique per customer (without case). */
  async function addContactInTx(trx: Executor, ctx: Ctx, customerId: string, input: ContactInput): Promise<string> {
    const customer = await existingCustomer(trx, customerId);
    assertNoProblems(blankProblems({ name: input.name, email: input.email }));
    if (await customersRepo.contactEmailTaken(trx, customer.id, input.email))
      throw contactEmailTaken(input.email, customer.name);
    const at = now();
    const id = ids.next('con');
    const row = {
      id,
      customer_id: customer.id,
      name: input.name.trim(),
      email: input.email.trim(),
      phones: input.phones ?? [],
      can_request: input.canRequest ?? false,
      can_approve: input.canApprove ?? false,
      receives_statements: input.receivesStatements ?? false,
      escalation_order: input.escalationOrder ?? null,
      created_at: at,
      updated_at: at,
    };
    await customersRepo.insertContact(trx, { ...row, phones: JSON.stringify(row.phones) });
    await audit.record(trx, ctx, {
      action: 'contact.created',
      entityType: 'contact',
      entityId: id,
      organizationId: customer.organization_id,
      after: { customerId: customer.id, ...contactSnapshot(row) },
    });
    return id;
  }

  /**
   * Gives a contact a portal login on the caller's transaction: a user of the customer's organisation
   * linked to the contact, with the contact's email and the role its flags give. Without a password
   * hash the user gets a set-password email.
   */
  async function inviteContactInTx(
    trx: Executor,
    ctx: Ctx,
    customerId: string,
    contactId: string,
    o: { passwordHash?: string } = {},
  ): Promise<string> {
    const customer = await existingCustomer(trx, customerId);
    const locked = await customersRepo.contactForUpdate(trx, contactId);
    if (!locked || locked.customer_id !== customer.id)
      throw new AppError('NOT_FOUND', `Contact ${contactId} not found.`);
    const contact = await loadContact(trx, customer.id, contactId);
    if (contact.user_id) {
      throw new AppError(
        'CONFLICT',
        `${contact.name} already has a portal login (${contact.user_email}). To resend a link, use "Forgot password?" on the sign-in page with that address.`,
        { userId: contact.user_id },
      );
    }
    const role = roleForContact({ canApprove: contact.can_approve, canRequest: contact.can_request });
    const userId = await accounts.createUserInTx(trx, ctx, {
      organizationId: customer.organization_id,
      email: contact.email,
      name: contact.name,
      role,
      contactId: contact.id,
      ...(o.passwordHash ? { passwordHash: o.passwordHash } : {}),
    });
    await audit.record(trx, ctx, {
      action: 'contact.invited',
      entityType: 'contact',
      entityId: contact.id,
      organizationId: customer.organization_id,
      after: { userId, email: contact.email, role, withPassword: o.passwordHash !== undefined },
    });
    return userId;
  }

  /** Keeps a contact's portal login in step with the contact: email, name and the role its flags give. */
  async function syncLinkedUser(
    trx: Executor,
    ctx: Ctx,
    customer: CustomerRow,
    before: ContactWithUser,
    next: { name: string; email: string; can_approve: boolean; can_request: boolean },
  ): Promise<void> {
    if (!before.user_id) return;
    const userId = before.user_id;
    const emailChanged = next.email !== before.user_email;
    const addressChanged = next.email.toLowerCase() !== (before.user_email ?? '').toLowerCase();
    if (addressChanged) {
      const holder = await accountsRepo.userByEmail(trx, next.email);
      if (holder && holder.id !== userId) {
        throw new AppError(
          'EMAIL_TAKEN',
          `${next.email} is already the sign-in address of another user, and ${before.name}'s portal login must follow the contact's email. Use another address.`,
          { field: 'email' },
        );
      }
    }
    const user = await accountsRepo.userByIdForUpdate(trx, userId);
    if (user && (emailChanged || user.name !== next.name)) {
      deps.accounts.authChanged();
      await accountsRepo.updateUser(trx, userId, { email: next.email, name: next.name, updated_at: now() });
      await audit.record(trx, ctx, {
        action: 'user.updated',
        entityType: 'user',
        entityId: userId,
        organizationId: customer.organization_id,
        before: { email: user.email, name: user.name },
        after: { email: next.email, name: next.name },
      });
      if (addressChanged) {
        await deps.outbox.enqueueEmail(trx, {
          topic: 'user.email_changed',
          to: [user.email],
          subject: 'Your IMR Desk sign-in address changed',
          ...renderEmail({
            heading: 'Your sign-in address changed',
            paragraphs: [
              `Hello ${next.name},`,
              `Your IMR Desk portal login for ${customer.name} now signs in with ${next.email} instead of ${user.email}; your password stays the same.`,
              'If you did not expect this, tell your account manager at the IR firm.',
            ],
          }),
        });
      }
    }
    await accounts.setRoleInTx(
      trx,
      ctx,
      userId,
      roleForContact({ canApprove: next.can_approve, canRequest: next.can_request }),
    );
  }

  return {
    createCustomerInTx,
    addSiteInTx,
    addContactInTx,
    inviteContactInTx,

    /** Admins and account managers create a customer and its organisation in one transaction; names are unique without case. */
    async createCustomer(ctx: Ctx, input: CreateCustomerInput): Promise<CustomerView> {
      authorize(ctx.actor, customersPolicy.create, 'Only administrators and account managers create customers.');
      const id = await mapRaces(
        () => db.transaction((trx) => createCustomerInTx(trx, ctx, input)),
        nameRaces(input.name),
      );
      return customerView(db.kysely, id);
    },

    /** Customers by name; provider staff see all, a customer's users only their own; filter by status, text and team member. */
    async listCustomers(
      ctx: Ctx,
      f: { status?: CustomerStatus; q?: string; accountTeamMember?: string; cursor?: string; limit?: number },
    ): Promise<Page<CustomerView>> {
      const a = ctx.actor;
      const limit = f.limit ?? 50;
      const after = byName.decode(f.cursor);
      const ownOrg = a.type === 'contact' || isCustomerUser(a) ? a.organizationId : undefined;
      const rows = await customersRepo.listCustomers(db.kysely, {
        ...(ownOrg ? { organizationId: ownOrg } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.q ? { q: normalizeName(f.q) } : {}),
        ...(f.accountTeamMember ? { teamMember: f.accountTeamMember } : {}),
        ...(after ? { after } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byName, (r) => [r.name_key, r.id]);
      const teams = await customersRepo.accountTeams(
        db.kysely,
        page.items.map((c) => c.id),
      );
      return {
        items: page.items.map((c) =>
          toCustomerView(
            c,
            teams.filter((m) => m.customer_id === c.id),
          ),
        ),
        nextCursor: page.nextCursor,
      };
    },

    /** One customer with its account team; another tenant's is 404. */
    async getCustomer(ctx: Ctx, id: string): Promise<CustomerView> {
      const c = await visibleCustomer(db.kysely, ctx.actor, id);
      return toCustomerView(c, await teamOf(db.kysely, id));
    },

    /**
     * Edits a customer (admins; account managers on its team). With an expected revision, a stale one is
     * refused (STALE_REVISION); renaming renames its organisation; every change bumps the revision.
     */
    async updateCustomer(
      ctx: Ctx,
      id: string,
      patch: UpdateCustomerInput,
      expectedRevision?: number,
    ): Promise<CustomerView> {
      await mapRaces(
        () =>
          db.transaction(async (trx) => {
            const { customer, team } = await editableCustomer(trx, ctx.actor, id);
            if (expectedRevision !== undefined && expectedRevision !== customer.revision) {
              throw new AppError(
                'STALE_REVISION',
                `Customer ${customer.name} was changed by someone else (revision ${customer.revision}, you had ${expectedRevision}). Reload it and apply your change again.`,
                {
                  currentRevision: customer.revision,
                },
              );
            }
            assertNoProblems([...blankProblems({ name: patch.name }), ...timeZoneProblems(patch.timeZone)]);
            const beforeTeam = team.map((m) => m.user_id);
            const nextTeam = patch.accountTeam ? distinct(patch.accountTeam) : beforeTeam;
            if (patch.accountTeam) await assertTeamMembers(trx, nextTeam);
            const before = customerSnapshot({
              name: customer.name,
              timeZone: customer.time_zone,
              status: customer.status,
              accountTeam: beforeTeam,
            });
            const after = customerSnapshot({
              name: patch.name?.trim() ?? customer.name,
              timeZone: patch.timeZone !== undefined ? canonicalTimeZone(patch.timeZone) : customer.time_zone,
              status: patch.status ?? customer.status,
              accountTeam: nextTeam,
            });
            const diff = changedFields(before, {
              ...after,
              accountTeam: sameMembers(before.accountTeam, after.accountTeam) ? before.accountTeam : after.accountTeam,
            });
            if (!diff) return;
            if (diff.after.name !== undefined) await assertNameFree(trx, after.name, id);
            await customersRepo.updateCustomer(trx, id, {
              name: after.name,
              name_key: normalizeName(after.name),
              time_zone: after.timeZone,
              status: after.status as CustomerStatus,
              updated_at: now(),
            });
            db.afterTransaction(() => deps.balances.forgetCustomer(id));
            if (diff.after.name !== undefined)
              await customersRepo.renameOrganization(trx, customer.organization_id, after.name);
            if (diff.after.accountTeam !== undefined) await customersRepo.setAccountTeam(trx, id, nextTeam);
            await audit.record(trx, ctx, {
              action: 'customer.updated',
              entityType: 'customer',
              entityId: id,
              organizationId: customer.organization_id,
              before: diff.before,
              after: diff.after,
            });
          }),
        nameRaces(patch.name ?? '', id),
      );
      return customerView(db.kysely, id);
    },

    /** A customer's sites, oldest first (cursor pages); another tenant's customer is 404. */
    async listSites(
      ctx: Ctx,
      customerId: string,
      f: { cursor?: string; limit?: number } = {},
    ): Promise<Page<SiteView>> {
      await visibleCustomer(db.kysely, ctx.actor, customerId);
      const limit = f.limit ?? 50;
      const after = bySiteId.decode(f.cursor);
      const rows = await customersRepo.listSites(db.kysely, customerId, {
        ...(after ? { afterId: after[0] } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, bySiteId, (r) => [r.id]);
      return { items: page.items.map(toSiteView), nextCursor: page.nextCursor };
    },

    /** One site of a customer; another tenant's is 404. */
    async getSite(ctx: Ctx, customerId: string, siteId: string): Promise<SiteView> {
      await visibleCustomer(db.kysely, ctx.actor, customerId);
      return toSiteView(await loadSite(db.kysely, customerId, siteId));
    },

    /** Adds a site (admins; account managers on the team): coordinates in range and together; time zone defaults to the customer's. */
    async addSite(ctx: Ctx, customerId: string, input: SiteInput): Promise<SiteView> {
      const id = await db.transaction(async (trx) => {
        await editableCustomer(trx, ctx.actor, customerId);
        return addSiteInTx(trx, ctx, customerId, input);
      });
      return toSiteView(await loadSite(db.kysely, customerId, id));
    },

    /** Edits a site (admins; account managers on the team); `null` clears the coordinates. */
    async updateSite(ctx: Ctx, customerId: string, siteId: string, patch: UpdateSiteInput): Promise<SiteView> {
      await db.transaction(async (trx) => {
        const { customer } = await editableCustomer(trx, ctx.actor, customerId);
        const site = await loadSite(trx, customerId, siteId, true);
        assertNoProblems([...blankProblems({ name: patch.name }), ...timeZoneProblems(patch.timeZone)]);
        const next = {
          name: patch.name?.trim() ?? site.name,
          address: patch.address?.trim() ?? site.address,
          latitude: patch.latitude !== undefined ? patch.latitude : site.latitude,
          longitude: patch.longitude !== undefined ? patch.longitude : site.longitude,
          time_zone: patch.timeZone !== undefined ? canonicalTimeZone(patch.timeZone) : site.time_zone,
        };
        assertNoProblems(coordinateProblems(next));
        const diff = changedFields(siteSnapshot(site), siteSnapshot({ ...site, ...next }));
        if (!diff) return;
        await customersRepo.updateSite(trx, siteId, { ...next, updated_at: now() });
        await audit.record(trx, ctx, {
          action: 'site.updated',
          entityType: 'site',
          entityId: siteId,
          organizationId: customer.organization_id,
          before: diff.before,
          after: diff.after,
        });
      });
      return toSiteView(await loadSite(db.kysely, customerId, siteId));
    },

    /** A customer's contacts in escalation order, filtered by flag and text (cursor pages); another tenant's is 404. */
    async listContacts(
      ctx: Ctx,
      customerId: string,
      f: {
        canApprove?: boolean;
        canRequest?: boolean;
        receivesStatements?: boolean;
        q?: string;
        cursor?: string;
        limit?: number;
      } = {},
    ): Promise<Page<ContactView>> {
      await visibleCustomer(db.kysely, ctx.actor, customerId);
      const { cursor, limit = 50, ...filters } = f;
      const after = byEscalation.decode(cursor);
      const rows = await customersRepo.listContacts(db.kysely, customerId, {
        ...filters,
        ...(after ? { after } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byEscalation, (r) => [r.order_key, r.id]);
      return { items: page.items.map(toContactView), nextCursor: page.nextCursor };
    },

    /** One contact of a customer with its portal login; another tenant's is 404. */
    async getContact(ctx: Ctx, customerId: string, contactId: string): Promise<ContactView> {
      await visibleCustomer(db.kysely, ctx.actor, customerId);
      return toContactView(await loadContact(db.kysely, customerId, contactId));
    },

    /** Adds a contact (admins; account managers on the team); its email is unique within the customer. */
    async addContact(ctx: Ctx, customerId: string, input: ContactInput): Promise<ContactView> {
      const id = await mapRaces(
        () =>
          db.transaction(async (trx) => {
            await editableCustomer(trx, ctx.actor, customerId);
            return addContactInTx(trx, ctx, customerId, input);
          }),
        [{ constraint: 'contacts_customer_email', error: () => contactEmailTaken(input.email, 'This customer') }],
      );
      return toContactView(await loadContact(db.kysely, customerId, id));
    },

    /**
     * Edits a contact (admins; account managers on the team). Its portal login follows in the same
     * transaction: the role its flags give, and its name and email (refused when the new email is
     * another user's).
     */
    async updateContact(
      ctx: Ctx,
      customerId: string,
      contactId: string,
      patch: UpdateContactInput,
    ): Promise<ContactView> {
      await mapRaces(
        () =>
          db.transaction(async (trx) => {
            const { customer } = await editableCustomer(trx, ctx.actor, customerId);
            const locked = await customersRepo.contactForUpdate(trx, contactId);
            if (!locked || locked.customer_id !== customerId)
              throw new AppError('NOT_FOUND', `Contact ${contactId} not found.`);
            const before = await loadContact(trx, customerId, contactId);
            assertNoProblems(blankProblems({ name: patch.name, email: patch.email }));
            const next = {
              name: patch.name?.trim() ?? before.name,
              email: patch.email?.trim() ?? before.email,
              phones: patch.phones ?? before.phones,
              can_request: patch.canRequest ?? before.can_request,
              can_approve: patch.canApprove ?? before.can_approve,
              receives_statements: patch.receivesStatements ?? before.receives_statements,
              escalation_order: patch.escalationOrder !== undefined ? patch.escalationOrder : before.escalation_order,
            };
            const diff = changedFields(contactSnapshot(before), contactSnapshot(next));
            if (!diff) return;
            if (
              diff.after.email !== undefined &&
              (await customersRepo.contactEmailTaken(trx, customerId, next.email, contactId))
            ) {
              throw contactEmailTaken(next.email, customer.name);
            }
            await syncLinkedUser(trx, ctx, customer, before, next);
            await customersRepo.updateContact(trx, contactId, {
              ...next,
              phones: JSON.stringify(next.phones),
              updated_at: now(),
            });
            await audit.record(trx, ctx, {
              action: 'contact.updated',
              entityType: 'contact',
              entityId: contactId,
              organizationId: customer.organization_id,
              before: diff.before,
              after: diff.after,
            });
          }),
        [
          { constraint: 'contacts_customer_email', error: () => contactEmailTaken(patch.email ?? '', 'This customer') },
          {
            constraint: 'users_email_lower',
            error: () =>
              new AppError(
                'EMAIL_TAKEN',
                `${patch.email ?? 'This address'} is already the sign-in address of another user. Use another address.`,
                { field: 'email' },
              ),
          },
        ],
      );
      return toContactView(await loadContact(db.kysely, customerId, contactId));
    },

    /**
     * Gives a contact a portal login (admins; account managers on the team). With a password (admins
     * only) the login works at once; otherwise the contact gets a set-password email. A contact with a
     * login already, or whose email is another user's, is refused (409).
     */
    async inviteContact(
      ctx: Ctx,
      customerId: string,
      contactId: string,
      o: { password?: string } = {},
    ): Promise<{ contact: ContactView; user: UserView }> {
      const customer = await visibleCustomer(db.kysely, ctx.actor, customerId);
      const contact = await loadContact(db.kysely, customerId, contactId);
      if (
        !customersPolicy.edit(
          ctx.actor,
          (await teamOf(db.kysely, customerId)).map((m) => m.user_id),
        )
      )
        throw writeForbidden(ctx.actor);
      if (o.password !== undefined) {
        authorize(
          ctx.actor,
          customersPolicy.setPassword,
          'Only administrators choose a password for a contact; invite without a password to send a set-password email.',
        );
      }
      // Hashing is slow: do it before the transaction, never inside it.
      const passwordHash =
        o.password !== undefined ? await accounts.preparePassword(o.password, contact.email) : undefined;
      const userId = await mapRaces(
        () =>
          db.transaction(async (trx) => {
            await editableCustomer(trx, ctx.actor, customer.id);
            return inviteContactInTx(trx, ctx, customer.id, contactId, passwordHash ? { passwordHash } : {});
          }),
        [
          {
            constraint: 'users_contact',
            error: () => new AppError('CONFLICT', `${contact.name} already has a portal login.`),
          },
          {
            constraint: 'users_email_lower',
            error: () =>
              new AppError(
                'EMAIL_TAKEN',
                `${contact.email} is already a user. Use another address, or edit the existing user.`,
                { field: 'email' },
              ),
          },
        ],
      );
      const user = await accountsRepo.userById(db.kysely, userId);
      return { contact: toContactView(await loadContact(db.kysely, customerId, contactId)), user: toUserView(user!) };
    },

    // Helpers for other features: no authorization (callers have done theirs), on the executor given.

    /** A customer by id, or undefined. */
    async customerRecord(ex: Executor, id: string): Promise<CustomerRecord | undefined> {
      const c = await customersRepo.customer(ex, id);
      return c ? toRecord(c) : undefined;
    },

    /** The customer the actor may see, else NOT_FOUND (another tenant's is exactly like a missing one). */
    async visibleCustomerRecord(ex: Executor, actor: Actor, id: string): Promise<CustomerRecord> {
      return toRecord(await visibleCustomer(ex, actor, id));
    },

    /** Whether the actor manages the customer: an admin, or an account manager on its account team. */
    async manages(ex: Executor, actor: Actor, customerId: string): Promise<boolean> {
      return customersPolicy.edit(
        actor,
        (await teamOf(ex, customerId)).map((m) => m.user_id),
      );
    },

    /** The customer whose organisation this is (a customer user's tenant), or undefined. */
    async customerForOrganization(ex: Executor, organizationId: string): Promise<CustomerRecord | undefined> {
      const c = await customersRepo.customerByOrganization(ex, organizationId);
      return c ? toRecord(c) : undefined;
    },

    /** Contacts who approve EWOs and change orders for the customer (`canApprove`), in escalation order. */
    async approvingContacts(ex: Executor, customerId: string): Promise<ContactView[]> {
      return (await customersRepo.listContacts(ex, customerId, { canApprove: true })).map(toContactView);
    },

    /** Contacts who receive the monthly statement and balance alerts (`receivesStatements`), in escalation order. */
    async statementContacts(ex: Executor, customerId: string): Promise<ContactView[]> {
      return (await customersRepo.listContacts(ex, customerId, { receivesStatements: true })).map(toContactView);
    },

    /** The active members of the customer's account team (id, email, name, role), for notifications. */
    async accountTeam(ex: Executor, customerId: string): Promise<TeamMemberView[]> {
      return (await teamOf(ex, customerId)).filter((m) => m.status === 'active').map(toMember);
    },

    /** The contact a customer user acts for (its authority), or undefined for provider staff. */
    async contactForUser(ex: Executor, userId: string): Promise<ContactView | undefined> {
      const c = await customersRepo.contactOfUser(ex, userId);
      return c ? toContactView(c) : undefined;
    },

    /** A contact by id (any customer), or undefined: for links and email replies that name a contact. */
    async contactRecord(ex: Executor, contactId: string): Promise<ContactView | undefined> {
      const c = await customersRepo.contact(ex, contactId);
      return c ? toContactView(c) : undefined;
    },
  };
}
