import type { TermsResponse } from '../../shared/contracts/commerce.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { assertCustomerAccess } from '../contracts/contracts.access.ts';
import { loadContract } from '../contracts/contracts.load.ts';
import type { CommerceDeps } from './commerce.deps.ts';
import { commercePolicy, MONEY_FORBIDDEN } from './commerce.policy.ts';
import { commerceRepo } from './commerce.repo.ts';
import { customerTermsView, termsView } from './commerce.views.ts';

/**
 * A contract's commercial terms as the reader may see them: staff who handle money get them in full, the
 * customer's own people the retainer's price; consultants 403; another tenant's contract 404.
 */
export async function readTerms(deps: CommerceDeps, ctx: Ctx, contractId: string): Promise<TermsResponse> {
  const ex = deps.db.kysely;
  const contract = await loadContract(ex, contractId).catch(() => {
    throw new AppError('NOT_FOUND', `Contract ${contractId} not found.`);
  });
  await assertCustomerAccess(
    ex,
    ctx.actor,
    { id: contract.customer_id, organization_id: contract.organization_id },
    'read',
    `Contract ${contractId}`,
  );
  authorize(ctx.actor, commercePolicy.seesMoney, MONEY_FORBIDDEN);
  const row = await commerceRepo.readTerms(ex, contractId);
  if (!row) return { status: 'missing', terms: null };
  return {
    status: 'set',
    terms: commercePolicy.readsFullTerms(ctx.actor) ? termsView(row, contract.unit) : customerTermsView(row),
  };
}
