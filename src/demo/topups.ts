import type { ContactActor, Ctx } from '../core/context.ts';
import type { Core } from '../core/core.ts';

/**
 * A pending top-up request (issue 17): Fabrikam's point of contact asks for 20 hours against a purchase
 * order, so the account team finds one to accept or decline on the contract page or with `imr topups`.
 */
export async function loadTopUpsDemo(
  core: Core,
  customer: { customerId: string; organizationId: string; contractId: string },
): Promise<{ summary: string }> {
  const { db, services } = core;
  const [contact] = await services.customers.approvingContacts(db.kysely, customer.customerId);
  if (!contact) return { summary: 'no top-up request (no approving contact)' };
  const actor: ContactActor = {
    type: 'contact',
    contactId: contact.id,
    organizationId: customer.organizationId,
    email: contact.email,
    name: contact.name,
  };
  const ctx: Ctx = { actor, channel: 'web' };
  await services.topUps.request(ctx, customer.contractId, {
    amount: 20 * 60,
    purchaseOrder: 'PO-FB-2026-031',
    note: 'Budget approved for the second half of the year.',
  });
  return { summary: `1 pending top-up request (${contact.name}, 20 hours)` };
}
