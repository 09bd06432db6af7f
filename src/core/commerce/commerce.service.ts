import type { TermsInput } from '../../shared/contracts/commerce.ts';
import type { Ctx } from '../context.ts';
import type { CommerceDeps } from './commerce.deps.ts';
import { readTerms } from './read-terms.ts';
import { setTerms } from './set-terms.ts';

export type CommerceService = ReturnType<typeof createCommerceService>;

/** A contract's commercial terms: binds the use cases of this folder to their dependencies. */
export function createCommerceService(deps: CommerceDeps) {
  return {
    terms: (ctx: Ctx, contractId: string) => readTerms(deps, ctx, contractId),
    setTerms: (ctx: Ctx, contractId: string, input: TermsInput) => setTerms(deps, ctx, contractId, input),
  };
}
