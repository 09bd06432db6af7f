import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { fieldProblem, fieldRefusal } from '../../shared/plain-errors.ts';
import type { Ctx } from '../context.ts';
import { assertCustomerAccess } from './contracts.access.ts';
import { contractsRepo, type ContractWithCustomer } from './contracts.repo.ts';

/** A contract by id without an access check, else NOT_FOUND. */
export async function loadContract(ex: Executor, id: string): Promise<ContractWithCustomer> {
  const contract = await contractsRepo.byId(ex, id);
  if (!contract) throw new AppError('NOT_FOUND', `Contract ${id} not found.`);
  return contract;
}

/** The contract locked for a change that needs `access` to its customer (404 across tenants). */
export async function lockContract(
  trx: Executor,
  ctx: Ctx,
  id: string,
  access: 'manage' | 'admin',
): Promise<ContractWithCustomer> {
  const contract = await contractsRepo.forUpdate(trx, id);
  if (!contract) throw new AppError('NOT_FOUND', `Contract ${id} not found.`);
  await assertCustomerAccess(
    trx,
    ctx.actor,
    { id: contract.customer_id, organization_id: contract.organization_id },
    access,
    `Contract ${id}`,
  );
  return contract;
}

/** The refusal of one invalid field (VALIDATION_FAILED). */
export function invalid(path: string, message: string): AppError {
  return fieldRefusal(fieldProblem(path, message));
}

/** Units per hour as numeric(8,2) stores it ("1.5" → "1.50"), so reads and writes compare equal. */
export const normaliseUnitsPerHour = (value: string | null | undefined): string | null =>
  value ? Number(value).toFixed(2) : null;

/** Contract numbers are unique (CONFLICT otherwise). */
export async function assertNumberFree(trx: Executor, number: string, exceptId?: string): Promise<void> {
  if (await contractsRepo.numberTaken(trx, number, exceptId)) {
    throw new AppError('CONFLICT', `Contract number ${number} is already used. Choose another number.`, {
      field: 'number',
    });
  }
}
