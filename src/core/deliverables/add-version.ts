import { authorize, given } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { resolveDeferred, type Deferred, type UploadedFile } from '../files/files.service.ts';
import { authoring, visibleDeliverable } from './deliverables.access.ts';
import { checkFile } from './deliverables.checks.ts';
import type { DeliverablesDeps } from './deliverables.deps.ts';
import { deliverablesPolicy } from './deliverables.policy.ts';
import { deliverablesRepo } from './deliverables.repo.ts';
import { assertVersionable } from './deliverables.rules.ts';
import { staffViewOf, type DeliverableView } from './deliverables.views.ts';

export interface NewVersion {
  note?: string | undefined;
  file: UploadedFile | undefined;
}

/** Adds a version (team members, IR managers, admins) to a draft or issued deliverable; customers see it once issued. */
export async function addVersion(
  deps: DeliverablesDeps,
  ctx: Ctx,
  id: string,
  input: Deferred<NewVersion>,
): Promise<DeliverableView> {
  const { db, clock, files } = deps;
  const actor = ctx.actor;
  const first = await visibleDeliverable(db.kysely, actor, id);
  authorize(actor, given(deliverablesPolicy.author, first.scope.onTeam), authoring);
  assertVersionable(first.row.status);
  const newVersion = await resolveDeferred(input);
  const inspection = await checkFile(newVersion.file);
  await db.transaction(async (trx) => {
    const { scope } = await visibleDeliverable(trx, actor, id);
    authorize(actor, given(deliverablesPolicy.author, scope.onTeam), authoring);
    const locked = (await deliverablesRepo.lock(trx, id))!;
    assertVersionable(locked.status);
    const version = locked.current_version + 1;
    const { content, name } = newVersion.file!;
    const file = await files.storeInTx(trx, ctx, { content, name, inspection });
    const at = clock.now();
    await deliverablesRepo.insertVersion(trx, {
      deliverable_id: id,
      version,
      file_id: file.id,
      note: newVersion.note?.trim() ?? '',
      created_by: actor.userId,
      created_at: at,
      issued_at: null,
    });
    await deliverablesRepo.update(trx, id, { current_version: version, updated_at: at });
    await deps.audit.record(trx, ctx, {
      action: 'deliverable.version_added',
      entityType: 'deliverable',
      entityId: id,
      organizationId: scope.engagement.organizationId,
      before: { currentVersion: locked.current_version },
      after: {
        currentVersion: version,
        file: { fileId: file.id, name: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256 },
      },
    });
  });
  return staffViewOf(db.kysely, id);
}
