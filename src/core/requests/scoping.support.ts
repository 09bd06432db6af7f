import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { canSeeTenant } from '../authz.ts';
import type { UserActor } from '../context.ts';
import type { RequestRow } from './requests.repo.ts';
import type { ScopingDeps } from './scoping.deps.ts';
import { toScopingCallView } from './requests.views.ts';
import { scopingRepo, type ScopingCallRow } from './scoping.repo.ts';

/** The request locked for a scoping change, visible to the actor; NOT_FOUND otherwise. */
export async function lockedRequest(
  deps: Pick<ScopingDeps, 'requests'>,
  trx: Executor,
  actor: UserActor,
  requestId: string,
): Promise<RequestRow> {
  const request = await deps.requests.requestForUpdate(trx, requestId);
  if (!request || !canSeeTenant(actor, request.organization_id))
    throw new AppError('NOT_FOUND', `Request ${requestId} not found.`);
  return request;
}

/** The request locked and the call of it, both visible to the actor; NOT_FOUND otherwise. */
export async function lockRequestAndCall(
  deps: Pick<ScopingDeps, 'requests'>,
  trx: Executor,
  actor: UserActor,
  requestId: string,
  callId: string,
): Promise<{ request: RequestRow; call: ScopingCallRow }> {
  const request = await lockedRequest(deps, trx, actor, requestId);
  const call = await scopingRepo.forUpdate(trx, callId);
  if (!call || call.request_id !== requestId) throw new AppError('NOT_FOUND', `Scoping call ${callId} not found.`);
  return { request, call };
}

/** A scoping call as provider staff see it (with its notes), read after the change committed. */
export const loadCallView = async (deps: Pick<ScopingDeps, 'db'>, id: string) =>
  toScopingCallView((await scopingRepo.byId(deps.db.kysely, id))!, true);
