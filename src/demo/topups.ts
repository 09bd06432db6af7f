import { systemCtx, type ContactActor, type Ctx } from '../core/context.ts';
import type { Core } from '../core/core.ts';

/** Blocks of hours customers may ask for instead of a quantity, priced in each demo currency (larger: cheaper per hour). */
const demoPackages = [
  { name: '20-hour block', hours: 20, prices: { USD: 3_500_00, EUR: 3_200_00, GBP: 2_750_00 } },
  { name: '40-hour block', hours: 40, prices: { USD: 6_800_00, EUR: 6_200_00, GBP: 5_350_00 } },
  { name: '80-hour block', hours: 80, prices: { USD: 13_200_00, EUR: 12_000_00, GBP: 10_400_00 } },
] as const;

/** The firm's top-up packages (issue 17): three blocks of hours. */
async function loadPackages(core: Core): Promise<number> {
  for (const p of demoPackages)
    await core.services.topUps.packages.create(systemCtx('demo'), {
      name: p.name,
      unit: 'hours',
      quantity: p.hours * 60,
      prices: Object.entries(p.prices).map(([currency, amountMinor]) => ({ currency, amountMinor })),
    });
  return demoPackages.length;
}

/**
 * The top-up packages and a pending top-up request (issue 17): Fabrikam's point of contact asks for 20 hours against a purchase
 * order, so the account team finds one to accept or decline on the contract page or with `imr topups`.
 */
export async function loadTopUpsDemo(
  core: Core,
  customer: { customerId: string; organizationId: string; contractId: string },
): Promise<{ summary: string }> {
  const { db, services } = core;
  const packages = await loadPackages(core);
  const [contact] = await services.customers.approvingContacts(db.kysely, customer.customerId);
  if (!contact) return { summary: `${packages} top-up packages, no top-up request (no approving contact)` };
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
  return {
    summary: `${packages} top-up packages (20, 40 and 80 hours); 1 pending top-up request (${contact.name}, 20 hours)`,
  };
}
