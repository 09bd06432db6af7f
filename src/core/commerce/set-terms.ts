import type { TermsInput, TermsView } from '../../shared/contracts/commerce.ts';
import { AppError } from '../../shared/errors.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { lockContract } from '../contracts/contracts.load.ts';
import type { CommerceDeps } from './commerce.deps.ts';
import { commerceRepo, type TermsRow, type TermsValues } from './commerce.repo.ts';
import { termsView } from './commerce.views.ts';

const blankToNull = (value: string | null | undefined): string | null => {
  const text = value?.trim();
  return text ? text : null;
};

/** What an audit event keeps of the terms (amounts in minor units with their currency). */
const auditOf = (row: TermsRow | TermsValues | undefined): Record<string, unknown> | null =>
  row
    ? {
        currency: row.currency,
        retainerPriceMinor: row.retainer_price_minor ?? null,
        topupRateMinor: row.topup_rate_minor ?? null,
        overageRateMinor: row.overage_rate_minor ?? null,
        paymentTermDays: row.payment_term_days ?? null,
        billingLegalName: row.billing_legal_name ?? null,
        billingAddress: row.billing_address ?? null,
        taxId: row.tax_id ?? null,
        billingContactName: row.billing_contact_name ?? null,
        billingContactEmail: row.billing_contact_email ?? null,
        purchaseOrder: row.purchase_order ?? null,
      }
    : null;

/**
 * Sets a contract's commercial terms as a whole (admins and the customer's account managers; audited). The
 * currency cannot change once a top-up was priced in it (422), and an edit of an older revision is 409.
 */
export async function setTerms(
  deps: CommerceDeps,
  ctx: Ctx,
  contractId: string,
  input: TermsInput,
): Promise<TermsView> {
  return deps.db.transaction(async (trx) => {
    const contract = await lockContract(trx, ctx, contractId, 'manage');
    const current = await commerceRepo.lockTerms(trx, contractId);
    if (current && input.revision !== undefined && input.revision !== current.revision) {
      throw new AppError(
        'STALE_REVISION',
        `The terms of contract ${contract.number} changed since you read them (revision ${current.revision}, you edited ${input.revision}). Reload them and apply your change again.`,
        { currentRevision: current.revision },
      );
    }
    if (current && current.currency !== input.currency) {
      const priced = await commerceRepo.readTopupPrices(trx, contractId);
      if (priced.size) {
        throw new AppError(
          'CURRENCY_MISMATCH',
          `Contract ${contract.number} already has top-ups priced in ${current.currency}: its currency stays ${current.currency}.`,
          { currency: current.currency },
        );
      }
    }
    const values: TermsValues = {
      currency: input.currency,
      retainer_price_minor: input.retainerPriceMinor ?? null,
      topup_rate_minor: input.topupRateMinor ?? null,
      overage_rate_minor: input.overageRateMinor ?? null,
      payment_term_days: input.paymentTermDays ?? null,
      billing_legal_name: blankToNull(input.billingLegalName),
      billing_address: blankToNull(input.billingAddress),
      tax_id: blankToNull(input.taxId),
      billing_contact_name: blankToNull(input.billingContactName),
      billing_contact_email: blankToNull(input.billingContactEmail),
      purchase_order: blankToNull(input.purchaseOrder),
      updated_at: deps.clock.now(),
      updated_by: actorLabel(ctx.actor),
    };
    const row = current
      ? await commerceRepo.updateTerms(trx, contractId, current.revision, values)
      : await commerceRepo.insertTerms(trx, contractId, values);
    await deps.audit.record(trx, ctx, {
      action: current ? 'contract.terms_updated' : 'contract.terms_set',
      entityType: 'contract',
      entityId: contractId,
      organizationId: contract.organization_id,
      before: auditOf(current),
      after: auditOf(row),
    });
    return termsView(row, contract.unit);
  });
}
