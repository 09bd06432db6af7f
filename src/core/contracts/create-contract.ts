import type { Executor } from '../../db/create-db.ts';
import type { ContractSettingsPatch } from '../../shared/contracts/contract-settings.ts';
import type { Contract } from '../../shared/contracts/contracts.ts';
import { AppError } from '../../shared/errors.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { assertCustomerAccess } from './contracts.access.ts';
import type { ContractsDeps } from './contracts.deps.ts';
import { assertNumberFree, invalid, loadContract, normaliseUnitsPerHour } from './contracts.load.ts';
import { contractsRepo } from './contracts.repo.ts';
import { mergeSettings, termProblem, unitsPerHourProblem } from './contracts.rules.ts';
import type { ContractUnit } from './contracts.tables.ts';
import { toContractView } from './contracts.views.ts';

export interface NewContract {
  customerId: string;
  number: string;
  termStart: string;
  termEnd: string;
  unit: ContractUnit;
  unitsPerHour?: string | undefined;
  initialAmount?: number | undefined;
  settings?: ContractSettingsPatch | undefined;
  status?: 'draft' | 'active' | undefined;
}

/** Inserts a contract, opens its ledger and posts the grant, on the caller's transaction. */
export async function insertContract(
  deps: Pick<ContractsDeps, 'clock' | 'ids' | 'ledger'>,
  trx: Executor,
  ctx: Ctx,
  input: NewContract & { predecessorId?: string; baseSettings?: unknown },
): Promise<string> {
  const term = termProblem(input.termStart, input.termEnd);
  if (term) throw invalid('termEnd', term);
  const unitsPerHour = unitsPerHourProblem(input.unit, input.unitsPerHour);
  if (unitsPerHour) throw invalid('unitsPerHour', unitsPerHour);
  const settings = mergeSettings(input.baseSettings ?? {}, input.settings);
  const number = input.number.trim();
  await assertNumberFree(trx, number);
  const id = deps.ids.next('ctr');
  const at = deps.clock.now();
  const status = input.status ?? 'active';
  const initialAmount = input.initialAmount ?? 0;
  await contractsRepo.insert(trx, {
    id,
    customer_id: input.customerId,
    number,
    term_start: input.termStart,
    term_end: input.termEnd,
    unit: input.unit,
    units_per_hour: normaliseUnitsPerHour(input.unitsPerHour),
    status,
    settings: JSON.stringify(settings),
    predecessor_id: input.predecessorId ?? null,
    status_reason: null,
    status_changed_at: at,
    initial_amount: initialAmount,
    created_by: actorLabel(ctx.actor),
    created_at: at,
    updated_at: at,
  });
  await deps.ledger.open(trx, id);
  if (initialAmount > 0)
    await deps.ledger.postGrant(trx, ctx, { contractId: id, amount: initialAmount, reference: `contract ${number}` });
  return id;
}

/** Creates a contract (active unless draft) and posts its initial grant: admins and the customer's account managers. */
export async function createContract(deps: ContractsDeps, ctx: Ctx, input: NewContract): Promise<Contract> {
  const id = await deps.db.transaction(async (trx) => {
    const customer = await contractsRepo.customer(trx, input.customerId);
    if (!customer) throw new AppError('NOT_FOUND', `Customer ${input.customerId} not found.`);
    await assertCustomerAccess(trx, ctx.actor, customer, 'manage', `Customer ${input.customerId}`);
    if (customer.status !== 'active')
      throw new AppError(
        'BUSINESS_RULE',
        `Customer ${customer.name} is inactive: reactivate it before adding a contract.`,
      );
    const created = await insertContract(deps, trx, ctx, input);
    await deps.audit.record(trx, ctx, {
      action: 'contract.created',
      entityType: 'contract',
      entityId: created,
      organizationId: customer.organization_id,
      after: {
        number: input.number,
        customerId: input.customerId,
        termStart: input.termStart,
        termEnd: input.termEnd,
        unit: input.unit,
        initialAmount: input.initialAmount ?? 0,
        status: input.status ?? 'active',
      },
    });
    return created;
  });
  return toContractView(await loadContract(deps.db.kysely, id));
}
