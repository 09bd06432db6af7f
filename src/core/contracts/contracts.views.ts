import type { Contract } from '../../shared/contracts/contracts.ts';
import { quantity } from '../../shared/units.ts';
import type { ContractWithCustomer } from './contracts.repo.ts';
import { mergeSettings } from './contracts.rules.ts';

/** A contract row with its customer, as the API shows it (settings with their defaults). */
export const toContractView = (contract: ContractWithCustomer): Contract => ({
  id: contract.id,
  customerId: contract.customer_id,
  customerName: contract.customer_name,
  organizationId: contract.organization_id,
  timeZone: contract.time_zone,
  number: contract.number,
  status: contract.status,
  statusReason: contract.status_reason,
  statusChangedAt: contract.status_changed_at?.toISOString() ?? null,
  termStart: contract.term_start,
  termEnd: contract.term_end,
  unit: contract.unit,
  unitsPerHour: contract.units_per_hour,
  initialAmount: quantity(contract.initial_amount, contract.unit),
  settings: mergeSettings(contract.settings, undefined),
  predecessorId: contract.predecessor_id,
  successorId: contract.successor_id,
  revision: contract.revision,
  createdAt: contract.created_at.toISOString(),
  updatedAt: contract.updated_at.toISOString(),
});
