/** Email of top-up requests: the account team told of a new or withdrawn request, the customer of the outcome. */
import type { Executor } from '../../db/create-db.ts';
import { formatMinor } from '../../shared/money.ts';
import { quantity } from '../../shared/units.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import type { TopUpsDeps } from './topups.deps.ts';
import type { TopUpRequestWithContext } from './topups.repo.ts';

/** The account team (staff) opens the staff contract page; the customer's contacts the portal's. */
const staffLink = (deps: TopUpsDeps, r: TopUpRequestWithContext) =>
  itemLink(deps.publicUrl, 'staff', { type: 'contract', id: r.contract_id });
const portalLink = (deps: TopUpsDeps, r: TopUpRequestWithContext) =>
  itemLink(deps.publicUrl, 'contact', { type: 'contract', id: r.contract_id });

/** A new request: the customer's account team, in the request's transaction (once per request). */
export async function notifyRequested(deps: TopUpsDeps, trx: Executor, r: TopUpRequestWithContext): Promise<void> {
  const to = (await deps.customers.accountTeam(trx, r.customer_id)).map((m) => m.email);
  if (to.length === 0) return;
  const amount = quantity(r.amount, r.unit).display;
  await deps.outbox.enqueueEmail(trx, {
    topic: 'topup.requested',
    contractId: r.contract_id,
    dedupeKey: `topup-requested:${r.id}`,
    to,
    subject: `Top-up requested: ${r.customer_name} asks for ${amount} on ${r.contract_number}`,
    ...renderEmail({
      heading: `${r.customer_name} asks for ${amount}`,
      paragraphs: [
        `${r.requested_by} of ${r.customer_name} asks for a top-up of retainer ${r.contract_number}${r.source_number ? `, to approve ${r.source_number}` : ''}.`,
        'Accept it (the top-up is posted with this purchase order and the customer is told) or decline it with a reason on the contract page.',
        ...(r.note ? [`Their note: ${r.note}`] : []),
      ],
      facts: [
        ['Amount', amount],
        ...packageFact(r),
        ['Purchase order', r.purchase_order],
        ['Contract', r.contract_number],
      ],
      action: { label: 'Open the contract', url: staffLink(deps, r) },
    }),
  });
}

/** A package request names the package and the price it was asked at. */
function packageFact(r: TopUpRequestWithContext): [string, string][] {
  if (!r.package_name || r.package_price_minor === null || !r.package_currency) return [];
  return [['Package', `${r.package_name}, ${formatMinor(r.package_price_minor, r.package_currency)}`]];
}

/** The customer's recipients of an outcome: the requesting contact and the statement contacts. */
async function customerRecipients(deps: TopUpsDeps, trx: Executor, r: TopUpRequestWithContext): Promise<string[]> {
  const requester = await deps.customers.contactRecord(trx, r.requested_by_contact_id);
  const statements = await deps.customers.statementContacts(trx, r.customer_id);
  return [...new Set([...(requester ? [requester.email] : []), ...statements.map((c) => c.email)])];
}

/** Accepted: the customer is told the amount, the new balance and the purchase order. */
export async function notifyAccepted(
  deps: TopUpsDeps,
  trx: Executor,
  r: TopUpRequestWithContext,
  after: { balance: string; available: string; price: string | null },
): Promise<void> {
  const to = await customerRecipients(deps, trx, r);
  if (to.length === 0) return;
  const amount = quantity(r.amount, r.unit).display;
  await deps.outbox.enqueueEmail(trx, {
    topic: 'topup.accepted',
    contractId: r.contract_id,
    dedupeKey: `topup-accepted:${r.id}`,
    to,
    subject: `Top-up of ${amount} added to ${r.contract_number}`,
    ...renderEmail({
      heading: `${amount} added to your retainer`,
      paragraphs: [
        `Your request for ${amount} on retainer ${r.contract_number} was accepted and the hours are available now.`,
      ],
      facts: [
        ['Amount', amount],
        ['Purchase order', r.purchase_order],
        ...(after.price ? ([['Price', after.price]] as [string, string][]) : []),
        ['New balance', after.balance],
        ['Available', after.available],
        ['Contract', r.contract_number],
      ],
      action: { label: 'See your retainer', url: portalLink(deps, r) },
    }),
  });
}

/** Declined: the customer is told why. */
export async function notifyDeclined(deps: TopUpsDeps, trx: Executor, r: TopUpRequestWithContext, reason: string) {
  const to = await customerRecipients(deps, trx, r);
  if (to.length === 0) return;
  const amount = quantity(r.amount, r.unit).display;
  await deps.outbox.enqueueEmail(trx, {
    topic: 'topup.declined',
    contractId: r.contract_id,
    dedupeKey: `topup-declined:${r.id}`,
    to,
    subject: `Top-up request for ${r.contract_number} declined`,
    ...renderEmail({
      heading: `Your request for ${amount} was declined`,
      paragraphs: [`Your account team declined the top-up of retainer ${r.contract_number}: ${reason}`],
      facts: [
        ['Amount', amount],
        ['Purchase order', r.purchase_order],
        ['Contract', r.contract_number],
      ],
      action: { label: 'See your retainer', url: portalLink(deps, r) },
    }),
  });
}

/** Withdrawn: the account team need not act any more. */
export async function notifyWithdrawn(deps: TopUpsDeps, trx: Executor, r: TopUpRequestWithContext): Promise<void> {
  const to = (await deps.customers.accountTeam(trx, r.customer_id)).map((m) => m.email);
  if (to.length === 0) return;
  const amount = quantity(r.amount, r.unit).display;
  await deps.outbox.enqueueEmail(trx, {
    topic: 'topup.withdrawn',
    contractId: r.contract_id,
    dedupeKey: `topup-withdrawn:${r.id}`,
    to,
    subject: `Top-up request withdrawn: ${r.customer_name}, ${r.contract_number}`,
    ...renderEmail({
      heading: `${r.customer_name} withdrew a top-up request`,
      paragraphs: [`The request for ${amount} (purchase order ${r.purchase_order}) needs nothing more.`],
      action: { label: 'Open the contract', url: staffLink(deps, r) },
    }),
  });
}
