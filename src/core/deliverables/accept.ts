import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { visibleDeliverable } from './deliverables.access.ts';
import type { DeliverablesDeps } from './deliverables.deps.ts';
import { notifyAccepted } from './deliverables.notify.ts';
import { deliverablesPolicy } from './deliverables.policy.ts';
import { deliverablesRepo } from './deliverables.repo.ts';
import { assertAcceptable } from './deliverables.rules.ts';
import { viewOf, type DeliverableView } from './deliverables.views.ts';

const refusal =
  "Only your organisation's point of contact for approvals (a contact with canApprove) accepts deliverables.";

/**
 * The customer accepts the version issued last: a user of the engagement's organisation whose contact
 * may approve (`canApprove`). Records when, who (user and contact) and which version; the engagement
 * team and account team are told. A named `version` that is not the issued one is STALE_REVISION.
 */
export async function acceptDeliverable(
  deps: DeliverablesDeps,
  ctx: Ctx,
  id: string,
  options: { version?: number | undefined; note?: string | undefined } = {},
): Promise<DeliverableView> {
  await deps.db.transaction(async (trx) => {
    const { scope } = await visibleDeliverable(trx, ctx.actor, id);
    authorize(ctx.actor, deliverablesPolicy.accept, refusal);
    const contact = await deps.customers.contactForUser(trx, ctx.actor.userId);
    if (!contact || contact.customerId !== scope.engagement.customerId || !contact.canApprove)
      throw new AppError('FORBIDDEN', refusal);
    const locked = (await deliverablesRepo.lock(trx, id))!;
    assertAcceptable({ status: locked.status, issuedVersion: locked.issued_version }, options.version);
    const at = deps.clock.now();
    const note = options.note?.trim() || null;
    await deliverablesRepo.update(trx, id, {
      status: 'accepted',
      accepted_version: locked.issued_version,
      accepted_at: at,
      accepted_by: ctx.actor.userId,
      accepted_contact_id: contact.id,
      acceptance_note: note,
      updated_at: at,
    });
    await deps.audit.record(trx, ctx, {
      action: 'deliverable.accepted',
      entityType: 'deliverable',
      entityId: id,
      organizationId: scope.engagement.organizationId,
      before: { status: locked.status },
      after: {
        status: 'accepted',
        acceptedVersion: locked.issued_version,
        contactId: contact.id,
        ...(note ? { note } : {}),
      },
    });
    await notifyAccepted(deps, trx, scope.engagement, locked, locked.issued_version!, ctx.actor);
  });
  const { row, scope } = await visibleDeliverable(deps.db.kysely, ctx.actor, id);
  return viewOf(deps.db.kysely, row, scope.staff);
}
