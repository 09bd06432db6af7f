import type { Executor } from '../../db/create-db.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { ApprovalSummary } from '../../shared/contracts/workorders.ts';
import type { ContractUnit } from '../../shared/units.ts';
import { isCustomerUser, type Actor } from '../context.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';
import { balanceImpact, type BalanceImpactView } from './workorders.rules.ts';

/** The balance impact of reserving `change` on a contract, as it stands now (any executor). */
export async function impactOf(
  deps: WorkOrdersDeps,
  ex: Executor,
  contract: { contract_id: string; unit: ContractUnit; settings: unknown },
  change: number,
): Promise<BalanceImpactView> {
  const totals = await deps.ledger.totals(ex, contract.contract_id);
  return balanceImpact(totals, change, ContractSettings.parse(contract.settings).overdraftPolicy, contract.unit);
}

/** For a customer user's approval page: its contact's name and whether that contact may decide for this customer. */
export async function approverOf(
  deps: WorkOrdersDeps,
  ex: Executor,
  actor: Actor,
  customerId: string,
): Promise<ApprovalSummary['approver']> {
  if (!isCustomerUser(actor) || !actor.contactId) return null;
  const contact = await deps.customers.contactRecord(ex, actor.contactId);
  return contact ? { name: contact.name, canDecide: contact.canApprove && contact.customerId === customerId } : null;
}
