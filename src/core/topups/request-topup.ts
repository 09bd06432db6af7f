import type { Executor } from '../../db/create-db.ts';
import type { TopUpRequest, TopUpRequestBody } from '../../shared/contracts/topups.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { loadContract } from '../contracts/contracts.load.ts';
import { choosePackage, type PackageChoice } from './packages.ts';
import type { TopUpsDeps } from './topups.deps.ts';
import { notifyRequested } from './topups.notify.ts';
import { assertMayAsk } from './topups.policy.ts';
import { topUpsRepo } from './topups.repo.ts';
import { requestAudit, toTopUpRequestView } from './topups.views.ts';

type Source = { type: 'work_order' | 'change_order'; id: string };

/**
 * A quantity or a package, exactly one of them (both or neither: 422 TOPUP_AMOUNT_OR_PACKAGE); a package
 * gives its quantity and its price in the contract's currency, frozen with the request.
 */
async function quantityAsked(
  trx: Executor,
  contract: { id: string; number: string; unit: string },
  input: TopUpRequestBody,
): Promise<{ amount: number; pkg: PackageChoice | null }> {
  const hasAmount = input.amount !== undefined;
  const hasPackage = input.packageId !== undefined;
  if (hasAmount === hasPackage)
    throw new AppError(
      'TOPUP_AMOUNT_OR_PACKAGE',
      hasAmount
        ? 'Ask either for a quantity or for a package, not both.'
        : 'Say how much you need: a quantity, or one of the packages.',
      { errors: [{ path: 'body', message: 'give exactly one of amount and packageId' }] },
    );
  if (input.amount !== undefined) return { amount: input.amount, pkg: null };
  const pkg = await choosePackage(trx, input.packageId!, contract);
  return { amount: pkg.quantity, pkg };
}

/** One request on the caller's transaction: checked, written, audited, the account team told, the hook called. */
async function requestInTx(
  deps: TopUpsDeps,
  trx: Executor,
  ctx: Ctx,
  contractId: string,
  input: TopUpRequestBody,
  source: Source | null,
): Promise<TopUpRequest> {
  const contract = await loadContract(trx, contractId).catch(() => {
    throw new AppError('NOT_FOUND', `Contract ${contractId} not found.`);
  });
  const contact = await assertMayAsk(
    deps,
    trx,
    ctx.actor,
    { id: contract.customer_id, organization_id: contract.organization_id },
    `Contract ${contractId}`,
  );
  if (contract.status !== 'active')
    throw new AppError(
      'CONTRACT_NOT_ACTIVE',
      `Retainer ${contract.number} is ${contract.status}: top-ups need an active contract. Ask your account manager about a renewal.`,
      { status: contract.status },
    );
  const { amount, pkg } = await quantityAsked(trx, contract, input);
  const id = deps.ids.next('tur');
  const note = input.note?.trim() ? input.note.trim() : null;
  await topUpsRepo.insert(trx, {
    id,
    contract_id: contract.id,
    customer_id: contract.customer_id,
    amount,
    package_id: pkg?.id ?? null,
    package_name: pkg?.name ?? null,
    package_price_minor: pkg?.priceMinor ?? null,
    package_currency: pkg?.currency ?? null,
    purchase_order: input.purchaseOrder.trim(),
    note,
    requested_by_contact_id: contact.id,
    requested_by: contact.name,
    requested_channel: ctx.channel,
    source_type: source?.type ?? null,
    source_id: source?.id ?? null,
    requested_at: deps.clock.now(),
  });
  const row = (await topUpsRepo.byId(trx, id))!;
  await deps.audit.record(
    trx,
    ctx,
    requestAudit('requested', row, {
      note,
      source,
      ...(pkg ? { package: { id: pkg.id, name: pkg.name, priceMinor: pkg.priceMinor, currency: pkg.currency } } : {}),
    }),
  );
  await notifyRequested(deps, trx, row);
  // Webhook `topup.requested`: the integrator wires deps.onRequested to the webhooks feature (topups.deps.ts).
  await deps.onRequested?.(trx, {
    requestId: row.id,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    customerId: row.customer_id,
    amount: row.amount,
    unit: row.unit,
    purchaseOrder: row.purchase_order,
    package: pkg ? { id: pkg.id, name: pkg.name, priceMinor: pkg.priceMinor, currency: pkg.currency } : null,
    requestedAt: row.requested_at.toISOString(),
  });
  return toTopUpRequestView(row);
}

/**
 * A customer's point of contact asks for more hours on an active contract (viewers and requesters 403,
 * another customer's contract 404); the account team is told in the same transaction.
 */
export function requestTopUp(
  deps: TopUpsDeps,
  ctx: Ctx,
  contractId: string,
  input: TopUpRequestBody,
): Promise<TopUpRequest> {
  return deps.db.transaction((trx) => requestInTx(deps, trx, ctx, contractId, input, null));
}

/**
 * The same request from a signed approval link (no sign-in): the link grants its contact a request on the
 * contract of the EWO or change order it was sent for, and nothing else.
 */
export async function requestTopUpByLink(
  deps: TopUpsDeps,
  base: Ctx,
  token: string,
  input: TopUpRequestBody,
): Promise<TopUpRequest> {
  const grant = await deps.linkGrant(base, token);
  return deps.db.transaction((trx) => requestInTx(deps, trx, grant.ctx, grant.contractId, input, grant.source));
}
