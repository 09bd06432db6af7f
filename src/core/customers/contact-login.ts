import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { accountsRepo } from '../accounts/accounts.repo.ts';
import { toUserView, type UserView } from '../accounts/accounts.views.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { mapRaces } from './customers.checks.ts';
import type { CustomersDeps } from './customers.deps.ts';
import {
  editableCustomer,
  existingCustomer,
  loadContact,
  lockContact,
  manages,
  visibleCustomer,
  writeForbidden,
} from './customers.load.ts';
import { customersPolicy } from './customers.policy.ts';
import type { ContactWithUser, CustomerRow } from './customers.repo.ts';
import { signInAddressChangedEmail } from './customers.notify.ts';
import { roleForContact } from './customers.rules.ts';
import { toContactView, type ContactView } from './customers.views.ts';

/**
 * Gives a contact a portal login on the caller's transaction: a user of the customer's organisation
 * linked to the contact, with the contact's email and the role its flags give. Without a password
 * hash the user gets a set-password email.
 */
export async function inviteContactInTx(
  deps: Pick<CustomersDeps, 'accounts' | 'audit'>,
  trx: Executor,
  ctx: Ctx,
  customerId: string,
  contactId: string,
  options: { passwordHash?: string } = {},
): Promise<string> {
  const customer = await existingCustomer(trx, customerId);
  await lockContact(trx, customer.id, contactId);
  const contact = await loadContact(trx, customer.id, contactId);
  if (contact.user_id) {
    throw new AppError(
      'CONFLICT',
      `${contact.name} already has a portal login (${contact.user_email}). To resend a link, use "Forgot password?" on the sign-in page with that address.`,
      { userId: contact.user_id },
    );
  }
  const role = roleForContact({ canApprove: contact.can_approve, canRequest: contact.can_request });
  const userId = await deps.accounts.createUserInTx(trx, ctx, {
    organizationId: customer.organization_id,
    email: contact.email,
    name: contact.name,
    role,
    contactId: contact.id,
    ...(options.passwordHash ? { passwordHash: options.passwordHash } : {}),
  });
  await deps.audit.record(trx, ctx, {
    action: 'contact.invited',
    entityType: 'contact',
    entityId: contact.id,
    organizationId: customer.organization_id,
    after: { userId, email: contact.email, role, withPassword: options.passwordHash !== undefined },
  });
  return userId;
}

/**
 * Gives a contact a portal login (admins; account managers on the team). With a password (admins
 * only) the login works at once; otherwise the contact gets a set-password email. A contact with a
 * login already, or whose email is another user's, is refused (409).
 */
export async function inviteContact(
  deps: CustomersDeps,
  ctx: Ctx,
  customerId: string,
  contactId: string,
  options: { password?: string } = {},
): Promise<{ contact: ContactView; user: UserView }> {
  const { db } = deps;
  const customer = await visibleCustomer(db.kysely, ctx.actor, customerId);
  const contact = await loadContact(db.kysely, customerId, contactId);
  if (!(await manages(db.kysely, ctx.actor, customerId))) throw writeForbidden(ctx.actor);
  if (options.password !== undefined) {
    authorize(
      ctx.actor,
      customersPolicy.setPassword,
      'Only administrators choose a password for a contact; invite without a password to send a set-password email.',
    );
  }
  // Hashing is slow: do it before the transaction, never inside it.
  const passwordHash =
    options.password !== undefined ? await deps.accounts.preparePassword(options.password, contact.email) : undefined;
  const userId = await mapRaces(
    () =>
      db.transaction(async (trx) => {
        await editableCustomer(trx, ctx.actor, customer.id);
        return inviteContactInTx(deps, trx, ctx, customer.id, contactId, passwordHash ? { passwordHash } : {});
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
            {
              field: 'email',
            },
          ),
      },
    ],
  );
  const user = await accountsRepo.userById(db.kysely, userId);
  return { contact: toContactView(await loadContact(db.kysely, customerId, contactId)), user: toUserView(user!) };
}

/** Keeps a contact's portal login in step with the contact: email, name and the role its flags give. */
export async function syncLinkedUser(
  deps: CustomersDeps,
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
    await accountsRepo.updateUser(trx, userId, { email: next.email, name: next.name, updated_at: deps.clock.now() });
    await deps.audit.record(trx, ctx, {
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
        ...signInAddressChangedEmail({
          name: next.name,
          customerName: customer.name,
          oldEmail: user.email,
          newEmail: next.email,
        }),
      });
    }
  }
  await deps.accounts.setRoleInTx(
    trx,
    ctx,
    userId,
    roleForContact({ canApprove: next.can_approve, canRequest: next.can_request }),
  );
}
