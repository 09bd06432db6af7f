import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { canSeeTenant } from '../authz.ts';
import { isCustomerUser, type Actor } from '../context.ts';
import { notFound } from './requests.errors.ts';
import { requestsRepo, type RequestRow } from './requests.repo.ts';
import type { ContractInfo } from './requests.terms.ts';

/** The contract, or NOT_FOUND when it does not exist or belongs to another tenant. */
export async function visibleContract(ex: Executor, actor: Actor, contractId: string): Promise<ContractInfo> {
  const contract = await requestsRepo.contractWithCustomer(ex, contractId);
  if (!contract || !canSeeTenant(actor, contract.organization_id))
    throw new AppError('NOT_FOUND', `Contract ${contractId} not found.`);
  return contract;
}

/** Customer users act through their contact: it must belong to the organisation and may request or approve. */
export async function assertContactMayRequest(ex: Executor, actor: Actor, customerId: string): Promise<string> {
  if (!isCustomerUser(actor) || !actor.contactId)
    throw new AppError('FORBIDDEN', 'Only provider staff and customer users linked to a contact may do this.');
  const contact = await requestsRepo.contact(ex, actor.contactId);
  if (!contact || contact.customer_id !== customerId || !(contact.can_request || contact.can_approve)) {
    throw new AppError(
      'FORBIDDEN',
      "Your contact may not request services (it needs canRequest or canApprove): ask your organisation's point of contact.",
    );
  }
  return contact.id;
}

/** The row locked for a change, or NOT_FOUND (also for another tenant's request). */
export async function lockedVisible(trx: Executor, actor: Actor, id: string): Promise<RequestRow> {
  const request = await requestsRepo.forUpdate(trx, id);
  if (!request || !canSeeTenant(actor, request.organization_id)) throw notFound(id);
  return request;
}
