import type { Executor } from '../../db/create-db.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { ApprovalSummary } from '../../shared/contracts/workorders.ts';
import type { ContractUnit } from '../../shared/units.ts';
import { isCustomerUser, type Actor } from '../context.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';
import { workOrdersRepo } from './workorders.repo.ts';
import type { DocumentParties } from './workorders.views.ts';
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

/**
 * The parties a document names when it is sent: the IR firm (the firm profile's name and postal address) and
 * the billing legal name and address of the contract's commercial terms, when set.
 */
export async function documentParties(
  deps: WorkOrdersDeps,
  ex: Executor,
  contractId: string,
): Promise<DocumentParties> {
  const firm = await deps.settings.firmProfile(ex);
  return {
    provider: { name: firm.name, postalAddress: firm.postalAddress },
    billing: await workOrdersRepo.billingParty(ex, contractId),
  };
}

/** The PDF's letterhead: the firm profile and its logo when it is a PNG. */
export async function letterheadOf(deps: WorkOrdersDeps, ex: Executor) {
  return { firm: await deps.settings.firmProfile(ex), logoPng: (await deps.settings.firmLogo(ex))?.content };
}
