import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../context.ts';
import { engagementScope, type EngagementScope } from '../engagements/engagements.access.ts';
import { deliverablesRepo, type DeliverableViewRow } from './deliverables.repo.ts';

export const deliverableNotFound = (id: string): AppError => new AppError('NOT_FOUND', `Deliverable ${id} not found.`);

export const authoring = 'Only members of the engagement team, IR managers and administrators write its deliverables.';

/** The deliverable and its engagement as the actor may see them (customers: issued ones only); else NOT_FOUND. */
export async function visibleDeliverable(
  ex: Executor,
  actor: Actor,
  id: string,
): Promise<{ row: DeliverableViewRow; scope: EngagementScope }> {
  const row = await deliverablesRepo.view(ex, id);
  const scope = row ? await engagementScope(ex, actor, row.engagement_id) : null;
  if (!row || !scope || (!scope.staff && row.issued_version === null)) throw deliverableNotFound(id);
  return { row, scope };
}
