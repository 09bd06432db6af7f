import { deliverableKinds, type DeliverableKind } from '../../shared/domain.ts';
import { label, orList } from '../../shared/labels.ts';
import { authorize, given } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { visibleEngagement } from '../engagements/engagements.access.ts';
import { resolveDeferred, type Deferred, type UploadedFile } from '../files/files.service.ts';
import { authoring } from './deliverables.access.ts';
import { checkFile, invalidDeliverable } from './deliverables.checks.ts';
import type { DeliverablesDeps } from './deliverables.deps.ts';
import { deliverablesPolicy } from './deliverables.policy.ts';
import { deliverablesRepo } from './deliverables.repo.ts';
import { staffViewOf, type DeliverableView } from './deliverables.views.ts';

export interface NewDeliverable {
  kind: DeliverableKind;
  title: string;
  note?: string | undefined;
  file: UploadedFile | undefined;
}

/**
 * Creates a deliverable with its first version (team members, IR managers, admins): kind, title and
 * a file of any type up to 25 MB, stored with the type detected from its content. A draft until issued.
 */
export async function createDeliverable(
  deps: DeliverablesDeps,
  ctx: Ctx,
  engagementId: string,
  input: Deferred<NewDeliverable>,
): Promise<DeliverableView> {
  const { db, clock, files } = deps;
  const actor = ctx.actor;
  const before = await visibleEngagement(db.kysely, actor, engagementId);
  authorize(actor, given(deliverablesPolicy.author, before.onTeam), authoring);
  const deliverable = await resolveDeferred(input);
  if (!(deliverableKinds as readonly string[]).includes(deliverable.kind))
    throw invalidDeliverable(
      'body.kind',
      `Choose one of ${orList(deliverableKinds.map((k) => label('deliverableKind', k)))}`,
    );
  const title = deliverable.title.trim();
  if (!title || title.length > 200) throw invalidDeliverable('body.title', 'Fill it in, with at most 200 characters');
  const inspection = await checkFile(deliverable.file);
  const id = deps.ids.next('dlv');
  await db.transaction(async (trx) => {
    const scope = await visibleEngagement(trx, actor, engagementId);
    authorize(actor, given(deliverablesPolicy.author, scope.onTeam), authoring);
    const { content, name } = deliverable.file!;
    const file = await files.storeInTx(trx, ctx, { content, name, inspection });
    const at = clock.now();
    await deliverablesRepo.insert(trx, {
      id,
      engagement_id: engagementId,
      kind: deliverable.kind,
      title,
      status: 'draft',
      current_version: 1,
      issued_version: null,
      issued_at: null,
      issued_by: null,
      accepted_version: null,
      accepted_at: null,
      accepted_by: null,
      accepted_contact_id: null,
      acceptance_note: null,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    });
    await deliverablesRepo.insertVersion(trx, {
      deliverable_id: id,
      version: 1,
      file_id: file.id,
      note: deliverable.note?.trim() ?? '',
      created_by: actor.userId,
      created_at: at,
      issued_at: null,
    });
    await deps.audit.record(trx, ctx, {
      action: 'deliverable.created',
      entityType: 'deliverable',
      entityId: id,
      organizationId: scope.engagement.organizationId,
      after: {
        engagementId,
        kind: deliverable.kind,
        title,
        status: 'draft',
        version: 1,
        file: { fileId: file.id, name: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256 },
      },
    });
  });
  return staffViewOf(db.kysely, id);
}
