import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { visibleEngagement } from '../engagements/engagements.access.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { visibleDeliverable } from './deliverables.access.ts';
import type { DeliverablesDeps } from './deliverables.deps.ts';
import { deliverablesRepo } from './deliverables.repo.ts';
import { customerSeesVersion } from './deliverables.rules.ts';
import { toDeliverableView, viewOf, type DeliverableView } from './deliverables.views.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

/** One deliverable: provider staff who see the engagement; customer users only issued ones, with their issued versions. */
export async function getDeliverable(
  deps: Pick<DeliverablesDeps, 'db'>,
  ctx: Ctx,
  id: string,
): Promise<DeliverableView> {
  const { row, scope } = await visibleDeliverable(deps.db.kysely, ctx.actor, id);
  return viewOf(deps.db.kysely, row, scope.staff);
}

/** An engagement's deliverables in creation order (customers: issued ones only). */
export async function listDeliverables(
  deps: Pick<DeliverablesDeps, 'db'>,
  ctx: Ctx,
  engagementId: string,
  filter: { cursor?: string; limit?: number } = {},
): Promise<Page<DeliverableView>> {
  const { db } = deps;
  const scope = await visibleEngagement(db.kysely, ctx.actor, engagementId);
  const limit = filter.limit ?? 50;
  const after = byId.decode(filter.cursor);
  const rows = await deliverablesRepo.list(db.kysely, {
    engagementId,
    issuedOnly: !scope.staff,
    limit: limit + 1,
    ...(after ? { afterId: after[0] } : {}),
  });
  const page = toPage(rows, limit, byId, (row) => [row.id]);
  const versions = await deliverablesRepo.versions(
    db.kysely,
    page.items.map((row) => row.id),
  );
  return {
    items: page.items.map((row) => toDeliverableView(row, versions, scope.staff)),
    nextCursor: page.nextCursor,
  };
}

/** The file of one version for download: provider staff any version, customers issued versions only. */
export async function downloadDeliverableVersion(
  deps: Pick<DeliverablesDeps, 'db' | 'files'>,
  ctx: Ctx,
  id: string,
  version: number,
) {
  const { db } = deps;
  const { scope } = await visibleDeliverable(db.kysely, ctx.actor, id);
  const found = (await deliverablesRepo.versions(db.kysely, [id])).find((v) => v.version === version);
  if (!found || (!scope.staff && !customerSeesVersion(found)))
    throw new AppError('NOT_FOUND', `Version ${version} of deliverable ${id} not found.`);
  const file = await deps.files.read(db.kysely, found.file_id);
  if (!file) throw new AppError('NOT_FOUND', `Version ${version} of deliverable ${id} not found.`);
  return file;
}
