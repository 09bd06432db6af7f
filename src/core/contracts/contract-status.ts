import type { Executor } from '../../db/create-db.ts';
import type { Contract } from '../../shared/contracts/contracts.ts';
import type { Ctx } from '../context.ts';
import type { ContractsDeps } from './contracts.deps.ts';
import { loadContract, lockContract } from './contracts.load.ts';
import { contractsRepo, type ContractWithCustomer } from './contracts.repo.ts';
import { assertTransition } from './contracts.rules.ts';
import type { ContractStatus } from './contracts.tables.ts';
import { toContractView } from './contracts.views.ts';

/** Moves a contract along its lifecycle on the caller's transaction, with an audit event. */
export async function setStatus(
  deps: Pick<ContractsDeps, 'clock' | 'audit' | 'ledger'>,
  trx: Executor,
  ctx: Ctx,
  contract: ContractWithCustomer,
  change: { to: ContractStatus; reason: string | null; extra?: Record<string, unknown> },
): Promise<void> {
  const { to, reason, extra = {} } = change;
  assertTransition(contract.status, to, contract.number);
  const at = deps.clock.now();
  await contractsRepo.update(trx, contract.id, {
    status: to,
    status_reason: reason,
    status_changed_at: at,
    revision: contract.revision + 1,
    updated_at: at,
  });
  deps.ledger.forgetContract(contract.id);
  await deps.audit.record(trx, ctx, {
    action: `contract.${to === 'active' ? 'activated' : to}`,
    entityType: 'contract',
    entityId: contract.id,
    organizationId: contract.organization_id,
    before: { status: contract.status },
    after: { status: to, ...(reason ? { reason } : {}), ...extra },
  });
}

/** Activates a draft contract: admins and the customer's account managers. */
export async function activateContract(deps: ContractsDeps, ctx: Ctx, id: string): Promise<Contract> {
  await deps.db.transaction(async (trx) =>
    setStatus(deps, trx, ctx, await lockContract(trx, ctx, id, 'manage'), { to: 'active', reason: null }),
  );
  return toContractView(await loadContract(deps.db.kysely, id));
}

/** Ends a draft or active contract early, with a reason: admins only. Its balance stays as it is (correct it by adjustment). */
export async function terminateContract(deps: ContractsDeps, ctx: Ctx, id: string, reason: string): Promise<Contract> {
  await deps.db.transaction(async (trx) =>
    setStatus(deps, trx, ctx, await lockContract(trx, ctx, id, 'admin'), {
      to: 'terminated',
      reason: reason.trim(),
    }),
  );
  return toContractView(await loadContract(deps.db.kysely, id));
}
