import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { visibleDeliverable } from './deliverables.access.ts';
import type { DeliverablesDeps } from './deliverables.deps.ts';
import { notifyIssued } from './deliverables.notify.ts';
import { deliverablesPolicy } from './deliverables.policy.ts';
import { deliverablesRepo } from './deliverables.repo.ts';
import { assertIssuable } from './deliverables.rules.ts';
import { staffViewOf, type DeliverableView } from './deliverables.views.ts';

/**
 * Issues the current version to the customer (IR managers, admins): from then on its users see and
 * download it, and its approving and statement contacts and the requester are told by email. A named
 * `version` that is not the current one is STALE_REVISION.
 */
export async function issueDeliverable(
  deps: DeliverablesDeps,
  ctx: Ctx,
  id: string,
  options: { version?: number | undefined } = {},
): Promise<DeliverableView> {
  await deps.db.transaction(async (trx) => {
    const { scope } = await visibleDeliverable(trx, ctx.actor, id);
    authorize(
      ctx.actor,
      deliverablesPolicy.issue,
      'Only IR managers and administrators issue deliverables to the customer.',
    );
    const locked = (await deliverablesRepo.lock(trx, id))!;
    if (options.version !== undefined && options.version !== locked.current_version) {
      throw new AppError(
        'STALE_REVISION',
        `The current version is ${locked.current_version}, not ${options.version}: review it, then issue it.`,
        { currentVersion: locked.current_version, version: options.version },
      );
    }
    assertIssuable({
      status: locked.status,
      currentVersion: locked.current_version,
      issuedVersion: locked.issued_version,
    });
    const at = deps.clock.now();
    await deliverablesRepo.update(trx, id, {
      status: 'issued',
      issued_version: locked.current_version,
      issued_at: at,
      issued_by: ctx.actor.userId,
      updated_at: at,
    });
    await deliverablesRepo.markVersionIssued(trx, id, locked.current_version, at);
    await deps.audit.record(trx, ctx, {
      action: 'deliverable.issued',
      entityType: 'deliverable',
      entityId: id,
      organizationId: scope.engagement.organizationId,
      before: { status: locked.status, issuedVersion: locked.issued_version },
      after: { status: 'issued', issuedVersion: locked.current_version },
    });
    const versions = await deliverablesRepo.versions(trx, [id]);
    const issued = versions.find((version) => version.version === locked.current_version);
    await notifyIssued(deps, trx, scope.engagement, locked, issued, ctx.actor);
  });
  return staffViewOf(deps.db.kysely, id);
}
